/**
 * POST /api/midtrans/notification: store first, verify, answer fast, process after.
 * - Every body is stored raw before anything else; a row that is stored is never lost, because
 *   rows with processed_at NULL are retried by the pending check.
 * - A bad signature answers 403 and changes nothing but its own row.
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

export interface NotificationAnswer {
	status: 200 | 400 | 403 | 500;
	body: { ok: boolean; message: string };
	notificationId: number | null;
	/** Settles when processing of this notification ends (for tests and logs). */
	processing: Promise<void>;
}

export interface NotificationOptions {
	timeZone: string;
	/** How long the answer may wait for processing before acknowledging anyway. */
	answerWithinMs?: number;
}

const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 64) : null);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

/** Stores one raw notification; returns its id and whether its signature holds. */
async function store(db: Db, rawText: string, serverKey: string): Promise<{ id: number; valid: boolean; parsed: boolean }> {
	let body: unknown;
	let parsed = true;
	try {
		body = JSON.parse(rawText);
	} catch {
		parsed = false;
	}
	const fields = parsed && body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
	const valid = fields !== null && verifyMidtransSignature(fields, serverKey);
	const [header] = await db.insert(midtransNotifications).values({
		orderId: str(fields?.order_id),
		transactionId: str(fields?.transaction_id),
		transactionStatus: str(fields?.transaction_status)?.slice(0, 32) ?? null,
		raw: fields ?? { unparsed: rawText.slice(0, 10_000) },
		signatureValid: valid,
		outcome: fields === null ? 'malformed' : valid ? null : 'signature-mismatch',
		processedAt: valid ? null : new Date()
	});
	return { id: header.insertId, valid, parsed: fields !== null };
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
	let stored: { id: number; valid: boolean; parsed: boolean };
	try {
		stored = await store(db, rawText, gateway?.serverKey ?? '');
	} catch (err) {
		// Not stored: only now may we refuse, so that Midtrans sends it again.
		log.error({ err }, 'midtrans notification could not be stored');
		return { status: 500, body: { ok: false, message: 'not stored' }, notificationId: null, processing: Promise.resolve() };
	}
	if (!stored.parsed) return { status: 400, body: { ok: false, message: 'malformed' }, notificationId: stored.id, processing: Promise.resolve() };
	if (!stored.valid || !gateway) {
		log.warn({ notificationId: stored.id }, 'midtrans notification with a bad signature refused');
		return { status: 403, body: { ok: false, message: 'invalid signature' }, notificationId: stored.id, processing: Promise.resolve() };
	}
	const processing = processNotification(db, gateway, stored.id, opts);
	await Promise.race([processing, sleep(opts.answerWithinMs ?? 4000)]);
	return { status: 200, body: { ok: true, message: 'received' }, notificationId: stored.id, processing };
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
