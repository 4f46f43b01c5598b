/**
 * The daily reconcile: once the configured local time has passed, one 'reconcile' job per router.
 * The dedupe key names the router and the local day, so every instance may call this each minute
 * and each router still gets one job a day.
 */
import { inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/index';
import { routerJobs, routers } from '../db/schema';
import { readSetting } from '../settings';
import { localDateOf, localMinutesOf } from '../../shared/dates';
import { reconcileScheduleSchema, type ReconcileSchedule } from '../../shared/schemas/router-sync';
import { enqueueJob, pendingJob } from './jobs';

export const RECONCILE_SCHEDULE_KEY = 'reconcile.schedule';

export function readReconcileSchedule(db: DbOrTx): Promise<ReconcileSchedule> {
	return readSetting(db, RECONCILE_SCHEDULE_KEY, reconcileScheduleSchema);
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Returns how many routers were given today's job by this call (0 once they all have one). */
export async function enqueueDailyReconciles(db: Db, timeZone: string, now = new Date()): Promise<number> {
	const schedule = await readReconcileSchedule(db);
	if (!schedule.enabled || localMinutesOf(now, timeZone) < minutesOf(schedule.runAt)) return 0;
	const today = localDateOf(now, timeZone);
	const live = await db.select({ id: routers.id }).from(routers).where(isNull(routers.deletedAt));
	const keyOf = (routerId: string) => `reconcile:${routerId}:${today}`;
	// One read first: after the first minute every router already has today's job, and this runs
	// each minute on every instance.
	const done = new Set(
		(
			await db
				.select({ key: routerJobs.dedupeKey })
				.from(routerJobs)
				.where(inArray(routerJobs.dedupeKey, live.map((r) => keyOf(r.id))))
		).map((r) => r.key)
	);
	const due = live.filter((r) => !done.has(keyOf(r.id)));
	if (due.length === 0) return 0;
	return db.transaction(async (tx) => {
		let queued = 0;
		for (const r of due) {
			const dedupeKey = keyOf(r.id);
			// A router that is down still has yesterday's reconcile waiting: one is enough.
			if (await pendingJob(tx, r.id, 'reconcile')) continue;
			await enqueueJob(tx, { routerId: r.id, subscriptionId: null, action: 'reconcile', desiredState: null, dedupeKey, payload: { scheduled: today } });
			queued += 1;
		}
		return queued;
	});
}
