/**
 * The router_jobs table as a durable queue: claiming due jobs under a lease, and recording how
 * each attempt ended. Every write after the claim is guarded by `locked_by = this worker`, so a
 * worker whose lease ran out (it stalled, or its process died) can never overwrite the outcome
 * recorded by the worker that took the job over.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index';
import type { RouterState } from '../../shared/domain';
import type { RouterJobRow } from './job-context';
import { sqlList, type Rows } from '../db/raw-sql';

export interface ClaimedJob extends RouterJobRow {
	maxAttempts: number;
}

type Header = [{ affectedRows: number }, unknown];

interface ClaimRow {
	id: number | string;
	router_id: string;
	subscription_id: string | null;
	action: string;
	desired_state: RouterState | null;
	payload: unknown;
	attempts: number;
	max_attempts: number;
	requested_by: string | null;
	status: string;
}

/** MariaDB stores JSON as LONGTEXT, so the driver hands it back as a string. */
export function parseJsonColumn(value: unknown): Record<string, unknown> | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') {
		try {
			const parsed = JSON.parse(value) as unknown;
			return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
		} catch {
			return null;
		}
	}
	return typeof value === 'object' ? (value as Record<string, unknown>) : null;
}

const afterMs = (ms: number) => sql`DATE_ADD(NOW(3), INTERVAL ${Math.max(0, Math.round(ms)) * 1000} MICROSECOND)`;

/** Leaves room for "…" in the VARCHAR(1000) column, counting characters as MariaDB does. */
export function clipError(message: string): string {
	const chars = Array.from(message);
	return chars.length <= 1000 ? message : chars.slice(0, 999).join('') + '…';
}

/**
 * A job of a subscription waits while an older job of the same subscription is unfinished, so
 * "isolate then restore" can never run as "restore then isolate". The subquery is a plain
 * (non-locking) read, so it sees jobs other workers are claiming right now as still queued.
 */
const inOrder = sql`(j.subscription_id IS NULL OR NOT EXISTS (
	SELECT 1 FROM router_jobs o
	WHERE o.subscription_id = j.subscription_id AND o.id < j.id AND o.status IN ('queued', 'running')))`;

const CLAIM_COLUMNS = sql`j.id, j.router_id, j.subscription_id, j.action, j.desired_state, j.payload, j.attempts,
	j.max_attempts, j.requested_by, j.status`;

export interface ClaimOptions {
	workerId: string;
	limit: number;
	leaseMs: number;
	/** Routers this worker is backing off from; their jobs stay queued. */
	excludeRouterIds?: string[];
}

/**
 * Takes up to `limit` due jobs: queued ones whose time has come and running ones whose lease has
 * expired (their worker is gone). `SKIP LOCKED` lets several workers claim at once without
 * waiting on each other or taking the same job. A job whose worker died on it max_attempts times
 * is dead-lettered rather than handed to yet another worker.
 */
export async function claimJobs(db: Db, options: ClaimOptions): Promise<ClaimedJob[]> {
	if (options.limit <= 0) return [];
	const excluded: SQL =
		options.excludeRouterIds && options.excludeRouterIds.length > 0
			? sql`AND j.router_id NOT IN (${sqlList(options.excludeRouterIds)})`
			: sql``;
	// A deadlock against a lease renewal runs the whole claim again (db/lock-retry.ts).
	return db.transaction(async (tx) => {
		const [queued] = (await tx.execute(sql`
			SELECT ${CLAIM_COLUMNS} FROM router_jobs j
			WHERE j.status = 'queued' AND j.next_attempt_at <= NOW(3) ${excluded} AND ${inOrder}
			ORDER BY j.next_attempt_at, j.id
			LIMIT ${options.limit}
			FOR UPDATE SKIP LOCKED`)) as unknown as Rows<ClaimRow>;
		const room = options.limit - queued.length;
		const [expired] =
			room > 0
				? ((await tx.execute(sql`
					SELECT ${CLAIM_COLUMNS} FROM router_jobs j
					WHERE j.status = 'running' AND j.locked_until < NOW(3) ${excluded} AND ${inOrder}
					ORDER BY j.locked_until, j.id
					LIMIT ${room}
					FOR UPDATE SKIP LOCKED`)) as unknown as Rows<ClaimRow>)
				: [[] as ClaimRow[]];

		const poisoned = expired.filter((r) => r.attempts >= r.max_attempts);
		if (poisoned.length > 0) {
			await tx.execute(sql`
				UPDATE router_jobs SET status = 'dead', locked_by = NULL, locked_until = NULL, finished_at = NOW(3),
					last_error = 'worker stopped during the job on every attempt'
				WHERE id IN (${sql.join(poisoned.map((r) => sql`${Number(r.id)}`), sql`, `)})`);
		}
		const taken = [...queued, ...expired.filter((r) => r.attempts < r.max_attempts)];
		if (taken.length === 0) return [];
		await tx.execute(sql`
			UPDATE router_jobs
			SET status = 'running', locked_by = ${options.workerId}, locked_until = ${afterMs(options.leaseMs)},
				attempts = attempts + 1, started_at = COALESCE(started_at, NOW(3)), finished_at = NULL
			WHERE id IN (${sql.join(taken.map((r) => sql`${Number(r.id)}`), sql`, `)})`);
		return taken.map((r) => ({
			id: Number(r.id),
			routerId: r.router_id,
			subscriptionId: r.subscription_id,
			action: r.action,
			desiredState: r.desired_state,
			payload: parseJsonColumn(r.payload),
			attempts: r.attempts + 1,
			maxAttempts: r.max_attempts,
			requestedBy: r.requested_by
		}));
	});
}

