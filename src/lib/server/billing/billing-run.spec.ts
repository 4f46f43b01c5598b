import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { billingAdjustments, customers, invoiceItems, invoices, payments, subscriptions } from '../db/schema';
import { runBilling } from './billing-run';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { localDateOf } from '../../shared/dates';

const rules = DEFAULT_BILLING_RULES;
let t: TestDatabase;
let isp: Isp;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
});
afterAll(async () => t?.drop());

async function invoicesOf(subscriptionId: string) {
	return t.db.select().from(invoices).where(eq(invoices.subscriptionId, subscriptionId)).orderBy(invoices.periodStart);
}

describe('billing run', () => {
	it('issues the prorated first period at once and the next one 7 days before it starts', async () => {
		const customer = await makeCustomer(t.db, isp);
		const sub = await makeSubscription(t.db, isp, customer, { startDate: '2026-11-20', billingDay: 1 });
		await runBilling(t.db, { today: '2026-11-20', rules });
		let list = await invoicesOf(sub);
		expect(list.map((i) => [i.periodStart, i.periodEnd, i.amount, i.dueDate, i.status])).toEqual([
			['2026-11-20', '2026-11-30', 55000, '2026-11-30', 'unpaid']
		]);
		await runBilling(t.db, { today: '2026-11-23', rules });
		expect(await invoicesOf(sub)).toHaveLength(1);
		await runBilling(t.db, { today: '2026-11-24', rules });
		list = await invoicesOf(sub);
		expect(list.map((i) => [i.periodStart, i.periodEnd, i.amount, i.dueDate])).toEqual([
			['2026-11-20', '2026-11-30', 55000, '2026-11-30'],
			['2026-12-01', '2026-12-31', 150000, '2026-12-11']
		]);
		expect(list[1].number).toMatch(/^INV-202612-\d{6}$/);
		expect(list[1].payToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
		const items = await t.db.select().from(invoiceItems).where(eq(invoiceItems.invoiceId, list[0].id));
		expect(items).toEqual([expect.objectContaining({ kind: 'proration', amount: 55000 })]);
	});

	it('computes "today" in the ISP zone: 23:30 WIB on 30 Nov is still November on a UTC server', async () => {
		const at = new Date('2026-11-30T16:30:00Z'); // 23:30 WIB
		expect(at.getHours()).toBe(16); // this process runs on a UTC clock (vite.config.ts)
		const today = localDateOf(at, 'Asia/Jakarta');
		expect(today).toBe('2026-11-30');
		const customer = await makeCustomer(t.db, isp);
		// billing day 8: the 8 Dec period is issued on 1 Dec, not on 30 Nov.
		const sub = await makeSubscription(t.db, isp, customer, { startDate: '2026-10-08', paidThrough: '2026-12-07' });
		await runBilling(t.db, { today, rules, now: at });
		expect(await invoicesOf(sub)).toHaveLength(0);
		await runBilling(t.db, { today: localDateOf(new Date('2026-11-30T17:30:00Z'), 'Asia/Jakarta'), rules });
		expect((await invoicesOf(sub)).map((i) => i.periodStart)).toEqual(['2026-12-08']);
	});

	it('starting on the 31st: billing day 28, February and day-28 periods', async () => {
		const customer = await makeCustomer(t.db, isp);
		const sub = await makeSubscription(t.db, isp, customer, { startDate: '2027-01-31' });
		await runBilling(t.db, { today: '2027-01-31', rules });
		await runBilling(t.db, { today: '2027-02-21', rules });
		await runBilling(t.db, { today: '2027-03-21', rules });
		expect((await invoicesOf(sub)).map((i) => [i.periodStart, i.periodEnd, i.amount])).toEqual([
			['2027-01-31', '2027-02-27', 135484],
			['2027-02-28', '2027-03-27', 150000],
			['2027-03-28', '2027-04-27', 150000]
		]);
	});

	it('uses credit first and carries a package-change adjustment onto the next invoice', async () => {
		const customer = await makeCustomer(t.db, isp, 200000);
		const sub = await makeSubscription(t.db, isp, customer, { startDate: '2026-10-01', paidThrough: '2026-11-30' });
		await t.db.insert(billingAdjustments).values({ id: randomUUID(), subscriptionId: sub, amount: 25000, description: 'Selisih ganti paket', sourceKey: `test:${sub}` });
		await runBilling(t.db, { today: '2026-11-24', rules });
		const [inv] = await invoicesOf(sub);
		expect(inv).toMatchObject({ periodStart: '2026-12-01', amount: 175000, amountPaid: 175000, status: 'paid' });
		const [c] = await t.db.select().from(customers).where(eq(customers.id, customer));
		expect(c.creditBalance).toBe(25000);
		const [s] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, sub));
		expect(s.paidThrough).toBe('2026-12-31');
		const creditPayments = await t.db.select().from(payments).where(eq(payments.invoiceId, inv.id));
		expect(creditPayments).toEqual([expect.objectContaining({ method: 'credit', amount: 175000, receiptNumber: null })]);
		const [adj] = await t.db.select().from(billingAdjustments).where(eq(billingAdjustments.subscriptionId, sub));
		expect(adj.invoiceId).toBe(inv.id);
	});

	it('catches up on periods missed while the server was down', async () => {
		const customer = await makeCustomer(t.db, isp);
		const sub = await makeSubscription(t.db, isp, customer, { startDate: '2026-06-15', paidThrough: '2026-09-14' });
		await runBilling(t.db, { today: '2026-11-23', rules });
		expect((await invoicesOf(sub)).map((i) => i.periodStart)).toEqual(['2026-09-15', '2026-10-15', '2026-11-15']);
	});
});

