/**
 * wa_messages as a durable queue. The worker claims a message (status `sending`, a lease, an
 * attempt row) and COMMITS that before it calls the gateway; every later write is guarded by
 * `locked_by = this worker`. If the worker dies during the call, nobody knows whether the gateway
 * took the message, and no gateway has an idempotency key: when the lease runs out the message
 * becomes `unsure` for a person to check — it is never resent blindly (docs/WHATSAPP.md).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import type { WaMessageKind } from '../../shared/whatsapp';
import type { SendOutcome, WaTemplate } from './types';
import type { Rows } from '../db/raw-sql';

type Header = [{ affectedRows: number }, unknown];

export interface ClaimedMessage {
	id: number;
	customerId: string | null;
	phone: string;
	kind: WaMessageKind;
	body: string;
	template: WaTemplate | null;
	attempt: number;
	maxAttempts: number;
}

interface ClaimRow {
	id: number | string;
	customer_id: string | null;
	phone: string;
	kind: WaMessageKind;
	body: string;
	template: unknown;
	attempts: number;
	max_attempts: number;
}

const afterMs = (ms: number) => sql`DATE_ADD(NOW(3), INTERVAL ${Math.max(0, Math.round(ms)) * 1000} MICROSECOND)`;

/** Keeps within VARCHAR(n), counting characters as MariaDB does. */
export function clip(text: string, max: number): string {
	const chars = Array.from(text);
	return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

function templateOf(value: unknown): WaTemplate | null {
	const v = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
	return v && typeof v === 'object' ? (v as WaTemplate) : null;
}

export interface ClaimOptions {
	workerId: string;
	gateway: string;
	limit: number;
	/** How long the message stays this worker's: longer than the gateway call's timeout. */
	leaseMs: number;
	/** Inside quiet hours: reminders stay queued, receipts and codes go. */
	quiet: boolean;
}

/**
 * Takes up to `limit` due messages. SKIP LOCKED lets several workers claim at once without
 * waiting on each other or taking the same message. The claim, the lease and the attempt row
 * commit together, before any gateway call.
 */
export async function claimMessages(db: Db, options: ClaimOptions): Promise<ClaimedMessage[]> {
	if (options.limit <= 0) return [];
	return db.transaction(async (tx) => {
		const [rows] = (await tx.execute(sql`
			SELECT id, customer_id, phone, kind, body, template, attempts, max_attempts FROM wa_messages
			WHERE status = 'queued' AND next_attempt_at <= NOW(3) ${options.quiet ? sql`AND quiet_hours = 0` : sql``}
				AND (expires_at IS NULL OR expires_at > NOW(3))
			ORDER BY next_attempt_at, id
			LIMIT ${options.limit}
			FOR UPDATE SKIP LOCKED`)) as unknown as Rows<ClaimRow>;
		if (rows.length === 0) return [];
		const ids = sql.join(rows.map((r) => sql`${Number(r.id)}`), sql`, `);
		await tx.execute(sql`
			UPDATE wa_messages
			SET status = 'sending', locked_by = ${options.workerId}, locked_until = ${afterMs(options.leaseMs)},
				attempts = attempts + 1, gateway = ${options.gateway}
			WHERE id IN (${ids})`);
		await tx.execute(sql`
			INSERT INTO wa_message_attempts (message_id, attempt, worker_id, gateway, started_at)
			VALUES ${sql.join(rows.map((r) => sql`(${Number(r.id)}, ${r.attempts + 1}, ${options.workerId}, ${options.gateway}, NOW(3))`), sql`, `)}`);
		return rows.map((r) => ({
			id: Number(r.id),
			customerId: r.customer_id,
			phone: r.phone,
			kind: r.kind,
			body: r.body,
			template: templateOf(r.template),
			attempt: r.attempts + 1,
			maxAttempts: r.max_attempts
		}));
	});
}

export interface OutcomeWrite {
	message: ClaimedMessage;
	outcome: SendOutcome;
	/** For `retry`: the wait before the next attempt (backoff, or the gateway's Retry-After). */
	retryDelayMs: number;
	/** For `misconfigured`: how long the message waits for the gateway to be fixed. */
	pauseMs: number;
}

/** Where an outcome takes the message. */
function nextState(w: OutcomeWrite): { status: string; set: ReturnType<typeof sql> } {
	const o = w.outcome;
	switch (o.kind) {
		case 'accepted':
			return { status: 'sent', set: sql`status = 'sent', provider_message_id = ${o.providerMessageId}, sent_at = NOW(3), last_error = NULL` };
		case 'rejected':
			return { status: 'failed', set: sql`status = 'failed', last_error = ${clip(`${o.reason}: ${o.detail}`, 1000)}, finished_at = NOW(3)` };
		case 'unknown':
			return { status: 'unsure', set: sql`status = 'unsure', last_error = ${clip(o.reason, 1000)}, finished_at = NOW(3)` };
		case 'misconfigured':
			// Not this message's fault: the attempt is not counted against it.
			return {
				status: 'queued',
				set: sql`status = 'queued', attempts = GREATEST(attempts - 1, 0), next_attempt_at = ${afterMs(w.pauseMs)}, last_error = ${clip(o.reason, 1000)}`
			};
		case 'retry':
			if (w.message.attempt >= w.message.maxAttempts) {
				return { status: 'dead', set: sql`status = 'dead', last_error = ${clip(o.reason, 1000)}, finished_at = NOW(3)` };
			}
			return { status: 'queued', set: sql`status = 'queued', next_attempt_at = ${afterMs(w.retryDelayMs)}, last_error = ${clip(o.reason, 1000)}` };
	}
}

/**
 * Records how a call ended: the message's new state and the attempt's answer, in one transaction.
 * False when this worker no longer holds the message (its lease ran out and it was marked
 * `unsure`): then the attempt row still gets the answer, so a person checking sees it.
 */
export async function recordOutcome(db: Db, workerId: string, w: OutcomeWrite): Promise<boolean> {
	const next = nextState(w);
	const o = w.outcome;
	const providerId = o.kind === 'accepted' ? o.providerMessageId : null;
	return db.transaction(async (tx) => {
		const [header] = (await tx.execute(sql`
			UPDATE wa_messages SET ${next.set}, locked_by = NULL, locked_until = NULL
			WHERE id = ${w.message.id} AND status = 'sending' AND locked_by = ${workerId}`)) as unknown as Header;
		await tx.execute(sql`
			UPDATE wa_message_attempts
			SET outcome = ${o.kind}, finished_at = NOW(3), http_status = ${o.httpStatus}, provider_message_id = ${providerId},
				answer = ${clip(o.answer, 2000)}
			WHERE message_id = ${w.message.id} AND attempt = ${w.message.attempt}`);
		return header.affectedRows === 1;
	});
}

/**
 * Messages whose worker vanished during the call (lease expired while `sending`) become `unsure`:
 * the gateway may have accepted them. Their open attempt is closed as `unknown`. Also cancels
 * queued messages that expired unsent. Safe to run from any number of workers at once.
 */
export async function sweepOutbox(db: Db): Promise<{ unsure: number; expired: number }> {
	return db.transaction(async (tx) => {
		const [stale] = (await tx.execute(sql`
			SELECT id, attempts FROM wa_messages WHERE status = 'sending' AND locked_until < NOW(3)
			LIMIT 500 FOR UPDATE SKIP LOCKED`)) as unknown as Rows<{ id: number | string; attempts: number }>;
		if (stale.length > 0) {
			const ids = sql.join(stale.map((r) => sql`${Number(r.id)}`), sql`, `);
			await tx.execute(sql`
				UPDATE wa_messages
				SET status = 'unsure', locked_by = NULL, locked_until = NULL, finished_at = NOW(3),
					last_error = 'the worker stopped during the gateway call; the gateway may have accepted it'
				WHERE id IN (${ids})`);
			await tx.execute(sql`
				UPDATE wa_message_attempts a JOIN wa_messages m ON m.id = a.message_id AND a.attempt = m.attempts
				SET a.outcome = 'unknown', a.finished_at = NOW(3), a.answer = 'no answer recorded: the worker stopped during the call'
				WHERE a.message_id IN (${ids}) AND a.outcome IS NULL`);
		}
		// Row by row through the (status, expires_at) index with SKIP LOCKED: an UPDATE … WHERE over
		// the queued rows would lock every one it scanned and stall the workers' claims.
		const [expired] = (await tx.execute(sql`
			SELECT id FROM wa_messages WHERE status = 'queued' AND expires_at <= NOW(3)
			LIMIT 500 FOR UPDATE SKIP LOCKED`)) as unknown as Rows<{ id: number | string }>;
		if (expired.length > 0) {
			await tx.execute(sql`
				UPDATE wa_messages SET status = 'cancelled', last_error = 'expired before it could be sent', finished_at = NOW(3)
				WHERE id IN (${sql.join(expired.map((r) => sql`${Number(r.id)}`), sql`, `)})`);
		}
		return { unsure: stale.length, expired: expired.length };
	});
}
