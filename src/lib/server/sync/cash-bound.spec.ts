/**
 * Field cash far above what is owed (issue #12, finding 8): recorded, flagged for the office with
 * a reason of its own, under a bound the admin sets (audited) and the phone receives.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../tests/trpc';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { auditLog, customers, invoices, paymentFlags, payments } from '../db/schema';
import { runBilling } from '../billing/billing-run';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { localDateOf } from '../../shared/dates';
import { DEFAULT_CASH_BOUND } from '../../shared/cash-bound';
import type { SyncOperation } from '../../shared/sync/operations';
import type { SessionUser } from '../auth/session';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let tech: SessionUser;
let admin: SessionUser;
const today = localDateOf(new Date(), 'Asia/Jakarta');

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	tech = await makeUser('technician', [isp.areaId]);
	admin = await makeUser('admin');
});
afterAll(async () => t?.drop());

/** A customer owing exactly one invoice; returns what it owes. */
async function owingCustomer() {
	const customerId = await makeCustomer(t.db, isp);
	const subscriptionId = await makeSubscription(t.db, isp, customerId, { startDate: today });
	await runBilling(t.db, { today, rules: DEFAULT_BILLING_RULES, subscriptionIds: [subscriptionId] });
	const [invoice] = await t.db.select().from(invoices).where(eq(invoices.subscriptionId, subscriptionId));
	return { customerId, owed: invoice.amount - invoice.amountPaid };
}

function cash(customerId: string, amount: number): SyncOperation {
	return { type: 'cash-payment', paymentId: randomUUID(), customerId, invoiceId: null, amount, receivedAt: new Date().toISOString() };
}

async function pushCash(customerId: string, amount: number) {
	const op = cash(customerId, amount) as Extract<SyncOperation, { type: 'cash-payment' }>;
	const out = await callerAs(tech).sync.push({ deviceId: randomUUID(), operations: [{ seq: 1, opId: randomUUID(), op }] });
	expect(out.results[0].status).toBe('applied');
	const [row] = await t.db.select().from(payments).where(eq(payments.id, op.paymentId));
	const reasons = await t.db.select({ reason: paymentFlags.reason }).from(paymentFlags).where(eq(paymentFlags.paymentId, op.paymentId));
	return { out: out.results[0], row, reasons: reasons.map((r) => r.reason) };
}

describe('cash far above what is owed', () => {
	it('is recorded but flagged for the office, with its own reason, under the default bound', async () => {
		const { customerId, owed } = await owingCustomer();
		const huge = await pushCash(customerId, 1_000_000_000);
		expect(huge.row.amount).toBe(1_000_000_000);
		expect(huge.row.flag).toBe(`cash-above-owed:1000000000:${owed}`);
		expect(huge.out.result?.flag).toBe(huge.row.flag);
		expect(huge.reasons).toEqual(['cash-above-owed']);
		const [customer] = await t.db.select().from(customers).where(eq(customers.id, customerId));
		expect(customer.creditBalance).toBe(1_000_000_000 - owed);

		// The office sees it under "Perlu dicek".
		const office = await makeUser('office');
		const list = await callerAs(office).payments.list({ flagged: '1', customerId });
		expect(list.rows.map((r) => r.id)).toEqual([huge.row.id]);
	});

	it('leaves ordinary amounts alone: what is owed, a few months ahead, a small prepayment by someone owing nothing', async () => {
		const a = await owingCustomer();
		expect((await pushCash(a.customerId, a.owed)).row.flag).toBeNull();
		// Owing nothing now: up to the margin is fine, above it is flagged.
		expect((await pushCash(a.customerId, DEFAULT_CASH_BOUND.margin)).row.flag).toBeNull();
		const b = await owingCustomer();
		const limit = Math.max(b.owed * DEFAULT_CASH_BOUND.multiple, b.owed + DEFAULT_CASH_BOUND.margin);
		expect((await pushCash(b.customerId, limit)).reasons).toEqual([]);
		const c = await owingCustomer();
		expect((await pushCash(c.customerId, limit + 1)).reasons).toEqual(['cash-above-owed']);
	});

	it('follows the bound the admin sets (audited), which the phone receives on pull', async () => {
		const err = await errorOf(callerAs(admin).settings.saveCashBound({ multiple: 0, margin: -1 }));
		expect(err.code).toBe('BAD_REQUEST');
		expect(Object.keys(fieldErrorsOf(err)).sort()).toEqual(['margin', 'multiple']);
		const techErr = await errorOf(callerAs(tech).settings.saveCashBound({ multiple: 2, margin: 0 }));
		expect(techErr.code).toBe('FORBIDDEN');

		await callerAs(admin).settings.saveCashBound({ multiple: 1, margin: 10_000 });
		try {
			expect((await callerAs(admin).settings.get()).cashBound).toEqual({ multiple: 1, margin: 10_000 });
			const [entry] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'settings.cashBound'), eq(auditLog.userId, admin.id)));
			expect(entry.after).toEqual({ multiple: 1, margin: 10_000 });

			const pulled = await callerAs(tech).sync.pull({ deviceId: randomUUID(), cursor: 0, limit: 10 });
			expect(pulled.isp.cashBound).toEqual({ multiple: 1, margin: 10_000 });

			const { customerId, owed } = await owingCustomer();
			expect((await pushCash(customerId, owed + 20_000)).reasons).toEqual(['cash-above-owed']);
		} finally {
			await callerAs(admin).settings.saveCashBound(DEFAULT_CASH_BOUND);
		}
	});
});

