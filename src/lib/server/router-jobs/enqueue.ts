import { eq, sql } from 'drizzle-orm';
import { routerJobs } from '../db/schema';
import type { Tx } from '../db/index';
import type { RouterState } from '../../shared/domain';
import { nudgeRouterJobs } from './nudge';

/**
 * What a router job does. The worker (router-jobs/worker.ts, MikroTik issue) converges the
 * router to the subscription's desired state and reads it back before marking the job done.
 */
export const ROUTER_JOB_ACTIONS = [
	'provision',
	'isolate',
	'restore',
	'remove',
	'kick',
	'push-profile',
	// Registered by the routers module (monitor, reconcile, import) in handlers.ts.
	'probe',
	'reconcile',
	'import-preview',
	'import'
] as const;
export type RouterJobAction = (typeof ROUTER_JOB_ACTIONS)[number];

export interface RouterJobRequest {
	routerId: string;
	subscriptionId: string | null;
	action: RouterJobAction;
	desiredState: RouterState | null;
	/** Same key, same job: a retried decision enqueues once (UNIQUE router_jobs.dedupe_key). */
	dedupeKey: string;
	payload?: Record<string, unknown>;
}

/** Enqueues inside the caller's transaction, so a decision and its job commit together. */
export async function enqueueRouterJob(tx: Tx, job: RouterJobRequest): Promise<void> {
	await insertJob(tx, job);
}

async function insertJob(tx: Tx, job: RouterJobRequest): Promise<void> {
	await tx.execute(sql`
		INSERT INTO router_jobs (router_id, subscription_id, action, desired_state, payload, dedupe_key)
		VALUES (${job.routerId}, ${job.subscriptionId}, ${job.action}, ${job.desiredState},
			${job.payload ? JSON.stringify(job.payload) : null}, ${job.dedupeKey})
		ON DUPLICATE KEY UPDATE id = id`);
	nudgeRouterJobs();
}

/**
 * Enqueues like enqueueRouterJob and returns the job's id — the one a retried decision enqueued
 * before, when the dedupe key is taken — so a caller can hand the job on to be followed.
 */
export async function enqueueRouterJobId(tx: Tx, job: RouterJobRequest): Promise<number> {
	return (await enqueueRouterJobOnce(tx, job)).jobId;
}

/**
 * enqueueRouterJobId that also says whether this call queued the job, so a resent request
 * (same dedupe key) answers the same job without auditing the decision a second time.
 */
export async function enqueueRouterJobOnce(tx: Tx, job: RouterJobRequest): Promise<{ jobId: number; created: boolean }> {
	// Looked up first: mysql2 sends CLIENT_FOUND_ROWS, so the upsert's affected rows cannot tell
	// a new row from a taken key. Callers that lock the decided row (a subscription) make this exact;
	// two racing first sends still queue one job, the UNIQUE key deciding.
	const jobIdOf = async () => (await tx.select({ id: routerJobs.id }).from(routerJobs).where(eq(routerJobs.dedupeKey, job.dedupeKey)))[0]?.id;
	const existing = await jobIdOf();
	if (existing !== undefined) return { jobId: Number(existing), created: false };
	await insertJob(tx, job);
	const id = await jobIdOf();
	if (id === undefined) throw new Error(`router job ${job.dedupeKey} vanished after enqueue`);
	return { jobId: Number(id), created: true };
}
