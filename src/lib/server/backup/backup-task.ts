/**
 * The backup as a task: run under the task runner's lock and recorded in task_runs (task `backup`)
 * like the billing runs, so two instances never back up at once, a scheduled backup happens once a
 * day, the office sees the last one, and /metrics reports its age and size.
 */
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { taskRuns } from '../db/schema';
import { readSetting } from '../settings';
import { startTask } from '../scheduler/task-runs';
import { localDateOf, localMinutesOf } from '../../shared/dates';
import { BACKUP_SCHEDULE_KEY, backupScheduleSchema, type BackupStatus } from '../../shared/schemas/backup';
import { createBackup, rotateBackups } from './backup';
import { parseKey } from './sealed-stream';
import type { OffsiteTarget } from './offsite';

export interface BackupTarget {
	databaseUrl: string;
	/** BACKUP_KEY; undefined when this server has none (no backups, and the office is told). */
	key: string | undefined;
	dir: string;
	keepDaily: number;
	keepWeekly: number;
	/** A copy of each backup in an S3-compatible store, rotated the same way. */
	offsite?: OffsiteTarget;
}

export const BACKUP_TASK = 'backup';
const DAY_MS = 24 * 3600_000;

/** Starts a backup run; `finished` settles when the file is written and old ones rotated away. */
export function startBackup(db: Db, target: BackupTarget, opts: { runKey?: string; triggeredBy?: string | null; now?: Date } = {}) {
	if (!target.key) throw new Error('BACKUP_KEY is not set: backups need their own 64-hex-character key (openssl rand -hex 32)');
	const key = parseKey(target.key);
	return startTask(db, { task: BACKUP_TASK, ...opts }, async () => {
		const made = await createBackup({ databaseUrl: target.databaseUrl, dir: target.dir, key });
		const keep = { daily: target.keepDaily, weekly: target.keepWeekly };
		const removed = await rotateBackups(target.dir, keep);
		const result = { file: path.basename(made.file), bytes: made.bytes, ms: Math.round(made.ms), removed: removed.length };
		if (!target.offsite) return result;
		// A backup only on this disk does not survive this disk: a failed copy fails the run, so the
		// office and the backup-age alert see it, while the local file stays usable.
		try {
			// Loaded only when configured: the AWS SDK costs memory an ISP without S3 should not pay.
			const { copyOffsite } = await import('./offsite');
			const copied = await copyOffsite(made.file, target.offsite, keep);
			return { ...result, offsite: copied.key, offsiteRemoved: copied.removed };
		} catch (err) {
			throw new Error(`${result.file} was written here, but copying it off-site failed: ${err instanceof Error ? err.message : String(err)}`);
		}
	});
}

/** The scheduler's part: once a day at the configured local time, when backups are configured and on. */
export async function runScheduledBackup(db: Db, target: BackupTarget, timeZone: string, now: Date): Promise<number | null> {
	if (!target.key) return null;
	const schedule = await readSetting(db, BACKUP_SCHEDULE_KEY, backupScheduleSchema);
	if (!schedule.enabled) return null;
	const [h, m] = schedule.at.split(':').map(Number);
	if (localMinutesOf(now, timeZone) < h * 60 + m) return null;
	const run = await startBackup(db, target, { runKey: `${BACKUP_TASK}:${localDateOf(now, timeZone)}`, now });
	if (!run) return null;
	await run.finished;
	return run.runId;
}

export async function backupStatus(db: Db, configured: boolean, now: Date = new Date()): Promise<BackupStatus> {
	const [schedule, [done], [latest]] = await Promise.all([
		readSetting(db, BACKUP_SCHEDULE_KEY, backupScheduleSchema),
		db
			.select()
			.from(taskRuns)
			.where(and(eq(taskRuns.task, BACKUP_TASK), eq(taskRuns.status, 'done')))
			.orderBy(desc(taskRuns.startedAt), desc(taskRuns.id))
			.limit(1),
		db.select().from(taskRuns).where(eq(taskRuns.task, BACKUP_TASK)).orderBy(desc(taskRuns.startedAt), desc(taskRuns.id)).limit(1)
	]);
	const progress = (done?.progress ?? {}) as { bytes?: number; file?: string };
	const last = done?.finishedAt ? { finishedAt: done.finishedAt, bytes: Number(progress.bytes ?? 0), file: String(progress.file ?? '') } : null;
	const lastFailure = latest?.status === 'failed' ? { at: latest.finishedAt ?? latest.startedAt, error: latest.error ?? '' } : null;
	return { configured, schedule, last, lastFailure, stale: !last || now.getTime() - last.finishedAt.getTime() > DAY_MS };
}
