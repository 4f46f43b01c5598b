/**
 * The gauges Prometheus reads from the database at scrape time: the router job queue, each
 * router's status (as the monitor last wrote it), the daily runs and the last backup. Every query
 * walks an index (router_jobs_claim_idx, task_runs_task_idx) or a table as small as the router
 * list, and one reading is shared by all gauges and reused for a few seconds, so a scrape every
 * 15 s from two Prometheus servers costs the database next to nothing.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import type { Rows } from '../db/raw-sql';

/** The tasks whose last run is reported (task_runs.task). */
export const REPORTED_TASKS = ['billing', 'overdue', 'backup'] as const;

export interface QueueReading {
	status: 'queued' | 'running' | 'dead';
	count: number;
	/** Seconds since the oldest job of this status was created; 0 when there is none. */
	oldestAgeSeconds: number;
}

export interface RouterReading {
	id: string;
	name: string;
	status: 'unknown' | 'up' | 'down';
	lastSeenAt: Date | null;
}

export interface TaskReading {
	task: string;
	/** The last run that finished well, if any. */
	lastSuccessAt: Date | null;
	lastDurationSeconds: number | null;
	/** The last run's outcome, whatever it was: a failed backup after a good one must show. */
	lastStatus: 'running' | 'done' | 'failed' | null;
	/** What the last good run reported (the backup's size in bytes, …). */
	lastProgress: Record<string, unknown> | null;
}

/** The WhatsApp outbox: messages waiting, given up on, or held for a person. */
export interface WaOutboxReading {
	status: 'queued' | 'dead' | 'unsure';
	count: number;
	/** Queued: seconds the most overdue message has been due (quiet hours and backoff count); else 0. */
	overdueSeconds: number;
}

export interface DbReading {
	at: Date;
	queue: QueueReading[];
	whatsapp: WaOutboxReading[];
	routers: RouterReading[];
	tasks: TaskReading[];
	/** Operations phones pushed that were refused and no one has reviewed yet. */
	syncRejectedUnreviewed: number;
}


/**
 * The scrape's queries, each on an index (checked by metrics.spec.ts with EXPLAIN): one range of
 * router_jobs_claim_idx per status, created_at read only for the (few) waiting or dead jobs; the
 * router list; sync_ops_review_idx; task_runs_task_idx from its newest end.
 */
export const GAUGE_QUERIES = {
	queue: sql`SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM router_jobs WHERE status IN ('queued', 'running', 'dead') GROUP BY status`,
	routers: sql`SELECT id, name, status, last_seen_at AS lastSeenAt FROM routers WHERE deleted_at IS NULL ORDER BY name`,
	rejected: sql`SELECT COUNT(*) AS n FROM sync_ops WHERE status = 'rejected' AND reviewed_at IS NULL`,
	// Read from wa_messages_claim_idx (status, next_attempt_at) alone: no row is visited.
	whatsapp: sql`SELECT status, COUNT(*) AS n, MIN(next_attempt_at) AS due FROM wa_messages WHERE status IN ('queued', 'dead', 'unsure') GROUP BY status`,
	lastRun: (task: string) => sql`SELECT status, started_at AS startedAt, finished_at AS finishedAt, progress FROM task_runs WHERE task = ${task} ORDER BY started_at DESC, id DESC LIMIT 1`,
	lastGoodRun: (task: string) =>
		sql`SELECT status, started_at AS startedAt, finished_at AS finishedAt, progress FROM task_runs WHERE task = ${task} AND status = 'done' ORDER BY started_at DESC, id DESC LIMIT 1`
};

const toDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`));

export async function readDbGauges(db: Db, now: Date = new Date()): Promise<DbReading> {
	const [[queueRows], [routerRows], [rejectedRows], [waRows], tasks] = await Promise.all([
		db.execute(GAUGE_QUERIES.queue) as unknown as Promise<Rows<{ status: QueueReading['status']; n: number; oldest: Date | string | null }>>,
		db.execute(GAUGE_QUERIES.routers) as unknown as Promise<
			Rows<{ id: string; name: string; status: RouterReading['status']; lastSeenAt: Date | string | null }>
		>,
		db.execute(GAUGE_QUERIES.rejected) as unknown as Promise<Rows<{ n: number }>>,
		db.execute(GAUGE_QUERIES.whatsapp) as unknown as Promise<Rows<{ status: WaOutboxReading['status']; n: number; due: Date | string | null }>>,
		Promise.all(REPORTED_TASKS.map((task) => readTask(db, task)))
	]);
	const byStatus = new Map(queueRows.map((r) => [r.status, r]));
	const queue = (['queued', 'running', 'dead'] as const).map((status) => {
		const row = byStatus.get(status);
		const oldest = toDate(row?.oldest ?? null);
		return { status, count: Number(row?.n ?? 0), oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
	});
	const waByStatus = new Map(waRows.map((r) => [r.status, r]));
	const whatsapp = (['queued', 'dead', 'unsure'] as const).map((status) => {
		const row = waByStatus.get(status);
		const due = status === 'queued' ? toDate(row?.due ?? null) : null;
		return { status, count: Number(row?.n ?? 0), overdueSeconds: due ? Math.max(0, (now.getTime() - due.getTime()) / 1000) : 0 };
	});
	return {
		at: now,
		queue,
		whatsapp,
		routers: routerRows.map((r) => ({ id: r.id, name: r.name, status: r.status, lastSeenAt: toDate(r.lastSeenAt) })),
		tasks,
		syncRejectedUnreviewed: Number(rejectedRows[0]?.n ?? 0)
	};
}

async function readTask(db: Db, task: string): Promise<TaskReading> {
	type Run = { status: TaskReading['lastStatus']; startedAt: Date | string; finishedAt: Date | string | null; progress: unknown };
	const [[[last]], [[done]]] = (await Promise.all([db.execute(GAUGE_QUERIES.lastRun(task)), db.execute(GAUGE_QUERIES.lastGoodRun(task))])) as unknown as [Rows<Run>, Rows<Run>];
	const started = toDate(done?.startedAt ?? null);
	const finished = toDate(done?.finishedAt ?? null);
	const progress = done?.progress;
	return {
		task,
		lastSuccessAt: finished,
		lastDurationSeconds: started && finished ? (finished.getTime() - started.getTime()) / 1000 : null,
		lastStatus: last?.status ?? null,
		lastProgress: typeof progress === 'string' ? safeJson(progress) : ((progress as Record<string, unknown> | null) ?? null)
	};
}

function safeJson(text: string): Record<string, unknown> | null {
	try {
		const v = JSON.parse(text);
		return v && typeof v === 'object' ? v : null;
	} catch {
		return null;
	}
}

/**
 * One reading shared by every gauge of a scrape and by scrapes close together: concurrent callers
 * get the same promise, and a reading is reused for `ttlMs`.
 */
export function cachedReader(read: () => Promise<DbReading>, ttlMs = 5000, clock: () => number = Date.now): () => Promise<DbReading> {
	let cached: { at: number; value: Promise<DbReading> } | undefined;
	return () => {
		const now = clock();
		if (cached && now - cached.at < ttlMs) return cached.value;
		const value = read();
		cached = { at: now, value };
		// A failed reading is not kept: the next scrape tries again.
		value.catch(() => {
			if (cached?.value === value) cached = undefined;
		});
		return value;
	};
}
