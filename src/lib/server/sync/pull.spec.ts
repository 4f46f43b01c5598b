import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import mysql from 'mysql2/promise';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { trpcTester } from '../../../../tests/trpc';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { areas, customers, invoices, subscriptions, userAreas } from '../db/schema';
import { nextVersion } from '../db/version';
import { runBilling } from '../billing/billing-run';
import { recordPayment } from '../billing/payments';
import { writeSetting } from '../settings';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { localDateOf } from '../../shared/dates';
import { translator } from '../../shared/i18n/index';
import type { PullOutput } from '../../shared/sync/rows';
import type { SessionUser } from '../auth/session';
import { OFFLINE_DAYS_KEY } from './devices';
import { ISP_PROFILE_KEY } from '../../shared/schemas/isp-profile';
import { DEFAULT_TEMPLATES, MESSAGE_TEMPLATES_KEY } from '../../shared/templates';
import { DEFAULT_CASH_BOUND } from '../../shared/cash-bound';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let areaB: string;
const today = localDateOf(new Date(), 'Asia/Jakarta');
const ledger = { timeZone: 'Asia/Jakarta', rules: DEFAULT_BILLING_RULES, actorUserId: null, ipAddress: null, t: translator('id') };

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	areaB = randomUUID();
	await t.db.insert(areas).values({ id: areaB, name: 'Area B' });
});
afterAll(async () => t?.drop());

/** Gives rows a fresh version, as a writing transaction would: one version for all of them. */
async function touchCustomers(ids: string[]): Promise<number> {
	return t.db.transaction(async (tx) => {
		const v = await nextVersion(tx);
		await tx.update(customers).set({ version: v }).where(inArray(customers.id, ids));
		return v;
	});
}

/** Pulls page after page until `more` is false; returns every page. */
async function pullAll(user: SessionUser, deviceId: string, cursor = 0, limit = 2000): Promise<PullOutput[]> {
	const pages: PullOutput[] = [];
	for (let i = 0; i < 1000; i++) {
		const page = await callerAs(user).sync.pull({ deviceId, cursor, limit });
		pages.push(page);
		if (page.reset || !page.more) return pages;
		expect(page.cursor).toBeGreaterThan(cursor);
		cursor = page.cursor;
	}
	throw new Error('pull never finished');
}

const customerIds = (pages: PullOutput[]) => new Set(pages.flatMap((p) => p.rows.customers.map((c) => c.id)));

