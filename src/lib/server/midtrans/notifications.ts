/**
 * POST /api/midtrans/notification: store first, verify, answer fast, process after.
 * - A signed body is stored (capped at 16 KB) before anything else; a row that is stored is never
 *   lost, because rows with processed_at NULL are retried by the pending check.
 * - A bad signature answers 403 and changes nothing but its own small record (first 1 KB, size,
 *   reason, source); past REFUSAL_POLICY per source (IPv6 per /64) it is 429 and nothing is kept.
 * - A good one is acted on only after the status API confirms it (confirmOrder), and the answer
 *   waits for that at most a few seconds: Midtrans wants 200 quickly, and the row is safe.
 */
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { midtransNotifications } from '../db/schema';
import { log } from '../log';
import { verifyMidtransSignature } from './signature';
import { confirmOrder } from './apply';
import type { MidtransGateway } from './gateway';
import { sourceKey, takeAllowance, type RatePolicy } from '../rate-limit';

export interface NotificationAnswer {
	status: 200 | 400 | 403 | 429 | 500;
	body: { ok: boolean; message: string };
	notificationId: number | null;
	/** Settles when processing of this notification ends (for tests and logs). */
	processing: Promise<void>;
}

export interface NotificationOptions {
	timeZone: string;
	/** How long the answer may wait for processing before acknowledging anyway. */
	answerWithinMs?: number;
	/** The client address it came from: refusals are counted per source (IPv6 per /64). */
	source?: string;
	now?: Date;
}

/** What is kept of a verified notification's body: real ones are 1–2 KB. */
export const VERIFIED_RAW_MAX = 16 * 1024;
/** What is kept of a refused one: enough to see what was tried, never what was sent in bulk. */
export const REFUSED_RAW_MAX = 1024;
/**
 * Refused notifications (bad signature, not JSON) stored per source and window; past it they are
 * answered 429 and nothing is stored. Midtrans' own notifications are signed and never count.
 */
export const REFUSAL_POLICY: RatePolicy = { windowMinutes: 10, limit: 20 };

const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 64) : null);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

interface Inspected {
	fields: Record<string, unknown> | null;
	valid: boolean;
}

function inspect(rawText: string, serverKey: string): Inspected {
	let body: unknown;
	try {
		body = JSON.parse(rawText);
	} catch {
		return { fields: null, valid: false };
	}
	const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
	return { fields, valid: fields !== null && serverKey !== '' && verifyMidtransSignature(fields, serverKey) };
}

/** Stores a verified notification (its body capped) for processing; returns its id. */
async function storeVerified(db: Db, rawText: string, fields: Record<string, unknown>): Promise<number> {
	const raw = rawText.length <= VERIFIED_RAW_MAX ? fields : { truncated: true, size: rawText.length, head: rawText.slice(0, VERIFIED_RAW_MAX) };
	const [header] = await db.insert(midtransNotifications).values({
		orderId: str(fields.order_id),
		transactionId: str(fields.transaction_id),
		transactionStatus: str(fields.transaction_status)?.slice(0, 32) ?? null,
		raw,
		signatureValid: true,
		outcome: null,
		processedAt: null
	});
	return header.insertId;
}

/** A small record of a refused notification: its start, size, reason and source, already processed. */
async function storeRefused(db: Db, rawText: string, fields: Record<string, unknown> | null, source: string | null): Promise<number> {
	const outcome = fields === null ? 'malformed' : 'signature-mismatch';
	const head = rawText.slice(0, REFUSED_RAW_MAX);
	const [header] = await db.insert(midtransNotifications).values({
		orderId: str(fields?.order_id),
		transactionId: str(fields?.transaction_id),
		transactionStatus: str(fields?.transaction_status)?.slice(0, 32) ?? null,
		raw: fields === null ? { unparsed: head, size: rawText.length, source } : { head, size: rawText.length, source },
		signatureValid: false,
		outcome,
		processedAt: new Date()
	});
	return header.insertId;
}

