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
	await enqueueRouterJob(tx, job);
	const [row] = await tx.select({ id: routerJobs.id }).from(routerJobs).where(eq(routerJobs.dedupeKey, job.dedupeKey));
	if (!row) throw new Error(`router job ${job.dedupeKey} vanished after enqueue`);
	return Number(row.id);
}
