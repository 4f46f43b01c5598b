/**
 * The 'reconcile' router job: reads the router, compares it with every live subscription on it,
 * and replaces the router's drift rows in one transaction, so router_drift always says what is
 * wrong now. With routers.auto_fix_drift on, the fixes are queued in the same transaction.
 */
import { and, eq, inArray, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/index';
import { packages, routerDrift, routerJobs, routers, subscriptions } from '../db/schema';
import type { RouterJobHandler } from '../router-jobs/job-context';
import { readInventory } from './inventory';
import { findDrift, type DesiredService, type RetiredService } from './drift';
import { enqueueFixes } from './fix';
import { DRIFT_KINDS, type DriftKind } from '../../shared/schemas/router-sync';

async function desiredServices(db: Db, routerId: string): Promise<DesiredService[]> {
	const rows = await db
		.select({
			subscriptionId: subscriptions.id,
			serviceType: packages.serviceType,
			username: subscriptions.liveServiceUsername,
			staticIp: subscriptions.staticIp,
			desired: subscriptions.desiredRouterState,
			packageProfile: packages.routerProfile
		})
		.from(subscriptions)
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.where(and(eq(subscriptions.routerId, routerId), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt)));
	return rows.filter((r): r is DesiredService => r.desired !== 'absent');
}

/** Terminated subscriptions' account names, newest first so a reused name points at the latest. */
async function retiredServices(db: Db, routerId: string): Promise<RetiredService[]> {
	const rows = await db
		.select({ subscriptionId: subscriptions.id, serviceType: packages.serviceType, username: subscriptions.serviceUsername, terminatedAt: subscriptions.terminatedAt })
		.from(subscriptions)
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.where(and(eq(subscriptions.routerId, routerId), eq(subscriptions.status, 'terminated'), isNotNull(subscriptions.serviceUsername)));
	rows.sort((a, b) => (a.terminatedAt?.getTime() ?? 0) - (b.terminatedAt?.getTime() ?? 0));
	return rows.map((r) => ({ subscriptionId: r.subscriptionId, serviceType: r.serviceType, username: r.username! }));
}

/** Subscriptions with a router job still under way: their drift may be that job's work in progress. */
async function busySubscriptions(db: Db, routerId: string): Promise<Set<string>> {
	const rows = await db
		.select({ subscriptionId: routerJobs.subscriptionId })
		.from(routerJobs)
		.where(and(eq(routerJobs.routerId, routerId), inArray(routerJobs.status, ['queued', 'running']), isNotNull(routerJobs.subscriptionId)));
	return new Set(rows.map((r) => r.subscriptionId!));
}

export const reconcileHandler: RouterJobHandler = async (ctx) => {
	const { db, router } = ctx;
	await ctx.progress(0, 2);
	const inventory = await readInventory(ctx.client);
	await ctx.progress(1, 2);
	const [live, retired, busy] = await Promise.all([desiredServices(db, router.id), retiredServices(db, router.id), busySubscriptions(db, router.id)]);
	const findings = findDrift(router, live, retired, inventory);
	const detectedAt = new Date();

	const fixesQueued = await db.transaction(async (tx) => {
		// Two reconciles of one router replace the same rows: the unique key's duplicate checks lock
		// even under READ COMMITTED and deadlocked them, so one router's replacements take turns.
		await tx.select({ id: routers.id }).from(routers).where(eq(routers.id, router.id)).for('update');
		await tx.delete(routerDrift).where(eq(routerDrift.routerId, router.id));
		if (findings.length) {
			await tx.insert(routerDrift).values(
				findings.map((f) => ({
					routerId: router.id,
					subscriptionId: f.subscriptionId,
					serviceUsername: f.serviceUsername,
					kind: f.kind,
					detail: f.subscriptionId && busy.has(f.subscriptionId) ? { ...f.detail, jobPending: true } : f.detail,
					detectedAt
				}))
			);
		}
		if (!router.autoFixDrift) return 0;
		// A subscription whose own job is still running is left to that job.
		const rows = await tx.select().from(routerDrift).where(eq(routerDrift.routerId, router.id));
		return enqueueFixes(tx, rows.filter((r) => !r.subscriptionId || !busy.has(r.subscriptionId)), ctx.job.requestedBy);
		// READ COMMITTED: two routers reconciled at once deadlocked on the gap locks REPEATABLE READ
		// puts around each router's drift rows; a router's rows are replaced whole, so nothing here
		// needs a repeatable read.
	}, { isolationLevel: 'read committed' });
	await ctx.progress(2, 2);

	const counts = Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;
	for (const f of findings) counts[f.kind] += 1;
	return {
		checkedAt: detectedAt.toISOString(),
		subscriptions: live.length,
		accounts: inventory.accounts.length,
		sessions: inventory.sessions.length,
		drift: findings.length,
		counts,
		autoFix: router.autoFixDrift,
		fixesQueued
	};
};
