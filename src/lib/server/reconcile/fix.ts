/**
 * Fixing drift: each fixable row becomes the normal convergence job for its subscription
 * (`provision` converges secret + isolation to the desired state, `kick` ends a session that
 * predates an isolation, `remove` clears a terminated subscription's leftover account).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/index';
import { routerDrift, routerJobs, subscriptions } from '../db/schema';
import { enqueueJob } from './jobs';
import { audit } from '../audit';
import { fixActionOf } from './drift';
import type { DriftKind } from '../../shared/schemas/router-sync';

type DriftRow = typeof routerDrift.$inferSelect;

/** Enqueues the fix of each row that has one and no fix under way; returns how many were queued. */
export async function enqueueFixes(tx: Tx, rows: DriftRow[], requestedBy: string | null): Promise<number> {
	const fixable = rows.filter((r) => r.subscriptionId && fixActionOf(r.kind as DriftKind));
	if (fixable.length === 0) return 0;
	const subs = await tx
		.select({ id: subscriptions.id, desired: subscriptions.desiredRouterState })
		.from(subscriptions)
		.where(inArray(subscriptions.id, [...new Set(fixable.map((r) => r.subscriptionId!))]));
	const desired = new Map(subs.map((s) => [s.id, s.desired]));
	const priorIds = fixable.map((r) => r.fixJobId).filter((id): id is number => id !== null);
	const prior = priorIds.length
		? await tx.select({ id: routerJobs.id, status: routerJobs.status }).from(routerJobs).where(inArray(routerJobs.id, priorIds))
		: [];
	const priorStatus = new Map(prior.map((j) => [j.id, j.status]));

	let queued = 0;
	const fixes: Array<{ username: string; kind: string; jobId: number }> = [];
	for (const row of fixable) {
		// A fix that is queued, running or done is not asked for twice; a dead one may be retried.
		const previous = row.fixJobId === null ? null : priorStatus.get(row.fixJobId);
		if (previous && previous !== 'dead') continue;
		const action = fixActionOf(row.kind as DriftKind)!;
		const state = desired.get(row.subscriptionId!);
		if (!state) continue;
		const jobId = await enqueueJob(
			tx,
			{
				routerId: row.routerId,
				subscriptionId: row.subscriptionId,
				action,
				desiredState: action === 'remove' ? 'absent' : state,
				dedupeKey: `drift-fix:${row.id}:${row.detectedAt.getTime()}${row.fixJobId ? `:after:${row.fixJobId}` : ''}`,
				payload: { reason: 'drift', kind: row.kind }
			},
			requestedBy
		);
		await tx.update(routerDrift).set({ fixJobId: jobId }).where(eq(routerDrift.id, row.id));
		fixes.push({ username: row.serviceUsername, kind: row.kind, jobId });
		queued += 1;
	}
	// One audit row per batch, by the person who asked (none: the reconcile run's automatic fixing).
	if (fixes.length) await audit(tx, { userId: requestedBy, action: 'router.fixDrift', entity: 'router', entityId: fixable[0].routerId, after: { count: fixes.length, fixes: fixes.slice(0, 50) } });
	return queued;
}

/** The office's "fix" (given rows) or "fix all" (no ids) on one router. */
export async function fixDrift(db: Db, routerId: string, driftIds: number[] | undefined, requestedBy: string | null): Promise<{ queued: number }> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.select()
			.from(routerDrift)
			.where(and(eq(routerDrift.routerId, routerId), driftIds ? inArray(routerDrift.id, driftIds) : undefined))
			.for('update');
		return { queued: await enqueueFixes(tx, rows, requestedBy) };
	});
}

