import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { startS3Simulator, type S3Simulator } from '../s3-sim/index';
import { createBackup, restoreBackup } from './backup';
import { copyOffsite, type OffsiteTarget } from './offsite';

let t: TestDatabase;
let s3: S3Simulator;
let dir: string;
let target: OffsiteTarget;
const key = randomBytes(32);

beforeAll(async () => {
	t = await createTestDatabase();
	dir = await mkdtemp(path.join(tmpdir(), 'lunas-offsite-'));
	s3 = await startS3Simulator({ bucket: 'isp-backups', accessKeyId: 'AKIALUNASTEST', secretAccessKey: 'rahasia-sekali-0123456789', region: 'ap-southeast-3' });
	target = { bucket: 'isp-backups', prefix: 'lunas/', region: 'ap-southeast-3', endpoint: s3.url, accessKeyId: 'AKIALUNASTEST', secretAccessKey: 'rahasia-sekali-0123456789' };
});
afterAll(async () => {
	await s3?.close();
	await t?.drop();
	if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the off-site copy to an S3-compatible store', () => {
	it('uploads the sealed backup byte for byte, rotates the copies there and leaves other objects alone', async () => {
		for (const old of ['lunas-20200101T020000Z.sql.gz.enc', 'lunas-20200102T020000Z.sql.gz.enc']) s3.objects.set(`lunas/${old}`, Buffer.from('old'));
		s3.objects.set('lunas/notes.txt', Buffer.from('mine'));
		s3.objects.set('other-app/lunas-20200101T020000Z.sql.gz.enc', Buffer.from('not under the prefix'));

		const made = await createBackup({ databaseUrl: t.url, dir, key });
		const copied = await copyOffsite(made.file, target, { daily: 2, weekly: 0 });
		expect(copied).toEqual({ key: `lunas/${path.basename(made.file)}`, removed: 1 });
		expect(s3.objects.get(copied.key)!.equals(await readFile(made.file))).toBe(true);
		expect([...s3.objects.keys()].sort()).toEqual(['lunas/lunas-20200102T020000Z.sql.gz.enc', copied.key, 'lunas/notes.txt', 'other-app/lunas-20200101T020000Z.sql.gz.enc'].sort());
		expect(s3.refused).toBe(0);

		// The copy is a real backup: it restores.
		const fromS3 = path.join(dir, 'from-s3.enc');
		await writeFile(fromS3, s3.objects.get(copied.key)!);
		const other = t.url.replace(/\/([^/]+)$/, '/$1_r');
		try {
			expect((await restoreBackup({ file: fromS3, databaseUrl: other, key })).sqlBytes).toBeGreaterThan(1000);
		} finally {
			const conn = await mysql.createConnection({ uri: t.url });
			await conn.query(`DROP DATABASE IF EXISTS \`${t.name}_r\``);
			await conn.end();
		}
	});

	it('fails clearly with a wrong secret or region, and stores nothing', async () => {
		const made = await createBackup({ databaseUrl: t.url, dir: path.join(dir, 'again'), key, now: new Date('2026-12-07T05:00:00Z') });
		const before = s3.objects.size;
		await expect(copyOffsite(made.file, { ...target, secretAccessKey: 'salah' }, { daily: 7, weekly: 4 })).rejects.toThrow(/SignatureDoesNotMatch|signature/i);
		await expect(copyOffsite(made.file, { ...target, region: 'us-east-1' }, { daily: 7, weekly: 4 })).rejects.toThrow();
		expect(s3.objects.size).toBe(before);
		expect(s3.refused).toBeGreaterThanOrEqual(2);
	});
});
