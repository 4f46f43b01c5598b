import { z } from 'zod';

/** The scheduled backup, stored in settings under `backup.schedule`: on or off, and the local time. */
export const BACKUP_SCHEDULE_KEY = 'backup.schedule';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.clock' });

export const backupScheduleSchema = z.object({
	enabled: z.boolean().default(true),
	/** Local time in the ISP's zone; after the 01:00 billing and 01:30 overdue runs by default. */
	at: clock.default('02:30')
});
export type BackupSchedule = z.output<typeof backupScheduleSchema>;

export const backupScheduleInput = z.object({ enabled: z.boolean(), at: clock });

/** What the office sees of the last backup. */
export interface BackupStatus {
	/** BACKUP_KEY is set on this server: without it nothing can be backed up. */
	configured: boolean;
	schedule: BackupSchedule;
	last: { finishedAt: Date; bytes: number; file: string } | null;
	/** The newest run failed (after `last`, if any), with its error. */
	lastFailure: { at: Date; error: string } | null;
	/** No good backup in the last 24 hours. */
	stale: boolean;
}