describe('billing run, killed and run again', () => {
	async function fixture(db: TestDatabase, ids: string[]) {
		const i = await makeIsp(db.db, 100000);
		const cust = await makeCustomer(db.db, i);
		for (const [n, id] of ids.entries()) {
			await makeSubscription(db.db, i, cust, { id, startDate: `2026-10-${String((n % 28) + 1).padStart(2, '0')}`, paidThrough: null });
		}
	}
	async function snapshot(db: TestDatabase) {
		const [rows] = (await db.db.execute(sql`
			SELECT subscription_id, period_start, period_end, number, amount, due_date, status
			FROM invoices ORDER BY number`)) as unknown as [Array<Record<string, unknown>>];
		return rows;
	}

	it('gives exactly what one clean run gives', async () => {
		const ids = Array.from({ length: 60 }, () => randomUUID()).sort();
		const clean = await createTestDatabase();
		const killed = await createTestDatabase();
		try {
			await fixture(clean, ids);
			await fixture(killed, ids);
			await runBilling(clean.db, { today: '2026-11-23', rules, batchSize: 7 });

			// Kill inside the fourth batch's transaction, after its rows were written but before commit.
			let batches = 0;
			const boom = new Error('killed');
			const original = killed.db.transaction.bind(killed.db);
			killed.db.transaction = (async (fn: Parameters<typeof original>[0]) =>
				original(async (tx) => {
					const result = await fn(tx);
					batches += 1;
					if (batches === 4) throw boom;
					return result;
				})) as typeof original;
			await expect(runBilling(killed.db, { today: '2026-11-23', rules, batchSize: 7 })).rejects.toBe(boom);
			killed.db.transaction = original;
			const partial = await snapshot(killed);
			expect(partial.length).toBeGreaterThan(0);
			expect(partial.length).toBeLessThan((await snapshot(clean)).length);

			await runBilling(killed.db, { today: '2026-11-23', rules, batchSize: 7 });
			await runBilling(killed.db, { today: '2026-11-23', rules, batchSize: 7 });
			expect(await snapshot(killed)).toEqual(await snapshot(clean));
		} finally {
			await clean.drop();
			await killed.drop();
		}
		// Two databases of its own, migrated, and four billing runs: under load this outlasts the
		// default bound (it took 30 s beside two CPU burners).
	}, 300_000);
});
