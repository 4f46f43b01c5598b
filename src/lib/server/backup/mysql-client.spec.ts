import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { createBackup, restoreBackup } from './backup';

let t: TestDatabase;
let dir: string;
let admin: mysql.Connection;
const user = `lunas_pw_${randomBytes(3).toString('hex')}`;
// Every character an option file or a shell could mistake: quotes, backslash, comment, separators.
const password = `p@ss "w\\o'rd# ;x=$(id) y`;

beforeAll(async () => {
	t = await createTestDatabase();
	dir = await mkdtemp(path.join(tmpdir(), 'lunas-client-'));
	admin = await mysql.createConnection({ uri: t.url });
	await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', password]);
	await admin.query(`GRANT ALL ON \`${t.name}\`.* TO ?@?`, [user, '%']);
});
afterAll(async () => {
	await admin?.query('DROP USER IF EXISTS ?@?', [user, '%']);
	await admin?.end();
	await t?.drop();
	if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the dump tool', () => {
	it('signs in as a database user of its own whose password has quotes, backslashes and comment signs', async () => {
		const url = new URL(t.url);
		url.username = user;
		url.password = encodeURIComponent(password);
		const made = await createBackup({ databaseUrl: url.toString(), dir, key: randomBytes(32).subarray(0, 32) });
		expect(made.bytes).toBeGreaterThan(1000);
	});

	it('fails with the server\'s own words for a wrong password, and leaves no file', async () => {
		const url = new URL(t.url);
		url.username = user;
		url.password = 'wrong';
		await expect(createBackup({ databaseUrl: url.toString(), dir: path.join(dir, 'x'), key: randomBytes(32) })).rejects.toThrow(/Access denied/);
		expect(await readdir(path.join(dir, 'x'))).toEqual([]);
	});

	it('backs up and restores rows holding quotes, SQL, emoji, Javanese script, NUL and binary byte for byte', async () => {
		await admin.query('CREATE TABLE odd (id INT PRIMARY KEY, s TEXT, b BLOB) CHARACTER SET utf8mb4');
		const texts = ["Bu Siti's \"warung\" \\ ; -- /* */", 'emoji 🛜 dan aksara ꦗꦮ', '\u0000\u0001\r\n\t', "'); DROP TABLE odd; --"];
		for (const [i, s] of texts.entries()) await admin.query('INSERT INTO odd VALUES (?, ?, ?)', [i, s, Buffer.from(s + '\u00ff', 'latin1')]);
		const key = randomBytes(32);
		const made = await createBackup({ databaseUrl: t.url, dir: path.join(dir, 'odd'), key });
		const copy = `${t.name}_odd`;
		try {
			await restoreBackup({ file: made.file, databaseUrl: t.url.replace(/\/[^/]+$/, `/${copy}`), key });
			const [a] = await admin.query('SELECT id, s, HEX(b) AS b FROM odd ORDER BY id');
			const [b] = await admin.query(`SELECT id, s, HEX(b) AS b FROM \`${copy}\`.odd ORDER BY id`);
			expect(b).toEqual(a);
			expect((a as unknown[]).length).toBe(texts.length);
		} finally {
			await admin.query(`DROP DATABASE IF EXISTS \`${copy}\``);
		}
	});
});
