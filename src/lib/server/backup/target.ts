import type { Config } from '../config';
import type { BackupTarget } from './backup-task';

/** Where and with which key this server backs up, from its configuration. */
export function backupTargetOf(config: Config): BackupTarget {
	return {
		databaseUrl: config.DATABASE_URL,
		key: config.BACKUP_KEY,
		dir: config.BACKUP_DIR,
		keepDaily: config.BACKUP_KEEP_DAILY,
		keepWeekly: config.BACKUP_KEEP_WEEKLY,
		offsite: config.BACKUP_S3_BUCKET
			? {
					bucket: config.BACKUP_S3_BUCKET,
					prefix: config.BACKUP_S3_PREFIX,
					region: config.BACKUP_S3_REGION,
					endpoint: config.BACKUP_S3_ENDPOINT,
					accessKeyId: config.BACKUP_S3_ACCESS_KEY_ID,
					secretAccessKey: config.BACKUP_S3_SECRET_ACCESS_KEY
				}
			: undefined
	};
}
