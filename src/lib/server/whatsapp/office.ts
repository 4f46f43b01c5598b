/**
 * What the office does with the outbox: list it (with each message's attempts), send a message
 * again, cancel one, settle an `unsure` one after checking the customer's phone, and send a test
 * message through the gateway — always through the outbox, never from the request itself.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index';
import { audit } from '../audit';
import { conflict, invalidField, notFound } from '../errors';
import type { WaAttemptOutcome, WaMessageKind, WaMessageStatus } from '../../shared/whatsapp';
import { enqueueMessage, whatsAppNumber } from './enqueue';
import { nudgeWhatsApp } from './nudge';
import type { Rows } from '../db/raw-sql';


/** A DATETIME as mysql2 hands it over from a raw statement (UTC). */
const dateOf = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));

export interface OutboxRow {
	id: number;
	customerId: string | null;
	customerName: string | null;
	phone: string | null;
	kind: WaMessageKind;
	status: WaMessageStatus;
	body: string;
	attempts: number;
	gateway: string | null;
	lastError: string | null;
	createdAt: Date;
	sentAt: Date | null;
	deliveredAt: Date | null;
	readAt: Date | null;
	nextAttemptAt: Date;
}

export interface OutboxFilter {
	status?: WaMessageStatus;
	kind?: WaMessageKind;
	customerId?: string;
	before?: number;
	limit: number;
}

/** Newest first, keyset-paged on id; plus the count per status (the page's tabs). */
export async function listOutbox(db: Db, f: OutboxFilter): Promise<{ rows: OutboxRow[]; counts: Partial<Record<WaMessageStatus, number>> }> {
	const conditions: SQL[] = [];
	if (f.status) conditions.push(sql`m.status = ${f.status}`);
	if (f.kind) conditions.push(sql`m.kind = ${f.kind}`);
	if (f.customerId) conditions.push(sql`m.customer_id = ${f.customerId}`);
	if (f.before) conditions.push(sql`m.id < ${f.before}`);
	const where = conditions.length > 0 ? sql.join(conditions, sql` AND `) : sql`1 = 1`;
	const [rows] = (await db.execute(sql`
		SELECT m.id, m.customer_id, c.name AS customer_name, m.phone, m.kind, m.status, m.body, m.attempts, m.gateway, m.last_error,
			m.created_at, m.sent_at, m.delivered_at, m.read_at, m.next_attempt_at
		FROM wa_messages m LEFT JOIN customers c ON c.id = m.customer_id
		WHERE ${where}
		ORDER BY m.id DESC
		LIMIT ${f.limit}`)) as unknown as Rows<Record<string, unknown>>;
	const [counts] = (await db.execute(sql`
		SELECT status, COUNT(*) AS n FROM wa_messages m
		WHERE 1 = 1 ${f.kind ? sql`AND m.kind = ${f.kind}` : sql``} ${f.customerId ? sql`AND m.customer_id = ${f.customerId}` : sql``}
		GROUP BY status`)) as unknown as Rows<{ status: WaMessageStatus; n: number }>;
	return {
		rows: rows.map((r) => ({
			id: Number(r.id),
			customerId: (r.customer_id as string | null) ?? null,
			customerName: (r.customer_name as string | null) ?? null,
			phone: (r.phone as string | null) ?? null,
			kind: r.kind as WaMessageKind,
			status: r.status as WaMessageStatus,
			body: String(r.body),
			attempts: Number(r.attempts),
			gateway: (r.gateway as string | null) ?? null,
			lastError: (r.last_error as string | null) ?? null,
			createdAt: dateOf(r.created_at)!,
			sentAt: dateOf(r.sent_at),
			deliveredAt: dateOf(r.delivered_at),
			readAt: dateOf(r.read_at),
			nextAttemptAt: dateOf(r.next_attempt_at)!
		})),
		counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]))
	};
}

interface Actor {
	userId: string;
	ipAddress: string | null;
}

/**
 * One office action on one message: a conditional UPDATE decides whether it applies (so two
 * clicks at once change it once), and the change is audited in the same transaction.
 */
async function transition(
	db: Db,
	id: number,
	actor: Actor,
	action: 'retry' | 'cancel' | 'markSent',
	from: readonly WaMessageStatus[],
	set: ReturnType<typeof sql>,
	refusal: Parameters<typeof conflict>[0]
): Promise<void> {
	await db.transaction(async (tx) => {
		const [[row]] = (await tx.execute(sql`SELECT status, attempts, last_error, phone FROM wa_messages WHERE id = ${id} FOR UPDATE`)) as unknown as Rows<{
			phone: string | null;
			status: WaMessageStatus;
			attempts: number;
			last_error: string | null;
		}>;
		if (!row) throw notFound('whatsapp.notFound');
		if (!from.includes(row.status)) throw conflict(refusal);
		if (action === 'retry' && row.phone === null) throw conflict('whatsapp.noNumber');
		await tx.execute(sql`UPDATE wa_messages SET ${set} WHERE id = ${id}`);
		await audit(tx, {
			userId: actor.userId,
			action: `whatsapp.${action}`,
			entity: 'wa_message',
			entityId: String(id),
			before: { status: row.status, attempts: row.attempts, lastError: row.last_error },
			after: { action },
			ipAddress: actor.ipAddress
		});
	});
}

/**
 * Sends a message again from the start. For an `unsure` one the person has checked that the
 * customer did not get it — the one case where Lunas calls a gateway twice for a message.
 * A message without a number is refused: there is nothing to send to (fix the customer's number;
 * the next event writes a new message).
 */
