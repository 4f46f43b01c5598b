/**
 * Making and restoring backups. A backup is `mariadb-dump --single-transaction` (one consistent
 * snapshot of every InnoDB table while Lunas keeps running), gzip-compressed and sealed with
 * BACKUP_KEY (sealed-stream.ts), written under a `.partial` name and renamed when complete, so a
 * crash never leaves a truncated file that looks like a backup.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import mysql from 'mysql2/promise';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { taskRuns } from '../db/schema';
import { ensureDatabase, splitDatabaseUrl } from '../db/migrate';
import { clientTarget, findTool, runTool, type ClientTarget } from './mysql-client';
import { backupFileName, backupsToDelete } from './rotation';
import { openSealedFile, sealStream } from './sealed-stream';

export interface BackupResult {
	file: string;
	bytes: number;
	ms: number;
}

/**
 * Starts the dump every backup is made of; its stdout is the SQL. One consistent snapshot of every
 * InnoDB table (`--single-transaction`), no dump date so that equal data dumps equally.
 * bench/backup times the same dump into a plain file as its baseline.
 */
export function startDump(target: ClientTarget) {
	return runTool(findTool(['mariadb-dump', 'mysqldump']), [
		target.optionsArg,
		'--single-transaction',
		'--routines',
		'--triggers',
		'--hex-blob',
		'--no-tablespaces',
		'--default-character-set=utf8mb4',
		'--skip-dump-date',
		target.database
	]);
}

/** Starts the client a restore feeds the SQL to on stdin (bench/backup's baseline uses it too). */
export function startLoad(target: ClientTarget) {
	return runTool(findTool(['mariadb', 'mysql']), [target.optionsArg, '--default-character-set=utf8mb4', '--binary-mode', target.database]);
}

export async function createBackup(opts: { databaseUrl: string; dir: string; key: Buffer; now?: Date }): Promise<BackupResult> {
	const started = performance.now();
	await mkdir(opts.dir, { recursive: true, mode: 0o700 });
	const file = path.resolve(opts.dir, backupFileName(opts.now ?? new Date()));
	const partial = `${file}.partial`;
	const target = await clientTarget(opts.databaseUrl);
	try {
		const dump = startDump(target);
		dump.child.stdin.end();
		try {
			await Promise.all([
				pipeline(dump.child.stdout, createGzip({ level: 6 }), sealStream(opts.key), createWriteStream(partial, { mode: 0o600 })),
				dump.done
			]);
		} catch (err) {
			// A full disk on our side: the dump would otherwise run on into a closed pipe.
			dump.child.kill();
			throw err;
		}
		await rename(partial, file);
	} catch (err) {
		await rm(partial, { force: true });
		throw err;
	} finally {
		await target.cleanup();
	}
	return { file, bytes: (await stat(file)).size, ms: performance.now() - started };
}

/** Reads the whole file through the decipher and gunzip: throws unless it is intact and ours. */
export async function verifyBackup(file: string, key: Buffer): Promise<{ sqlBytes: number }> {
	let sqlBytes = 0;
	await pipeline(
		await openSealedFile(file, key),
		createGunzip(),
		new Writable({
			write(chunk: Buffer, _enc, done) {
				sqlBytes += chunk.length;
				done();
			}
		})
	);
	return { sqlBytes };
}

export class RestoreRefusedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RestoreRefusedError';
	}
}

/** Tables in the target database; a restore goes only into an empty one. */
async function tableCount(databaseUrl: string): Promise<number> {
	const { serverUrl, database } = splitDatabaseUrl(databaseUrl);
	const conn = await mysql.createConnection({ uri: serverUrl });
	try {
		const [rows] = await conn.query('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?', [database]);
		return Number((rows as Array<{ n: number }>)[0].n);
	} finally {
		await conn.end();
	}
}

/**
 * Restores `file` into the database of `databaseUrl`, creating it if missing. Refuses a database
 * that has any table (a restore never mixes with or overwrites data), and a file that is damaged
 * or sealed with another key — checked by reading it through once before anything is written.
 */
export async function restoreBackup(opts: { file: string; databaseUrl: string; key: Buffer }): Promise<{ ms: number; sqlBytes: number }> {
	const started = performance.now();
	const { sqlBytes } = await verifyBackup(opts.file, opts.key);
	await ensureDatabase(opts.databaseUrl);
	const tables = await tableCount(opts.databaseUrl);
	if (tables > 0) {
		throw new RestoreRefusedError(`the database ${splitDatabaseUrl(opts.databaseUrl).database} is not empty (${tables} tables): restore only into an empty database`);
	}
	const target = await clientTarget(opts.databaseUrl);
	try {
		const client = startLoad(target);
		client.child.stdout.resume();
		await Promise.all([pipeline(await openSealedFile(opts.file, opts.key), createGunzip(), client.child.stdin), client.done]);
	} finally {
		await target.cleanup();
	}
	return { ms: performance.now() - started, sqlBytes };
}

/** Deletes the backups rotation does not keep; returns their names. */
export async function rotateBackups(dir: string, keep: { daily: number; weekly: number }): Promise<string[]> {
	const names = await readdir(dir).catch(() => [] as string[]);
	const doomed = backupsToDelete(names, keep);
	for (const name of doomed) await rm(path.join(dir, name), { force: true });
	return doomed;
}

/**
 * After a restore: runs that were under way when the backup was taken (the backup's own run among
 * them) never finish in the restored database. Marked failed, so no page waits on them and a
 * scheduled one can be run again.
 */
export async function settleInterruptedRuns(db: Db): Promise<number> {
	const [header] = await db
		.update(taskRuns)
		.set({ status: 'failed', error: 'interrupted: the database was restored from a backup taken during this run', finishedAt: new Date() })
		.where(eq(taskRuns.status, 'running'));
	return header.affectedRows;
}
