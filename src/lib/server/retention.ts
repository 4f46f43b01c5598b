/**
 * How long Lunas keeps rows that only grow, in one place, and the pruning that enforces it.
 *
 * | rows                                   | kept for                                      |
 * |----------------------------------------|-----------------------------------------------|
 * | refused Midtrans notifications         | 7 days (enough to look into an attack)        |
 * | verified, processed Midtrans notifications | 400 days (the invoice page's Midtrans trail over a year) |
 * | sessions (staff and customer portal)   | 1 day after they expired or were revoked      |
 * | portal one-time codes                  | 1 day after they expired                      |
 * | login_throttle counters (sign-in, isolir, refusals) | 1 day after their window started, unless locked |
 * | finished webhook deliveries and their attempts | 30 days after their last attempt (the log on the settings page) |
 *
 * Unprocessed verified notifications are never pruned: the retry still owes them an answer.
 * Every scheduler tick (each minute, on each instance) deletes in batches of PRUNE_BATCH rows by
 * an indexed column, at most PRUNE_MAX_BATCHES per table, each its own short statement, so a
 * backlog is worked off over a few minutes without locking a table for long. Two instances
 * pruning at once only share the work.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './db/index';
import { pruneFinishedDeliveries } from './webhooks/prune';

const DAY_MS = 86_400_000;

export const RETENTION = {
	refusedNotificationDays: 7,
	notificationDays: 400,
	endedSessionDays: 1,
	throttleWindowDays: 1,
	/** Stored REST answers for Idempotency-Key: a client retries within minutes, not months. */
	idempotencyDays: 30,
	/** Delivered or dead webhook deliveries: the log an admin reads to re-send one. */
	webhookDeliveryDays: 30
} as const;

export const PRUNE_BATCH = 1000;
export const PRUNE_MAX_BATCHES = 20;

export interface PruneResult {
	refusedNotifications: number;
	notifications: number;
	sessions: number;
	throttle: number;
	idempotency: number;
	portalSessions: number;
	portalCodes: number;
	webhookDeliveries: number;
}

async function deleteInBatches(db: Db, statement: SQL, batch: number, maxBatches: number): Promise<number> {
	let total = 0;
	for (let i = 0; i < maxBatches; i++) {
		const [result] = (await db.execute(sql`${statement} LIMIT ${batch}`)) as unknown as [{ affectedRows: number }];
		total += result.affectedRows;
		if (result.affectedRows < batch) break;
	}
	return total;
}

export async function pruneOldRows(db: Db, now = new Date(), opts: { batch?: number; maxBatches?: number } = {}): Promise<PruneResult> {
	const batch = opts.batch ?? PRUNE_BATCH;
	const maxBatches = opts.maxBatches ?? PRUNE_MAX_BATCHES;
	const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
	const run = (statement: SQL) => deleteInBatches(db, statement, batch, maxBatches);
	return {
		refusedNotifications: await run(
			sql`DELETE FROM midtrans_notifications WHERE received_at < ${before(RETENTION.refusedNotificationDays)} AND signature_valid = FALSE ORDER BY received_at`
		),
		notifications: await run(
			sql`DELETE FROM midtrans_notifications WHERE received_at < ${before(RETENTION.notificationDays)} AND processed_at IS NOT NULL ORDER BY received_at`
		),
		sessions: await run(
			sql`DELETE FROM sessions WHERE expires_at < ${before(RETENTION.endedSessionDays)} OR revoked_at < ${before(RETENTION.endedSessionDays)}`
		),
		throttle: await run(
			sql`DELETE FROM login_throttle WHERE window_started_at < ${before(RETENTION.throttleWindowDays)} AND (locked_until IS NULL OR locked_until < ${now}) ORDER BY window_started_at`
		),
		idempotency: await run(sql`DELETE FROM api_idempotency WHERE created_at < ${before(RETENTION.idempotencyDays)} ORDER BY created_at`),
		portalSessions: await run(
			sql`DELETE FROM portal_sessions WHERE expires_at < ${before(RETENTION.endedSessionDays)} OR revoked_at < ${before(RETENTION.endedSessionDays)}`
		),
		portalCodes: await run(sql`DELETE FROM portal_codes WHERE expires_at < ${before(RETENTION.endedSessionDays)} ORDER BY expires_at`),
		webhookDeliveries: await pruneFinishedDeliveries(db, before(RETENTION.webhookDeliveryDays), batch, maxBatches)
	};
}
