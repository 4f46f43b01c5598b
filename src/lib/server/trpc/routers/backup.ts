/** Backups: the office sees the last one; an admin sets the schedule and can start one now. */
import { adminProcedure, createRouter, officeProcedure } from '../trpc';
import { conflict } from '../../errors';
import { writeAudited } from '../../settings/audited';
import { TaskBusyError } from '../../scheduler/task-runs';
import { backupStatus, startBackup } from '../../backup/backup-task';
import { backupTargetOf } from '../../backup/target';
import { log } from '../../log';
import { BACKUP_SCHEDULE_KEY, backupScheduleInput, backupScheduleSchema } from '../../../shared/schemas/backup';

export const backupRouter = createRouter({
	status: officeProcedure.query(({ ctx }) => backupStatus(ctx.db, Boolean(ctx.config.BACKUP_KEY))),

	saveSchedule: adminProcedure.input(backupScheduleInput).mutation(({ ctx, input }) =>
		ctx.db.transaction((tx) =>
			writeAudited(tx, { key: BACKUP_SCHEDULE_KEY, schema: backupScheduleSchema, value: input, action: 'settings.backupSchedule', actor: { userId: ctx.user.id, ipAddress: ctx.ipAddress } })
		)
	),

	/** Starts a backup and answers at once; the dashboard shows how it ended. */
	runNow: adminProcedure.mutation(async ({ ctx }) => {
		const target = backupTargetOf(ctx.config);
		if (!target.key) throw conflict('backup.notConfigured');
		try {
			const run = await startBackup(ctx.db, target, { triggeredBy: ctx.user.id });
			run?.finished.catch((err) => log.error({ err }, 'backup failed'));
			return { runId: run?.runId ?? null };
		} catch (err) {
			if (err instanceof TaskBusyError) throw conflict('backup.busy');
			throw err;
		}
	})
});
