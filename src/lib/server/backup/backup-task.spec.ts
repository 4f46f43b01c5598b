import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { taskRuns } from '../db/schema';
import { writeSetting } from '../settings';
import { tick } from '../scheduler/scheduler';
import { BACKUP_SCHEDULE_KEY } from '../../shared/schemas/backup';
import { backupStatus, runScheduledBackup, startBackup, type BackupTarget } from './backup-task';
import { settleInterruptedRuns, verifyBackup } from './backup';
import { parseKey } from './sealed-stream';
import { startS3Simulator } from '../s3-sim/index';

let t: TestDatabase;
let dir: string;
let target: BackupTarget;

beforeAll(async () => {
	t = await createTestDatabase();
	dir = await mkdtemp(path.join(tmpdir(), 'lunas-backup-task-'));
	target = { databaseUrl: t.url, key: randomBytes(32).toString('hex'), dir, keepDaily: 2, keepWeekly: 0 };
});
afterAll(async () => {
	await t?.drop();
	if (dir) await rm(dir, { recursive: true, force: true });
});

const backupRuns = () => t.db.select().from(taskRuns).where(eq(taskRuns.task, 'backup'));

describe('the backup task', () => {
	it('tells the office there is no backup yet, and that backups are not configured', async () => {
		const status = await backupStatus(t.db, false);
		expect(status).toMatchObject({ configured: false, last: null, stale: true, schedule: { enabled: true, at: '02:30' } });
	});

	it('records a backup run with its file and size, and rotates old backups away', async () => {
		// Three older backups of ours and a file that is not ours.
		for (const name of ['lunas-20200101T020000Z.sql.gz.enc', 'lunas-20200102T020000Z.sql.gz.enc', 'lunas-20200103T020000Z.sql.gz.enc', 'keep-me.txt']) {
			await writeFile(path.join(dir, name), 'x');
		}
		const run = await startBackup(t.db, target);
		await run!.finished;
		const [row] = await t.db.select().from(taskRuns).where(eq(taskRuns.id, run!.runId));
		expect(row).toMatchObject({ task: 'backup', status: 'done' });
		const progress = row.progress as { file: string; bytes: number; removed: number };
		expect(progress.removed).toBe(2);
		expect((await readdir(dir)).sort()).toEqual(['keep-me.txt', 'lunas-20200103T020000Z.sql.gz.enc', progress.file].sort());
		expect(progress.bytes).toBeGreaterThan(500);
		expect((await verifyBackup(path.join(dir, progress.file), parseKey(target.key!))).sqlBytes).toBeGreaterThan(progress.bytes);

		const status = await backupStatus(t.db, true);
		expect(status).toMatchObject({ configured: true, stale: false, lastFailure: null, last: { bytes: progress.bytes, file: progress.file } });
		// A day and a minute later it is stale.
		expect((await backupStatus(t.db, true, new Date(status.last!.finishedAt.getTime() + 24 * 3600_000 + 60_000))).stale).toBe(true);
	});

	it('records a failed backup, which the office sees, without hiding the last good one', async () => {
		const run = await startBackup(t.db, { ...target, databaseUrl: t.url.replace(/\/[^/]+$/, '/lunas_no_such_database_here') });
		await run!.finished;
		const status = await backupStatus(t.db, true);
		expect(status.lastFailure?.error).toMatch(/Unknown database|1049/);
		expect(status.last).not.toBeNull();
	});

	it('refuses to start without a backup key', async () => {
		expect(() => startBackup(t.db, { ...target, key: undefined })).toThrow(/BACKUP_KEY/);
	});

	it('runs once a day from the scheduler at the set local time, and not when switched off', async () => {
		await t.db.delete(taskRuns).where(eq(taskRuns.task, 'backup'));
		await writeSetting(t.db, BACKUP_SCHEDULE_KEY, { enabled: true, at: '03:00' }, null);
		// 02:59 WIB on 8 Dec: not yet.
		expect(await runScheduledBackup(t.db, target, 'Asia/Jakarta', new Date('2026-12-07T19:59:00Z'))).toBeNull();
		expect(await runScheduledBackup(t.db, { ...target, key: undefined }, 'Asia/Jakarta', new Date('2026-12-07T20:05:00Z'))).toBeNull();
		const at = new Date('2026-12-07T20:05:00Z');
		const started = await tick(t.db, 'Asia/Jakarta', at, target);
		expect(started.filter((s) => s.task === 'backup')).toHaveLength(1);
		expect(await runScheduledBackup(t.db, target, 'Asia/Jakarta', new Date('2026-12-07T22:00:00Z'))).toBeNull();
		expect((await backupRuns()).map((r) => [r.runKey, r.status])).toEqual([['backup:2026-12-08', 'done']]);

		await writeSetting(t.db, BACKUP_SCHEDULE_KEY, { enabled: false, at: '03:00' }, null);
		expect(await runScheduledBackup(t.db, target, 'Asia/Jakarta', new Date('2026-12-08T20:05:00Z'))).toBeNull();
		expect(await backupRuns()).toHaveLength(1);
	});

	it('after a restore, marks runs that were under way at backup time as failed', async () => {
		await t.db.insert(taskRuns).values({ task: 'billing', status: 'running', startedAt: new Date(), heartbeatAt: new Date() });
		expect(await settleInterruptedRuns(t.db)).toBe(1);
		expect(await t.db.select().from(taskRuns).where(eq(taskRuns.status, 'running'))).toEqual([]);
	});
});

describe('the backup task with an off-site copy', () => {
	it('copies each backup to the S3-compatible store, and fails the run (keeping the local file) when it cannot', async () => {
		await t.db.delete(taskRuns); // earlier tests ran at clock times later than now
		const s3 = await startS3Simulator({ bucket: 'cadangan', accessKeyId: 'AKIATASK', secretAccessKey: 'rahasia-task-0123456789' });
		try {
			const offsite = { bucket: 'cadangan', prefix: 'isp/', region: 'us-east-1', endpoint: s3.url, accessKeyId: 'AKIATASK', secretAccessKey: 'rahasia-task-0123456789' };
			const good = await startBackup(t.db, { ...target, offsite });
			await good!.finished;
			const [row] = await t.db.select().from(taskRuns).where(eq(taskRuns.id, good!.runId));
			const progress = row.progress as { file: string; offsite: string };
			expect(row.status).toBe('done');
			expect(progress.offsite).toBe(`isp/${progress.file}`);
			expect(s3.objects.has(progress.offsite)).toBe(true);

			await new Promise((r) => setTimeout(r, 1100)); // a new file name (second resolution)
			const bad = await startBackup(t.db, { ...target, offsite: { ...offsite, secretAccessKey: 'salah' } });
			await bad!.finished;
			const [failed] = await t.db.select().from(taskRuns).where(eq(taskRuns.id, bad!.runId));
			expect(failed.status).toBe('failed');
			expect(failed.error).toMatch(/^lunas-\d{8}T\d{6}Z\.sql\.gz\.enc was written here, but copying it off-site failed: /);
			expect(await readdir(dir)).toContain(failed.error!.split(' ')[0]);
			expect((await backupStatus(t.db, true)).lastFailure?.error).toBe(failed.error);
		} finally {
			await s3.close();
		}
	});
});
