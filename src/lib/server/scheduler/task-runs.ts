/**
 * Running a named task (billing, overdue, …) so that only one instance runs it at a time and
 * the office can watch it. Two guards:
 * - a MySQL named lock (GET_LOCK) held on a dedicated connection for the whole run: any second
 *   run of the same task, scheduled or by hand, on any instance, is refused while it is held,
 *   and the lock dies with the connection if the process does;
 * - for scheduled runs, a UNIQUE run key per local day in task_runs, so a day's run starts once
 *   even when several instances wake at the same minute. A run whose heartbeat stopped (its
 *   process died) can be taken over; the tasks are idempotent, so re-running finishes the job.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { taskRuns } from '../db/schema';
import { log } from '../log';
import { isDuplicateKey } from '../db/errors';
import { acquireNamedLock } from '../db/named-lock';

export type TaskProgress = Record<string, number | string>;
export type TaskBody = (report: (progress: TaskProgress) => Promise<void>) => Promise<TaskProgress>;

export class TaskBusyError extends Error {
	constructor(public readonly task: string) {
		super(`task ${task} is already running`);
		this.name = 'TaskBusyError';
	}
}

const HEARTBEAT_STALE_MS = 2 * 60_000;

/**
 * Claims the scheduled run `runKey`: inserts it, or takes over one whose heartbeat went stale.
 * Returns the run id, or null when another instance has it (or it already finished).
 */
async function claimScheduledRun(db: Db, task: string, runKey: string, now: Date): Promise<number | null> {
	try {
		const [header] = await db.insert(taskRuns).values({ task, runKey, status: 'running', startedAt: now, heartbeatAt: now });
		return header.insertId;
	} catch (err) {
		if (!isDuplicateKey(err)) throw err;
	}
	const stale = new Date(now.getTime() - HEARTBEAT_STALE_MS);
	const [header] = await db
		.update(taskRuns)
		.set({ status: 'running', heartbeatAt: now, error: null })
		.where(
			and(
				eq(taskRuns.runKey, runKey),
				sql`(${taskRuns.status} = 'failed' OR (${taskRuns.status} = 'running' AND ${lt(taskRuns.heartbeatAt, stale)}))`
			)
		);
	if (header.affectedRows === 0) return null;
	const [row] = await db.select({ id: taskRuns.id }).from(taskRuns).where(eq(taskRuns.runKey, runKey));
	return row?.id ?? null;
}

export interface RunTaskOptions {
	task: string;
	/** Scheduled runs: the day's key (e.g. `billing:2026-11-24`). Manual runs: none. */
	runKey?: string;
	triggeredBy?: string | null;
	now?: Date;
}

/**
 * Runs `body` under the task's lock and records it in task_runs. Resolves with the run id when
 * the run has been started; `finished` settles when it ends. Throws TaskBusyError when the task
 * is running elsewhere; returns null for a scheduled run another instance already claimed.
 */
export async function startTask(db: Db, opts: RunTaskOptions, body: TaskBody): Promise<{ runId: number; finished: Promise<void> } | null> {
	const lock = await acquireNamedLock(db, `lunas:task:${opts.task}:`, 0);
	if (!lock) throw new TaskBusyError(opts.task);
	const release = () => lock.release();
	try {
		const now = opts.now ?? new Date();
		let runId: number | null;
		if (opts.runKey) {
			runId = await claimScheduledRun(db, opts.task, opts.runKey, now);
		} else {
			const [header] = await db.insert(taskRuns).values({ task: opts.task, status: 'running', triggeredBy: opts.triggeredBy ?? null, startedAt: now, heartbeatAt: now });
			runId = header.insertId;
		}
		if (runId === null) {
			await release();
			return null;
		}
		const id = runId;
		const report = async (progress: TaskProgress) => {
			await db.update(taskRuns).set({ progress, heartbeatAt: new Date() }).where(eq(taskRuns.id, id));
		};
		const finished = (async () => {
			try {
				const result = await body(report);
				await db.update(taskRuns).set({ status: 'done', progress: result, finishedAt: new Date(), heartbeatAt: new Date() }).where(eq(taskRuns.id, id));
				log.info({ task: opts.task, runId: id, result }, 'task done');
			} catch (err) {
				const message = err instanceof Error ? err.message : String(err);
				await db.update(taskRuns).set({ status: 'failed', error: message.slice(0, 1000), finishedAt: new Date() }).where(eq(taskRuns.id, id));
				log.error({ task: opts.task, runId: id, err }, 'task failed');
			} finally {
				await release();
			}
		})();
		return { runId: id, finished };
	} catch (err) {
		await release();
		throw err;
	}
}

export async function recentRuns(db: Db, limit = 20) {
	return db.select().from(taskRuns).orderBy(desc(taskRuns.startedAt), desc(taskRuns.id)).limit(limit);
}
