/**
 * The in-process scheduler: every instance ticks each minute and starts a task once its local
 * time has come; task-runs.ts makes sure only one instance runs each day's task.
 */
import type { Db } from '../db/index';
import { readBillingRules } from '../billing/rules';
import { localDateOf, localMinutesOf } from '../../shared/dates';
import { log } from '../log';
import { startTask, TaskBusyError } from './task-runs';
import { BILLING_TASKS, scheduledAt, taskBody } from './billing-tasks';
import { enqueueDailyReconciles } from '../reconcile/schedule';
import { pruneOldRows } from '../retention';
import { runScheduledBackup, type BackupTarget } from '../backup/backup-task';
import { loopRunner, type Loop } from '../loops/loop-runner';

function minutesOf(clock: string): number {
	const [h, m] = clock.split(':').map(Number);
	return h * 60 + m;
}

/** One tick: starts every task whose time has come today and has no run for today yet. */
export async function tick(db: Db, timeZone: string, now: Date = new Date(), backup?: BackupTarget): Promise<Array<{ task: string; runId: number }>> {
	const rules = await readBillingRules(db);
	const today = localDateOf(now, timeZone);
	const minutes = localMinutesOf(now, timeZone);
	const started: Array<{ task: string; runId: number }> = [];
	// Billing before overdue: an invoice issued today should be seen by today's overdue run.
	for (const task of BILLING_TASKS) {
		if (minutes < minutesOf(scheduledAt(task, rules))) continue;
		try {
			const run = await startTask(db, { task, runKey: `${task}:${today}`, now }, taskBody(db, task, timeZone, () => now));
			if (run) {
				started.push({ task, runId: run.runId });
				await run.finished;
			}
		} catch (err) {
			if (!(err instanceof TaskBusyError)) log.error({ err, task }, 'scheduler tick failed');
		}
	}
	// The daily backup, after the runs it would otherwise race for the disk.
	if (backup) {
		try {
			const runId = await runScheduledBackup(db, backup, timeZone, now);
			if (runId !== null) started.push({ task: 'backup', runId });
		} catch (err) {
			if (!(err instanceof TaskBusyError)) log.error({ err }, 'scheduled backup failed');
		}
	}
	// Router reconcile runs as router jobs (one per router per day), not as an in-process task.
	try {
		await enqueueDailyReconciles(db, timeZone, now);
	} catch (err) {
		log.error({ err }, 'scheduling the daily reconcile failed');
	}
	// Rows that only grow (notifications, sessions, counters), a few batches each tick (retention.ts).
	try {
		const pruned = await pruneOldRows(db, now);
		if (Object.values(pruned).some((n) => n > 0)) log.info({ pruned }, 'old rows pruned');
	} catch (err) {
		log.error({ err }, 'pruning old rows failed');
	}
	return started;
}

let loop: Loop | undefined;

/** `timeZone` is read at each tick: the ISP's zone can change while the server runs. */
export function startScheduler(db: Db, timeZone: () => string, intervalMs = 60_000, backup?: BackupTarget): void {
	if (loop) return;
	loop = loopRunner({ name: 'scheduler tick', intervalMs, tick: async () => void (await tick(db, timeZone(), new Date(), backup)) });
	loop.start();
}

/** Stops the ticks and waits for one under way (a billing run), so shutdown never cuts it short. */
export async function stopScheduler(): Promise<void> {
	const stopping = loop;
	loop = undefined;
	await stopping?.stop();
}
