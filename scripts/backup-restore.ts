/**
 * `npm run backup:restore -- FILE`: restores a backup into the (empty) database of DATABASE_URL,
 * creating it if missing; refuses a database that has tables. Needs BACKUP_KEY (the key the backup
 * was made with) and DATABASE_URL; stop the server first. Then start Lunas: it applies any
 * migrations newer than the backup.
 */
import { existsSync } from 'node:fs';
import { parseKey, BackupFileError } from '../src/lib/server/backup/sealed-stream';
import { restoreBackup, RestoreRefusedError, settleInterruptedRuns } from '../src/lib/server/backup/backup';
import { openDatabase } from '../src/lib/server/db/index';

async function main(): Promise<number> {
	const file = process.argv[2];
	if (!file || process.argv.length > 3) {
		console.error('Usage: npm run backup:restore -- FILE   (with DATABASE_URL and BACKUP_KEY in the environment)');
		return 2;
	}
	if (!existsSync(file)) {
		console.error(`No such file: ${file}`);
		return 2;
	}
	const databaseUrl = process.env.DATABASE_URL;
	if (!databaseUrl) {
		console.error('DATABASE_URL is not set: the database to restore into (it must be empty or not exist yet).');
		return 2;
	}
	if (!process.env.BACKUP_KEY) {
		console.error('BACKUP_KEY is not set: the key the backup was made with.');
		return 2;
	}
	const key = parseKey(process.env.BACKUP_KEY);
	const { ms, sqlBytes } = await restoreBackup({ file, databaseUrl, key });
	const handle = openDatabase(databaseUrl, { connectionLimit: 1 });
	try {
		const settled = await settleInterruptedRuns(handle.db);
		console.log(`Restored ${file} (${sqlBytes} bytes of SQL) in ${(ms / 1000).toFixed(1)} s.${settled ? ` ${settled} run(s) under way at backup time marked failed.` : ''}`);
		console.log('Start Lunas now: it applies any migrations newer than the backup.');
	} finally {
		await handle.close();
	}
	return 0;
}

main()
	.then((code) => process.exit(code))
	.catch((err) => {
		if (err instanceof RestoreRefusedError || err instanceof BackupFileError) console.error(`Restore refused: ${err.message}`);
		else console.error(`Restore failed: ${err instanceof Error ? err.message : err}`);
		process.exit(1);
	});
