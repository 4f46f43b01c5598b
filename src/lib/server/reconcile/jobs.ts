/** Enqueuing this area's router jobs and knowing their ids, so pages can follow them. */
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/index';
import { routerJobs } from '../db/schema';
import { enqueueRouterJobId, type RouterJobRequest } from '../router-jobs/enqueue';

/** Enqueues (or finds the job already enqueued under the same dedupe key) and returns its id. */
export async function enqueueJob(tx: Tx, request: RouterJobRequest, requestedBy: string | null = null): Promise<number> {
	const id = await enqueueRouterJobId(tx, request);
	// Who asked first stays the asker; a job nobody asked for (automatic) takes the first person.
	if (requestedBy) await tx.update(routerJobs).set({ requestedBy }).where(and(eq(routerJobs.id, id), isNull(routerJobs.requestedBy)));
	return id;
}

/** The router's newest queued or running job of an action, so a second click joins it. */
export async function pendingJob(db: DbOrTx, routerId: string, action: string): Promise<number | null> {
	const [row] = await db
		.select({ id: routerJobs.id })
		.from(routerJobs)
		.where(and(eq(routerJobs.routerId, routerId), eq(routerJobs.action, action), inArray(routerJobs.status, ['queued', 'running'])))
		.orderBy(desc(routerJobs.id))
		.limit(1);
	return row?.id ?? null;
}

export async function latestJob(db: DbOrTx, routerId: string, action: string) {
	const [row] = await db
		.select()
		.from(routerJobs)
		.where(and(eq(routerJobs.routerId, routerId), eq(routerJobs.action, action)))
		.orderBy(desc(routerJobs.id))
		.limit(1);
	return row ?? null;
}

/** A job as a page polls it: where it is, how far it got, what it found. */
export async function jobView(db: DbOrTx, routerId: string, jobId: number) {
	const [row] = await db
		.select({
			id: routerJobs.id,
			action: routerJobs.action,
			status: routerJobs.status,
			attempts: routerJobs.attempts,
			lastError: routerJobs.lastError,
			result: routerJobs.result,
			payload: routerJobs.payload,
			createdAt: routerJobs.createdAt,
			startedAt: routerJobs.startedAt,
			finishedAt: routerJobs.finishedAt,
			nextAttemptAt: routerJobs.nextAttemptAt
		})
		.from(routerJobs)
		.where(and(eq(routerJobs.id, jobId), eq(routerJobs.routerId, routerId)));
	return row ?? null;
}