describe('the office counter beyond the same bound (issue #13, item 6)', () => {
	it('refuses an unconfirmed amount beyond the bound, naming the amount and what is owed, writing nothing', async () => {
		const office = await makeUser('office');
		const { customerId, owed } = await owingCustomer();
		const key = randomUUID();
		const err = await errorOf(callerAs(office, 'en').payments.record({ idempotencyKey: key, customerId, amount: 1_000_000_000, method: 'transfer' }));
		expect(err.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(err).amount[0]).toContain('Rp 1.000.000.000');
		expect(fieldErrorsOf(err).amount[0]).toContain(`Rp ${owed.toLocaleString('id-ID')}`);
		expect(await t.db.select().from(payments).where(eq(payments.customerId, customerId))).toEqual([]);

		// Confirmed: recorded with the phone's flag and reason, and listed under "Perlu dicek".
		const confirmed = await callerAs(office).payments.record({ idempotencyKey: key, customerId, amount: 1_000_000_000, method: 'transfer', confirmFarAbove: true });
		expect(confirmed.flag).toBe(`cash-above-owed:1000000000:${owed}`);
		const reasons = await t.db.select({ reason: paymentFlags.reason }).from(paymentFlags).where(eq(paymentFlags.paymentId, confirmed.paymentId));
		expect(reasons.map((r) => r.reason)).toEqual(['cash-above-owed']);
		const list = await callerAs(office).payments.list({ flagged: '1', customerId });
		expect(list.rows.map((r) => r.id)).toEqual([confirmed.paymentId]);
	});

	it('records amounts within the bound without asking or flagging, confirmed or not', async () => {
		const office = await makeUser('office');
		const { customerId, owed } = await owingCustomer();
		const limit = Math.max(owed * DEFAULT_CASH_BOUND.multiple, owed + DEFAULT_CASH_BOUND.margin);
		const out = await callerAs(office).payments.record({ idempotencyKey: randomUUID(), customerId, amount: limit, method: 'cash' });
		expect(out.flag).toBeNull();
		// Owing nothing now: a confirmed small prepayment is no reason to look.
		const again = await callerAs(office).payments.record({ idempotencyKey: randomUUID(), customerId, amount: 100_000, method: 'cash', confirmFarAbove: true });
		expect(again.flag).toBeNull();
		const refused = await errorOf(callerAs(office).payments.record({ idempotencyKey: randomUUID(), customerId, amount: DEFAULT_CASH_BOUND.margin + 1, method: 'cash' }));
		expect(Object.keys(fieldErrorsOf(refused))).toEqual(['amount']);
	});
});