/** Confirms and applies one stored notification; on failure leaves it for the retry. */
export async function processNotification(db: Db, gateway: MidtransGateway, id: number, opts: { timeZone: string; now?: Date }): Promise<void> {
	const [row] = await db.select().from(midtransNotifications).where(eq(midtransNotifications.id, id));
	if (!row || row.processedAt || !row.signatureValid || !row.orderId) return;
	try {
		const result = await confirmOrder(db, gateway, row.orderId, 'notification', opts);
		await db
			.update(midtransNotifications)
			.set({ outcome: result.outcome, detail: result.detail?.slice(0, 500) ?? null, processedAt: new Date() })
			.where(eq(midtransNotifications.id, id));
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		await db
			.update(midtransNotifications)
			.set({ processAttempts: sql`${midtransNotifications.processAttempts} + 1`, detail: `retrying: ${message}`.slice(0, 500) })
			.where(eq(midtransNotifications.id, id))
			.catch(() => undefined);
		log.warn({ err, notificationId: id }, 'midtrans notification processing failed; will retry');
	}
}

export async function handleNotification(db: Db, gateway: MidtransGateway | null, rawText: string, opts: NotificationOptions): Promise<NotificationAnswer> {
	const { fields, valid } = inspect(rawText, gateway?.serverKey ?? '');
	if (!valid || !gateway) {
		const source = opts.source ? sourceKey(opts.source) : null;
		try {
			// Counted before anything is stored: past the limit a flood costs one counter update each.
			const gate = await takeAllowance(db, `midtrans-refused:${source ?? 'unknown'}`, REFUSAL_POLICY, opts.now);
			if (!gate.allowed) return { status: 429, body: { ok: false, message: 'too many refused notifications' }, notificationId: null, processing: Promise.resolve() };
			const id = await storeRefused(db, rawText, fields, source);
			if (fields === null) return { status: 400, body: { ok: false, message: 'malformed' }, notificationId: id, processing: Promise.resolve() };
			log.warn({ notificationId: id, source }, 'midtrans notification with a bad signature refused');
			return { status: 403, body: { ok: false, message: 'invalid signature' }, notificationId: id, processing: Promise.resolve() };
		} catch (err) {
			log.error({ err }, 'refused midtrans notification could not be recorded');
			return { status: fields === null ? 400 : 403, body: { ok: false, message: fields === null ? 'malformed' : 'invalid signature' }, notificationId: null, processing: Promise.resolve() };
		}
	}
	let id: number;
	try {
		id = await storeVerified(db, rawText, fields!);
	} catch (err) {
		// Not stored: only now may we refuse, so that Midtrans sends it again.
		log.error({ err }, 'midtrans notification could not be stored');
		return { status: 500, body: { ok: false, message: 'not stored' }, notificationId: null, processing: Promise.resolve() };
	}
	const processing = processNotification(db, gateway, id, opts);
	await Promise.race([processing, sleep(opts.answerWithinMs ?? 4000)]);
	return { status: 200, body: { ok: true, message: 'received' }, notificationId: id, processing };
}

/** Stored notifications whose processing never finished (crash, timeout, MySQL hiccup). */
export async function retryUnprocessed(db: Db, gateway: MidtransGateway, opts: { timeZone: string; olderThanMs?: number; now?: Date }): Promise<number> {
	const now = opts.now ?? new Date();
	const rows = await db
		.select({ id: midtransNotifications.id })
		.from(midtransNotifications)
		.where(
			and(
				isNull(midtransNotifications.processedAt),
				eq(midtransNotifications.signatureValid, true),
				lt(midtransNotifications.receivedAt, new Date(now.getTime() - (opts.olderThanMs ?? 60_000))),
				lt(midtransNotifications.processAttempts, 20)
			)
		)
		.orderBy(asc(midtransNotifications.id))
		.limit(200);
	for (const r of rows) await processNotification(db, gateway, r.id, opts);
	return rows.length;
}
