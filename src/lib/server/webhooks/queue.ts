/**
 * webhook_deliveries as a durable queue, on the WhatsApp outbox's pattern: a claim (status
 * `sending`, a lease, an attempt row) commits before the POST; every later write is guarded by
 * `locked_by`. Unlike a WhatsApp message, a webhook may be sent twice: the receiver deduplicates
 * by event id (documented), so a delivery whose worker died mid-POST is simply queued again when
 * its lease runs out — at least once, never lost.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { clip } from '../whatsapp/queue';
import type { PostResult } from './post';

type Rows<T> = [T[], unknown];
type Header = [{ affectedRows: number }, unknown];

export interface ClaimedDelivery {
	id: number;
	endpointId: string;
	eventId: string;
	eventType: string;
	body: string;
	attempt: number;
	maxAttempts: number;
}

const afterMs = (ms: number) => sql`DATE_ADD(NOW(3), INTERVAL ${Math.max(0, Math.round(ms)) * 1000} MICROSECOND)`;

/** Up to `limit` due deliveries, SKIP LOCKED so several workers never wait on or share one. */
export async function claimDeliveries(db: Db, options: { workerId: string; limit: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
	if (options.limit <= 0) return [];
	return db.transaction(async (tx) => {
		const [rows] = (await tx.execute(sql`
			SELECT id, endpoint_id, event_id, event_type, body, attempts, max_attempts FROM webhook_deliveries
			WHERE status = 'queued' AND next_attempt_at <= NOW(3)
			ORDER BY next_attempt_at, id
			LIMIT ${options.limit}
			FOR UPDATE SKIP LOCKED`)) as unknown as Rows<{
			id: number | string;
			endpoint_id: string;
			event_id: string;
			event_type: string;
			body: string;
			attempts: number;
			max_attempts: number;
		}>;
		if (rows.length === 0) return [];
		const ids = sql.join(rows.map((r) => sql`${Number(r.id)}`), sql`, `);
		await tx.execute(sql`
			UPDATE webhook_deliveries SET status = 'sending', locked_by = ${options.workerId}, locked_until = ${afterMs(options.leaseMs)}, attempts = attempts + 1, updated_at = NOW(3)
			WHERE id IN (${ids})`);
		await tx.execute(sql`
			INSERT INTO webhook_delivery_attempts (delivery_id, attempt, started_at)
			VALUES ${sql.join(rows.map((r) => sql`(${Number(r.id)}, ${r.attempts + 1}, NOW(3))`), sql`, `)}`);
		return rows.map((r) => ({
			id: Number(r.id),
			endpointId: r.endpoint_id,
			eventId: r.event_id,
			eventType: r.event_type,
			body: r.body,
			attempt: r.attempts + 1,
			maxAttempts: r.max_attempts
		}));
	});
}

/** Where a POST's result takes the delivery: delivered, queued again after `retryDelayMs`, or dead. */
function nextState(d: ClaimedDelivery, r: PostResult, retryDelayMs: number) {
	const error = r.error === null ? null : clip(r.error, 500);
	if (r.error === null) return sql`status = 'delivered', delivered_at = NOW(3), last_error = NULL`;
	if (r.refused || d.attempt >= d.maxAttempts) return sql`status = 'dead', last_error = ${error}`;
	return sql`status = 'queued', next_attempt_at = ${afterMs(retryDelayMs)}, last_error = ${error}`;
}

/** Records one POST: the delivery's state and the log row, together. False when the lease was lost. */
export async function recordDelivery(db: Db, workerId: string, d: ClaimedDelivery, r: PostResult, retryDelayMs: number): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [header] = (await tx.execute(sql`
			UPDATE webhook_deliveries SET ${nextState(d, r, retryDelayMs)}, last_status_code = ${r.statusCode}, locked_by = NULL, locked_until = NULL, updated_at = NOW(3)
			WHERE id = ${d.id} AND status = 'sending' AND locked_by = ${workerId}`)) as unknown as Header;
		await tx.execute(sql`
			UPDATE webhook_delivery_attempts
			SET finished_at = NOW(3), status_code = ${r.statusCode}, duration_ms = ${r.durationMs}, error = ${r.error === null ? null : clip(r.error, 500)}
			WHERE delivery_id = ${d.id} AND attempt = ${d.attempt}`);
		return header.affectedRows === 1;
	});
}

/** Deliveries whose worker vanished mid-POST go back to the queue (the receiver deduplicates by event id). */
export async function sweepDeliveries(db: Db): Promise<number> {
	return db.transaction(async (tx) => {
		const [stale] = (await tx.execute(sql`
			SELECT id FROM webhook_deliveries WHERE status = 'sending' AND locked_until < NOW(3)
			LIMIT 500 FOR UPDATE SKIP LOCKED`)) as unknown as Rows<{ id: number | string }>;
		if (stale.length === 0) return 0;
		const ids = sql.join(stale.map((r) => sql`${Number(r.id)}`), sql`, `);
		await tx.execute(sql`
			UPDATE webhook_deliveries SET status = 'queued', locked_by = NULL, locked_until = NULL, next_attempt_at = NOW(3), updated_at = NOW(3),
				last_error = 'the worker stopped during the POST'
			WHERE id IN (${ids})`);
		await tx.execute(sql`
			UPDATE webhook_delivery_attempts SET finished_at = NOW(3), error = 'no answer recorded: the worker stopped during the POST'
			WHERE delivery_id IN (${ids}) AND finished_at IS NULL`);
		return stale.length;
	});
}