export async function retryMessage(db: Db, id: number, actor: Actor): Promise<void> {
	await transition(
		db,
		id,
		actor,
		'retry',
		['failed', 'dead', 'cancelled', 'unsure'],
		sql`status = 'queued', attempts = 0, next_attempt_at = NOW(3), finished_at = NULL, locked_by = NULL, locked_until = NULL, provider_message_id = NULL`,
		'whatsapp.notRetriable'
	);
	nudgeWhatsApp();
}

export async function cancelMessage(db: Db, id: number, actor: Actor): Promise<void> {
	await transition(db, id, actor, 'cancel', ['queued', 'dead', 'unsure', 'failed'], sql`status = 'cancelled', finished_at = NOW(3)`, 'whatsapp.notCancellable');
}

/** The person checked: the customer did get the `unsure` message. */
export async function markSent(db: Db, id: number, actor: Actor): Promise<void> {
	await transition(db, id, actor, 'markSent', ['unsure'], sql`status = 'sent', sent_at = COALESCE(sent_at, NOW(3))`, 'whatsapp.notUnsure');
}

/** "Send a test message": queued like any other, so it tests the real path; the page follows it. */
export async function sendTestMessage(db: Db, phone: string, ispName: string, actor: Actor): Promise<number> {
	if (!whatsAppNumber(phone)) throw invalidField('phone', 'whatsapp.invalidNumber');
	const dedupeKey = `test:${randomUUID()}`;
	return db.transaction(async (tx) => {
		await enqueueMessage(tx, {
			dedupeKey,
			customerId: null,
			phone,
			kind: 'test',
			body: `Pesan uji dari ${ispName}: pengiriman WhatsApp otomatis Lunas berfungsi.`,
			// Test messages that could not go out within the hour are not worth sending later.
			expiresAt: new Date(Date.now() + 60 * 60_000)
		});
		const [[row]] = (await tx.execute(sql`SELECT id FROM wa_messages WHERE dedupe_key = ${dedupeKey}`)) as unknown as Rows<{ id: number }>;
		await audit(tx, { userId: actor.userId, action: 'whatsapp.test', entity: 'wa_message', entityId: String(row.id), after: { phone: whatsAppNumber(phone) }, ipAddress: actor.ipAddress });
		return Number(row.id);
	});
}

export interface CustomerMessage {
	id: number;
	kind: WaMessageKind;
	status: WaMessageStatus;
	body: string;
	createdAt: Date;
	sentAt: Date | null;
	deliveredAt: Date | null;
	readAt: Date | null;
	/** What the last gateway call came to (null: never called, e.g. no valid number or still waiting). */
	lastOutcome: WaAttemptOutcome | null;
	lastHttpStatus: number | null;
	lastError: string | null;
}

/** The customer page's WhatsApp section: the opt-out, and the newest messages with how the gateway answered last. */
export async function customerMessages(db: Db, customerId: string, limit = 20): Promise<{ optOut: boolean; messages: CustomerMessage[] }> {
	const [[customer]] = (await db.execute(sql`SELECT whatsapp_opt_out FROM customers WHERE id = ${customerId} AND deleted_at IS NULL`)) as unknown as Rows<{ whatsapp_opt_out: number }>;
	if (!customer) throw notFound('whatsapp.customerNotFound');
	const [rows] = (await db.execute(sql`
		SELECT m.id, m.kind, m.status, m.body, m.created_at, m.sent_at, m.delivered_at, m.read_at, m.last_error,
			a.outcome, a.http_status
		FROM wa_messages m
		LEFT JOIN wa_message_attempts a ON a.message_id = m.id AND a.attempt = (SELECT MAX(x.attempt) FROM wa_message_attempts x WHERE x.message_id = m.id)
		WHERE m.customer_id = ${customerId}
		ORDER BY m.id DESC
		LIMIT ${limit}`)) as unknown as Rows<Record<string, unknown>>;
	const messages = rows.map((r) => ({
		id: Number(r.id),
		kind: r.kind as WaMessageKind,
		status: r.status as WaMessageStatus,
		body: String(r.body),
		createdAt: dateOf(r.created_at)!,
		sentAt: dateOf(r.sent_at),
		deliveredAt: dateOf(r.delivered_at),
		readAt: dateOf(r.read_at),
		lastOutcome: (r.outcome as WaAttemptOutcome | null) ?? null,
		lastHttpStatus: r.http_status == null ? null : Number(r.http_status),
		lastError: (r.last_error as string | null) ?? null
	}));
	return { optOut: Boolean(customer.whatsapp_opt_out), messages };
}

/** The customer asked for no WhatsApp reminders (or asked again for them); receipts still go. */
export async function setWhatsAppOptOut(db: Db, customerId: string, optOut: boolean, actor: Actor): Promise<{ optOut: boolean }> {
	return db.transaction(async (tx) => {
		const [[row]] = (await tx.execute(sql`SELECT whatsapp_opt_out FROM customers WHERE id = ${customerId} AND deleted_at IS NULL FOR UPDATE`)) as unknown as Rows<{ whatsapp_opt_out: number }>;
		if (!row) throw notFound('whatsapp.customerNotFound');
		if (Boolean(row.whatsapp_opt_out) === optOut) return { optOut };
		await tx.execute(sql`UPDATE customers SET whatsapp_opt_out = ${optOut} WHERE id = ${customerId}`);
		await audit(tx, {
			userId: actor.userId,
			action: 'customer.whatsappOptOut',
			entity: 'customer',
			entityId: customerId,
			before: { whatsappOptOut: Boolean(row.whatsapp_opt_out) },
			after: { whatsappOptOut: optOut },
			ipAddress: actor.ipAddress
		});
		return { optOut };
	});
}
