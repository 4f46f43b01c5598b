/**
 * The restore drill (issue #19): the demo ISP plus activity → backup → drop → restore gives back
 * every table with the same row count and CHECKSUM TABLE, and a technician's phone that was offline
 * across the restore syncs afterwards with nothing applied twice.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { and, count, eq, inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { trpcTester } from '../../../../tests/trpc';
import { openDatabase, type DatabaseHandle } from '../db/index';
import { customers, invoices, payments, userAreas, users } from '../db/schema';
import { seedDemo } from '../demo/seed';
import type { SessionUser } from '../auth/session';
import type { PushInput, SyncOperation } from '../../shared/sync/operations';
import { createBackup, restoreBackup, RestoreRefusedError } from './backup';
import { BackupFileError } from './sealed-stream';

const SECRETS_KEY = '0123456789abcdef'.repeat(4);
const key = randomBytes(32);
let t: TestDatabase;
/** The handle tests use; replaced after the restore. */
let live: DatabaseHandle;
let dir: string;
let admin: mysql.Connection;

beforeAll(async () => {
	t = await createTestDatabase();
	live = t;
	dir = await mkdtemp(path.join(tmpdir(), 'lunas-drill-'));
	admin = await mysql.createConnection({ uri: t.url });
});
afterAll(async () => {
	await live?.close().catch(() => undefined);
	await admin?.query(`DROP DATABASE IF EXISTS \`${t.name}\``);
	await admin?.end();
	if (dir) await rm(dir, { recursive: true, force: true });
});

const tester = trpcTester(() => ({ ...t, ...live }) as TestDatabase);

/** Every base table's row count and CHECKSUM TABLE, in name order. */
async function fingerprint(conn: mysql.Connection, database: string): Promise<Record<string, { rows: number; checksum: string }>> {
	const [tables] = await conn.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name", [database]);
	const out: Record<string, { rows: number; checksum: string }> = {};
	for (const { name } of tables as Array<{ name: string }>) {
		const [[c]] = (await conn.query(`SELECT COUNT(*) AS n FROM \`${database}\`.\`${name}\``)) as unknown as [[{ n: number }]];
		const [[s]] = (await conn.query(`CHECKSUM TABLE \`${database}\`.\`${name}\` EXTENDED`)) as unknown as [[{ Checksum: string | number }]];
		out[name] = { rows: Number(c.n), checksum: String(s.Checksum) };
	}
	return out;
}

function cash(customerId: string, amount: number): SyncOperation {
	return { type: 'cash-payment', paymentId: randomUUID(), customerId, invoiceId: null, amount, receivedAt: new Date().toISOString() };
}

