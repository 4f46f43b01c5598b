/**
 * `npm run backup`: one backup now (the same as the scheduled one: recorded in task_runs, rotated),
 * into BACKUP_DIR, sealed with BACKUP_KEY. Exits 1 if it failed. Needs the server's environment.
 */
import { eq } from 'drizzle-orm';
import { ConfigError, getConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/index';
import { taskRuns } from '../src/lib/server/db/schema';
import { TaskBusyError } from '../src/lib/server/scheduler/task-runs';
import { startBackup } from '../src/lib/server/backup/backup-task';
import { backupTargetOf } from '../src/lib/server/backup/target';

async function main(): Promise<number> {
	const config = getConfig();
	const target = backupTargetOf(config);
	if (!target.key) {
		console.error('BACKUP_KEY is not set: generate one with `openssl rand -hex 32`, keep a copy OFF this server, and set it in the environment.');
		return 1;
	}
	const handle = openDatabase(config.DATABASE_URL, { connectionLimit: 3 });
	try {
		const run = await startBackup(handle.db, target);
		if (!run) return 1;
		await run.finished;
		const [row] = await handle.db.select().from(taskRuns).where(eq(taskRuns.id, run.runId));
		if (row?.status !== 'done') {
			console.error(`Backup failed: ${row?.error ?? 'unknown error'}`);
			return 1;
		}
		const p = row.progress as { file: string; bytes: number; ms: number; removed: number };
		console.log(`Backup written: ${target.dir}/${p.file} (${p.bytes} bytes, ${(p.ms / 1000).toFixed(1)} s); rotation removed ${p.removed} old backup(s).`);
		return 0;
	} catch (err) {
		if (err instanceof TaskBusyError) {
			console.error('A backup is already running (on this or another server).');
			return 1;
		}
		throw err;
	} finally {
		await handle.close();
	}
}

main()
	.then((code) => process.exit(code))
	.catch((err) => {
		console.error(err instanceof ConfigError ? err.message : `Backup failed: ${err instanceof Error ? err.message : err}`);
		process.exit(1);
	});
