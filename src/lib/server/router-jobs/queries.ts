/** What the office sees of router jobs: the list, one job, and retrying a dead one. */
import { and, count, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { customers, routerJobs, routers, subscriptions } from '../db/schema';
import { paginate, type ListPage } from '../db/keyset';
import { audit } from '../audit';
import { FieldValidationError } from '../trpc/trpc';
import type { Translator } from '../../shared/i18n/index';
import type { RouterJobStatus, RouterState } from '../../shared/domain';
import type { routerJobListInput } from '../../shared/schemas/router-jobs';
import { parseJsonColumn } from './queue';
import { nudgeRouterJobs } from './nudge';

export interface RouterJobView {
	id: number;
	routerId: string;
	routerName: string;
	subscriptionId: string | null;
	customerCode: string | null;
	customerName: string | null;
	serviceUsername: string | null;
	action: string;
	desiredState: RouterState | null;
	status: RouterJobStatus;
	attempts: number;
	maxAttempts: number;
	nextAttemptAt: Date;
	lastError: string | null;
	result: Record<string, unknown> | null;
	createdAt: Date;
	startedAt: Date | null;
	finishedAt: Date | null;
}

const columns = {
	id: routerJobs.id,
	routerId: routerJobs.routerId,
	routerName: routers.name,
	subscriptionId: routerJobs.subscriptionId,
	customerCode: customers.code,
	customerName: customers.name,
	serviceUsername: subscriptions.serviceUsername,
	action: routerJobs.action,
	desiredState: routerJobs.desiredState,
	status: routerJobs.status,
	attempts: routerJobs.attempts,
	maxAttempts: routerJobs.maxAttempts,
	nextAttemptAt: routerJobs.nextAttemptAt,
	lastError: routerJobs.lastError,
	result: routerJobs.result,
	createdAt: routerJobs.createdAt,
	startedAt: routerJobs.startedAt,
	finishedAt: routerJobs.finishedAt
};

function selectJobs(db: Db) {
	return db
		.select(columns)
		.from(routerJobs)
		.innerJoin(routers, eq(routers.id, routerJobs.routerId))
		.leftJoin(subscriptions, eq(subscriptions.id, routerJobs.subscriptionId))
		.leftJoin(customers, eq(customers.id, subscriptions.customerId));
}

function view(row: Awaited<ReturnType<ReturnType<typeof selectJobs>['execute']>>[number]): RouterJobView {
	return { ...row, id: Number(row.id), result: parseJsonColumn(row.result) };
}

export async function listRouterJobs(db: Db, input: z.output<typeof routerJobListInput>): Promise<ListPage<RouterJobView> & { counts: Record<RouterJobStatus, number> }> {
	const filter = and(
		input.routerId ? eq(routerJobs.routerId, input.routerId) : undefined,
		input.subscriptionId ? eq(routerJobs.subscriptionId, input.subscriptionId) : undefined,
		input.status ? eq(routerJobs.status, input.status) : undefined
	);
	const page = await paginate({
		input,
		columns: { id: routerJobs.id },
		id: routerJobs.id,
		filter,
		rows: async ({ where, orderBy, limit }) =>
			(await selectJobs(db).where(where).orderBy(...orderBy).limit(limit)).map(view),
		count: async (where) => (await db.select({ n: count() }).from(routerJobs).where(where))[0].n
	});
	// Per-status totals under the router/subscription filters, for the filter buttons.
	const scope = and(
		input.routerId ? eq(routerJobs.routerId, input.routerId) : undefined,
		input.subscriptionId ? eq(routerJobs.subscriptionId, input.subscriptionId) : undefined
	);
	const byStatus = await db.select({ status: routerJobs.status, n: count() }).from(routerJobs).where(scope).groupBy(routerJobs.status);
	const counts: Record<RouterJobStatus, number> = { queued: 0, running: 0, done: 0, dead: 0 };
	for (const r of byStatus) counts[r.status] = Number(r.n);
	return { ...page, counts };
}

export async function getRouterJob(db: Db, id: number, t: Translator): Promise<RouterJobView> {
	const [row] = await selectJobs(db).where(eq(routerJobs.id, id));
	if (!row) throw new FieldValidationError({ id: [t('routerJobs.notFound')] });
	return view(row);
}

/** The routers a job list can be filtered by. */
export async function routerJobRouters(db: Db): Promise<Array<{ id: string; name: string }>> {
	return db.select({ id: routers.id, name: routers.name }).from(routers).orderBy(routers.name);
}

/**
 * Sends a dead job round again from the start: queued now, attempts back to zero. Only a dead
 * job: one still queued or running is already on its way, and a done one has nothing left to do.
 */
export async function retryRouterJob(db: Db, id: number, ctx: { t: Translator; actorUserId: string; ipAddress: string | null }): Promise<RouterJobView> {
	await db.transaction(async (tx) => {
		const [job] = await tx.select({ status: routerJobs.status, lastError: routerJobs.lastError, attempts: routerJobs.attempts }).from(routerJobs).where(eq(routerJobs.id, id)).for('update');
		if (!job) throw new FieldValidationError({ id: [ctx.t('routerJobs.notFound')] });
		if (job.status !== 'dead') throw new FieldValidationError({ id: [ctx.t('routerJobs.notDead')] });
		await tx
			.update(routerJobs)
			.set({ status: 'queued', attempts: 0, nextAttemptAt: sql`NOW(3)`, finishedAt: null, lockedBy: null, lockedUntil: null })
			.where(eq(routerJobs.id, id));
		await audit(tx, {
			userId: ctx.actorUserId,
			action: 'routerJob.retry',
			entity: 'router_job',
			entityId: String(id),
			before: { status: job.status, attempts: job.attempts, lastError: job.lastError },
			after: { status: 'queued', attempts: 0 },
			ipAddress: ctx.ipAddress
		});
	});
	nudgeRouterJobs();
	return getRouterJob(db, id, ctx.t);
}