/**
 * Marks jobs done with what they read back, in one transaction. Per job: false when this worker
 * no longer holds it (its lease was taken over), in which case nothing is written for it.
 */
export async function completeJobs(
	db: Db,
	workerId: string,
	done: Array<{ jobId: number; result: Record<string, unknown> }>
): Promise<boolean[]> {
	if (done.length === 0) return [];
	const ids = done.map((d) => d.jobId);
	const held = await db.transaction(async (tx) => {
		const [rows] = (await tx.execute(sql`
			SELECT id FROM router_jobs
			WHERE id IN (${sqlList(ids)}) AND status = 'running' AND locked_by = ${workerId}
			FOR UPDATE`)) as unknown as Rows<{ id: number | string }>;
		const mine = new Set(rows.map((r) => Number(r.id)));
		const writes = done.filter((d) => mine.has(d.jobId));
		if (writes.length > 0) {
			const results = sql.join(
				writes.map((d) => sql`WHEN ${d.jobId} THEN ${JSON.stringify(d.result)}`),
				sql` `
			);
			await tx.execute(sql`
				UPDATE router_jobs
				SET status = 'done', result = CASE id ${results} END, last_error = NULL, finished_at = NOW(3),
					locked_by = NULL, locked_until = NULL
				WHERE id IN (${sql.join(writes.map((d) => sql`${d.jobId}`), sql`, `)})`);
		}
		return mine;
	});
	return done.map((d) => held.has(d.jobId));
}

/** Puts the job back in the queue to run again after `delayMs`. */
export async function rescheduleJob(db: Db, jobId: number, workerId: string, error: string, delayMs: number): Promise<boolean> {
	const [header] = (await db.execute(sql`
		UPDATE router_jobs
		SET status = 'queued', last_error = ${clipError(error)}, next_attempt_at = ${afterMs(delayMs)},
			locked_by = NULL, locked_until = NULL
		WHERE id = ${jobId} AND status = 'running' AND locked_by = ${workerId}`)) as unknown as Header;
	return header.affectedRows === 1;
}

/** Dead-letters the job: it waits for a person (the office "retry" button). */
export async function buryJob(db: Db, jobId: number, workerId: string, error: string): Promise<boolean> {
	const [header] = (await db.execute(sql`
		UPDATE router_jobs
		SET status = 'dead', last_error = ${clipError(error)}, finished_at = NOW(3), locked_by = NULL, locked_until = NULL
		WHERE id = ${jobId} AND status = 'running' AND locked_by = ${workerId}`)) as unknown as Header;
	return header.affectedRows === 1;
}

/**
 * Gives back a claimed job this worker never started (it is shutting down): queued again at once,
 * and the attempt it did not make is not counted.
 */
export async function releaseJob(db: Db, jobId: number, workerId: string): Promise<void> {
	await db.execute(sql`
		UPDATE router_jobs
		SET status = 'queued', attempts = GREATEST(attempts - 1, 0), next_attempt_at = NOW(3), locked_by = NULL, locked_until = NULL
		WHERE id = ${jobId} AND status = 'running' AND locked_by = ${workerId}`);
}

/** Extends the lease of every job this worker holds: it is alive and still working on them. */
export async function renewLeases(db: Db, workerId: string, leaseMs: number): Promise<number> {
	const [header] = (await db.execute(sql`
		UPDATE router_jobs SET locked_until = ${afterMs(leaseMs)}
		WHERE locked_by = ${workerId} AND status = 'running'`)) as unknown as Header;
	return header.affectedRows;
}

/** Records progress of a long job in `result.progress`, keeping whatever else is there. */
export async function recordProgress(db: Db, jobId: number, done: number, total: number): Promise<void> {
	await db.execute(sql`
		UPDATE router_jobs
		SET result = JSON_SET(COALESCE(result, '{}'), '$.progress', JSON_OBJECT('done', ${done}, 'total', ${total}))
		WHERE id = ${jobId}`);
}