describe('sync.pull', () => {
	it('sends only my areas, with their subscriptions, open invoices and recent payments, and the session window', async () => {
		const tech = await makeUser('technician', [isp.areaId]);
		const mine = await makeCustomer(t.db, isp);
		const theirs = await makeCustomer(t.db, { ...isp, areaId: areaB });
		const mySub = await makeSubscription(t.db, isp, mine, { startDate: today });
		const theirSub = await makeSubscription(t.db, isp, theirs, { startDate: today });
		await runBilling(t.db, { today, rules: DEFAULT_BILLING_RULES, subscriptionIds: [mySub, theirSub] });
		await recordPayment(t.db, { customerId: mine, amount: 1000, method: 'cash', receivedAt: new Date(), source: 'office', externalId: randomUUID(), collectedBy: null }, ledger);
		await recordPayment(t.db, { customerId: theirs, amount: 1000, method: 'cash', receivedAt: new Date(), source: 'office', externalId: randomUUID(), collectedBy: null }, ledger);

		const [page] = await pullAll(tech, randomUUID());
		expect(page.reset).toBe(false);
		expect(page.rows.areas.map((a) => a.id)).toEqual([isp.areaId]);
		expect(page.rows.customers.map((c) => c.id)).toEqual([mine]);
		expect(page.rows.subscriptions.map((s) => s.id)).toEqual([mySub]);
		expect(page.rows.invoices.every((i) => i.customerId === mine && i.status === 'partial')).toBe(true);
		expect(page.rows.invoices).toHaveLength(1);
		expect(page.rows.payments.map((p) => p.customerId)).toEqual([mine]);
		expect(page.rows.packages.map((p) => p.id)).toContain(isp.packageId);
		expect(JSON.stringify(page)).not.toContain(theirs);
		expect(page.user).toEqual({ id: tech.id, name: tech.name, username: tech.username });
		expect(page.isp).toEqual({ name: 'Lunas', receiptTemplate: DEFAULT_TEMPLATES.receipt, cashBound: DEFAULT_CASH_BOUND, customerLanguage: 'id' });
		const days = (Date.parse(page.offlineUntil) - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(13.9);
		expect(days).toBeLessThan(14.1);

		await writeSetting(t.db, OFFLINE_DAYS_KEY, { days: 3 }, null);
		const [short] = await pullAll(tech, randomUUID());
		expect((Date.parse(short.offlineUntil) - Date.now()) / 86_400_000).toBeLessThan(3.1);

		await writeSetting(t.db, ISP_PROFILE_KEY, { name: 'Teluk Net' }, null);
		await writeSetting(t.db, MESSAGE_TEMPLATES_KEY, { ...DEFAULT_TEMPLATES, receipt: 'Lunas, {nama}. Kuitansi {nomor}.' }, null);
		const [named] = await pullAll(tech, randomUUID());
		expect(named.isp).toEqual({ name: 'Teluk Net', receiptTemplate: 'Lunas, {nama}. Kuitansi {nomor}.', cashBound: DEFAULT_CASH_BOUND, customerLanguage: 'id' });
	});

	it('pages by version without losing a row, and sends a version bigger than a page whole', async () => {
		const area = randomUUID();
		await t.db.insert(areas).values({ id: area, name: `Paging ${area.slice(0, 6)}` });
		const tech = await makeUser('technician', [area]);
		const ids: string[] = [];
		for (let i = 0; i < 23; i++) ids.push(await makeCustomer(t.db, { ...isp, areaId: area }));
		// Singles, pairs, and one version of 7 rows: page boundaries fall inside versions.
		await touchCustomers(ids.slice(0, 1));
		await touchCustomers(ids.slice(1, 3));
		await touchCustomers(ids.slice(3, 10));
		for (const id of ids.slice(10, 16)) await touchCustomers([id]);
		await touchCustomers(ids.slice(16, 18));
		// ids 18–22 keep version 0 (never versioned): a first pull still sends them.

		const pages = await pullAll(tech, randomUUID(), 0, 3);
		expect(pages.length).toBeGreaterThan(4);
		expect(customerIds(pages)).toEqual(new Set(ids));
		// The 7-row version came in one page.
		const big = pages.find((p) => p.rows.customers.some((c) => c.id === ids[3]))!;
		expect(ids.slice(3, 10).every((id) => big.rows.customers.some((c) => c.id === id))).toBe(true);

		// Later changes arrive from the last cursor, and nothing else.
		const deviceId = randomUUID();
		const first = await pullAll(tech, deviceId, 0, 3);
		const cursor = first.at(-1)!.cursor;
		await touchCustomers([ids[5], ids[20]]);
		const next = await pullAll(tech, deviceId, cursor, 3);
		expect(customerIds(next)).toEqual(new Set([ids[5], ids[20]]));
	});

	it('never skips a row whose transaction commits after a later version was pulled (the version hole)', async () => {
		const tech = await makeUser('technician', [isp.areaId]);
		const deviceId = randomUUID();
		const start = (await pullAll(tech, deviceId)).at(-1)!.cursor;
		const conn = await mysql.createConnection({ uri: t.url });
		try {
			await conn.query('START TRANSACTION');
			await conn.query('UPDATE sync_counter SET value = LAST_INSERT_ID(value + 1) WHERE id = 1');
			const [[{ v }]] = (await conn.query('SELECT LAST_INSERT_ID() AS v')) as unknown as [[{ v: number }]];
			const late = randomUUID();
			await conn.query(`INSERT INTO customers (id, code, name, address, area_id, version) VALUES (?, ?, 'Terlambat', 'Jl. X', ?, ?)`, [late, `L${late.slice(0, 8)}`, isp.areaId, v]);
			// A pull while that transaction is open must not move past its version.
			const during = await callerAs(tech).sync.pull({ deviceId, cursor: start, limit: 100 });
			expect(during.cursor).toBeLessThan(Number(v));
			await conn.query('COMMIT');
			const after = await pullAll(tech, deviceId, during.cursor);
			expect(customerIds(after).has(late)).toBe(true);
		} finally {
			await conn.end();
		}
	});

	it('sends deletions: paid invoices, deleted customers, customers moved out; a customer moved in brings its rows', async () => {
		const tech = await makeUser('technician', [isp.areaId]);
		const deviceId = randomUUID();
		const paidOff = await makeCustomer(t.db, isp);
		const paidSub = await makeSubscription(t.db, isp, paidOff, { startDate: today });
		const moving = await makeCustomer(t.db, isp);
		const incoming = await makeCustomer(t.db, { ...isp, areaId: areaB });
		const incomingSub = await makeSubscription(t.db, isp, incoming, { startDate: today });
		const leaving = await makeCustomer(t.db, isp);
		await runBilling(t.db, { today, rules: DEFAULT_BILLING_RULES, subscriptionIds: [paidSub, incomingSub] });
		const [invoice] = await t.db.select().from(invoices).where(eq(invoices.subscriptionId, paidSub));
		const cursor = (await pullAll(tech, deviceId)).at(-1)!.cursor;

		await recordPayment(t.db, { customerId: paidOff, invoiceId: invoice.id, amount: invoice.amount, method: 'cash', receivedAt: new Date(), source: 'office', externalId: randomUUID(), collectedBy: null }, ledger);
		await t.db.transaction(async (tx) => {
			const v = await nextVersion(tx);
			await tx.update(customers).set({ areaId: areaB, version: v }).where(eq(customers.id, moving));
			await tx.update(customers).set({ areaId: isp.areaId, version: v }).where(eq(customers.id, incoming));
			await tx.update(customers).set({ deletedAt: new Date(), version: v }).where(eq(customers.id, leaving));
		});
		const pages = await pullAll(tech, deviceId, cursor);
		const deletions = pages.flatMap((p) => p.deletions);
		expect(deletions).toContainEqual({ table: 'invoices', id: invoice.id });
		expect(deletions).toContainEqual({ table: 'customers', id: moving });
		expect(deletions).toContainEqual({ table: 'customers', id: leaving });
		const rows = pages.flatMap((p) => p.rows.customers.map((c) => c.id));
		expect(rows).toContain(incoming);
		expect(pages.flatMap((p) => p.rows.subscriptions.map((s) => s.id))).toContain(incomingSub);
		expect(pages.flatMap((p) => p.rows.invoices.map((i) => i.customerId))).toContain(incoming);
		expect(pages.flatMap((p) => p.rows.payments.map((p) => p.customerId))).toContain(paidOff);
	});

	it('answers reset when my areas changed since the device last pulled, then serves the new areas', async () => {
		const tech = await makeUser('technician', [isp.areaId]);
		const deviceId = randomUUID();
		const inB = await makeCustomer(t.db, { ...isp, areaId: areaB });
		const cursor = (await pullAll(tech, deviceId)).at(-1)!.cursor;
		await t.db.delete(userAreas).where(eq(userAreas.userId, tech.id));
		await t.db.insert(userAreas).values({ userId: tech.id, areaId: areaB });

		const reset = await callerAs(tech).sync.pull({ deviceId, cursor, limit: 100 });
		expect(reset).toMatchObject({ reset: true, cursor: 0, more: false, deletions: [] });
		expect(reset.rows.customers).toEqual([]);
		const fresh = await pullAll(tech, deviceId, 0);
		expect(fresh[0].reset).toBe(false);
		expect(customerIds(fresh).has(inB)).toBe(true);
		expect(fresh.flatMap((p) => p.rows.areas.map((a) => a.id))).toEqual([areaB]);
		// Same areas from now on: no more resets.
		expect((await callerAs(tech).sync.pull({ deviceId, cursor: fresh.at(-1)!.cursor, limit: 100 })).reset).toBe(false);
		void sql;
		void subscriptions;
	});
});
