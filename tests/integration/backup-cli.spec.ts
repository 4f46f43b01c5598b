/**
 * `npm run backup` and `npm run backup:restore -- FILE` as the operator runs them: real processes,
 * the environment as in /etc/lunas/lunas.env, exit codes and the one line they print.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from '../db';

const run = promisify(execFile);
let t: TestDatabase;
let dir: string;
let env: Record<string, string>;
const restored = () => `${t.name}_cli`;

beforeAll(async () => {
	t = await createTestDatabase();
	dir = await mkdtemp(path.join(tmpdir(), 'lunas-cli-'));
	env = {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		DATABASE_URL: t.url,
		SESSION_SECRET: randomBytes(32).toString('hex'),
		SECRETS_KEY: randomBytes(32).toString('hex'),
		PUBLIC_BASE_URL: 'http://localhost:3000',
		BACKUP_KEY: randomBytes(32).toString('hex'),
		BACKUP_DIR: dir,
		LOG_LEVEL: 'silent'
	};
});
afterAll(async () => {
	const conn = await mysql.createConnection({ uri: t.url });
	await conn.query(`DROP DATABASE IF EXISTS \`${restored()}\``);
	await conn.end();
	await t?.drop();
	if (dir) await rm(dir, { recursive: true, force: true });
});

async function cli(script: string, args: string[], extra: Record<string, string | undefined> = {}) {
	const merged = Object.fromEntries(Object.entries({ ...env, ...extra }).filter(([, v]) => v !== undefined)) as Record<string, string>;
	try {
		const { stdout, stderr } = await run(path.resolve('node_modules/.bin/tsx'), [`scripts/${script}.ts`, ...args], { env: merged, timeout: 60_000 });
		return { code: 0, out: stdout + stderr };
	} catch (err) {
		const e = err as { code: number; stdout: string; stderr: string };
		return { code: e.code, out: e.stdout + e.stderr };
	}
}

describe('the backup commands', () => {
	it('back up, refuse to restore over data, restore into an empty database, and explain every refusal', async () => {
		const noKey = await cli('backup', [], { BACKUP_KEY: undefined });
		expect(noKey.code).toBe(1);
		expect(noKey.out).toMatch(/BACKUP_KEY is not set/);

		const made = await cli('backup', []);
		expect(made.code, made.out).toBe(0);
		expect(made.out).toMatch(/^Backup written: .*lunas-\d{8}T\d{6}Z\.sql\.gz\.enc \(\d+ bytes/m);
		const [file] = (await readdir(dir)).map((n) => path.join(dir, n));

		expect((await cli('backup-restore', [])).code).toBe(2);
		const missing = await cli('backup-restore', [path.join(dir, 'nope.enc')]);
		expect([missing.code, missing.out.trim()]).toEqual([2, `No such file: ${path.join(dir, 'nope.enc')}`]);

		const notEmpty = await cli('backup-restore', [file]);
		expect(notEmpty.code).toBe(1);
		expect(notEmpty.out).toMatch(/^Restore refused: the database .* is not empty/m);

		const junk = path.join(dir, 'junk.enc');
		await writeFile(junk, 'not a backup at all, just some text long enough to have a header');
		const notOurs = await cli('backup-restore', [junk], { DATABASE_URL: t.url.replace(/\/[^/]+$/, `/${restored()}`) });
		expect(notOurs.code).toBe(1);
		expect(notOurs.out).toMatch(/Restore refused: .* is not a Lunas backup/);

		const ok = await cli('backup-restore', [file], { DATABASE_URL: t.url.replace(/\/[^/]+$/, `/${restored()}`) });
		expect(ok.code, ok.out).toBe(0);
		expect(ok.out).toMatch(/^Restored .* in [\d.]+ s\. 1 run\(s\) under way at backup time marked failed\.$/m);
		const conn = await mysql.createConnection({ uri: t.url });
		const [[row]] = (await conn.query(`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?`, [restored()])) as unknown as [[{ n: number }]];
		await conn.end();
		expect(Number(row.n)).toBeGreaterThan(20);
	});
});