describe('the restore drill', () => {
	let tech: SessionUser;
	let office: SessionUser;
	let customerIds: string[];
	let queue: PushInput;
	let before: Awaited<ReturnType<typeof fingerprint>>;
	let backupFile: string;
	let receiptsBefore: Array<string | undefined>;

	it('seeds the demo ISP and some activity: counter payments and a phone\'s sync push', async () => {
		const seeded = await seedDemo(t.db, { secretsKey: SECRETS_KEY, timeZone: 'Asia/Jakarta', customers: 30 });
		expect(seeded.seeded).toBe(true);
		const [techRow] = await t.db.select().from(users).where(eq(users.username, 'technician'));
		const [officeRow] = await t.db.select().from(users).where(eq(users.username, 'office'));
		tech = { id: techRow.id, username: techRow.username, name: techRow.name, role: 'technician', language: 'id' };
		office = { id: officeRow.id, username: officeRow.username, name: officeRow.name, role: 'office', language: 'id' };
		const areaIds = (await t.db.select({ id: userAreas.areaId }).from(userAreas).where(eq(userAreas.userId, tech.id))).map((r) => r.id);
		customerIds = (await t.db.select({ id: customers.id }).from(customers).where(inArray(customers.areaId, areaIds)).limit(4)).map((r) => r.id);
		expect(customerIds.length).toBeGreaterThanOrEqual(2);

		const [open] = await t.db.select().from(invoices).where(eq(invoices.status, 'unpaid')).limit(1);
		await tester.callerAs(office).payments.record({ idempotencyKey: randomUUID(), customerId: open.customerId, invoiceId: open.id, amount: 25_000, method: 'cash' });
		await tester.callerAs(office).payments.record({ idempotencyKey: randomUUID(), customerId: open.customerId, amount: 10_000, method: 'transfer' });

		// The phone's queue: seven cash payments. It pushes the first five; the reply to that push is
		// lost (the phone goes offline), so as far as the phone knows all seven are still queued.
		queue = { deviceId: randomUUID(), operations: Array.from({ length: 7 }, (_, i) => ({ seq: i + 1, opId: randomUUID(), op: cash(customerIds[i % customerIds.length], 5_000 + i * 1_000) })) };
		const pushed = await tester.callerAs(tech).sync.push({ deviceId: queue.deviceId, operations: queue.operations.slice(0, 5) });
		expect(pushed.results.map((r) => r.status)).toEqual(Array(5).fill('applied'));
		receiptsBefore = pushed.results.map((r) => r.result?.receiptNumber as string | undefined);
	});

	it('backs up while the app is connected, then restores into the dropped database with every table equal', async () => {
		const made = await createBackup({ databaseUrl: t.url, dir, key });
		backupFile = made.file;
		expect(path.basename(made.file)).toMatch(/^lunas-\d{8}T\d{6}Z\.sql\.gz\.enc$/);
		expect(made.bytes).toBeGreaterThan(1000);
		// Sealed: neither the SQL nor a customer's name is readable in the file.
		const raw = await readFile(made.file);
		expect(raw.includes(Buffer.from('INSERT INTO'))).toBe(false);
		expect(raw.includes(Buffer.from('CREATE TABLE'))).toBe(false);
		expect(await readdir(dir)).toEqual([path.basename(made.file)]);

		before = await fingerprint(admin, t.name);
		expect(Object.keys(before).length).toBeGreaterThan(20);
		expect(before.payments.rows).toBeGreaterThan(0);
		expect(before.sync_ops.rows).toBe(5);

		await live.close();
		await admin.query(`DROP DATABASE \`${t.name}\``);
		await restoreBackup({ file: made.file, databaseUrl: t.url, key });
		const after = await fingerprint(admin, t.name);
		expect(after).toEqual(before);
		live = openDatabase(t.url);
		// The app serves from it: the office's dashboard and the open invoices read as before.
		const dashboard = await tester.callerAs(office).reports.dashboard();
		expect(dashboard.counts.activeSubscriptions).toBeGreaterThan(0);
	});

	it('refuses to restore into a database that has tables, and changes nothing', async () => {
		await expect(restoreBackup({ file: backupFile, databaseUrl: t.url, key })).rejects.toBeInstanceOf(RestoreRefusedError);
		expect(await fingerprint(admin, t.name)).toEqual(before);
	});

	it('refuses a file sealed with another key, or altered, before it writes anything', async () => {
		const other = `${t.name}_x`;
		const url = t.url.replace(/\/[^/]+$/, `/${other}`);
		try {
			await expect(restoreBackup({ file: backupFile, databaseUrl: url, key: randomBytes(32) })).rejects.toMatchObject({ reason: 'wrong_key' });
			const raw = await readFile(backupFile);
			raw[Math.floor(raw.length / 2)] ^= 0x01;
			const altered = path.join(dir, 'altered.enc');
			await writeFile(altered, raw);
			const err = await restoreBackup({ file: altered, databaseUrl: url, key }).catch((e) => e);
			expect(err).toBeInstanceOf(BackupFileError);
			expect(err.reason).toBe('corrupt');
			const [[{ n }]] = (await admin.query('SELECT COUNT(*) AS n FROM information_schema.schemata WHERE schema_name = ?', [other])) as unknown as [[{ n: number }]];
			expect(Number(n)).toBe(0);
		} finally {
			await admin.query(`DROP DATABASE IF EXISTS \`${other}\``);
		}
	});

	it('syncs the phone that was offline across the restore: the five it had pushed answer as before, the two new ones apply once', async () => {
		const [{ n: paymentsBefore }] = await live.db.select({ n: count() }).from(payments);
		const out = await tester.callerAs(tech).sync.push(queue);
		expect(out.results.map((r) => r.status)).toEqual(Array(7).fill('applied'));
		expect(out.lastAppliedSeq).toBe(7);
		// The resent five are answered from their stored results: same receipts, no new payment.
		expect(out.results.slice(0, 5).map((r) => r.result?.receiptNumber)).toEqual(receiptsBefore);
		const [{ n: paymentsAfter }] = await live.db.select({ n: count() }).from(payments);
		expect(paymentsAfter - paymentsBefore).toBe(2);
		const opIds = queue.operations.map((o) => (o.op as Extract<SyncOperation, { type: 'cash-payment' }>).paymentId);
		const rows = await live.db.select({ externalId: payments.externalId }).from(payments).where(and(eq(payments.source, 'device'), inArray(payments.externalId, opIds)));
		expect(rows.map((r) => r.externalId).sort()).toEqual([...opIds].sort());

		// And once more, as if this reply were lost too: nothing changes.
		const again = await tester.callerAs(tech).sync.push(queue);
		expect(again).toEqual(out);
		const [{ n: paymentsFinal }] = await live.db.select({ n: count() }).from(payments);
		expect(paymentsFinal).toBe(paymentsAfter);
	});
});
