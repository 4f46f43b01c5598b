import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makeStaff, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { customers, invoices, payments, routerJobs, subscriptions, auditLog } from '../db/schema';
import { runBilling } from './billing-run';
import { runOverdue } from './overdue-run';
import { recordPayment, recordPaymentsInTx, voidPayment, type LedgerContext, type RecordPaymentInput } from './payments';
import { nextVersion } from '../db/version';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { translator } from '../../shared/i18n/index';
import { FieldValidationError } from '../trpc/trpc';

const rules = DEFAULT_BILLING_RULES;
let t: TestDatabase;
let isp: Isp;
let cashier: string;

/** A clock fixed at 10:00 WIB on `day`. */
function ctxOn(day: string): LedgerContext {
	return { timeZone: 'Asia/Jakarta', rules, actorUserId: cashier, ipAddress: '10.0.0.5', t: translator('id'), now: new Date(`${day}T03:00:00Z`) };
}

function cash(customerId: string, amount: number, day: string, extra: Partial<RecordPaymentInput> = {}): RecordPaymentInput {
	return { customerId, amount, method: 'cash', receivedAt: new Date(`${day}T03:00:00Z`), source: 'office', externalId: randomUUID(), collectedBy: cashier, ...extra };
}

async function subscriptionRow(id: string) {
	return (await t.db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0];
}
async function invoicesOf(subscriptionId: string) {
	return t.db.select().from(invoices).where(eq(invoices.subscriptionId, subscriptionId)).orderBy(invoices.periodStart);
}
async function creditOf(customerId: string) {
	return (await t.db.select().from(customers).where(eq(customers.id, customerId)))[0].creditBalance;
}

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	cashier = (await makeStaff(t.db, 'office')).id;
});
afterAll(async () => t?.drop());

describe('recording a payment', () => {
	it('pays the oldest invoice first, then the next, and puts the surplus on credit', async () => {
		const customer = await makeCustomer(t.db, isp);
		const sub = await makeSubscription(t.db, isp, customer, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
		await runBilling(t.db, { today: '2026-10-25', rules }); // Sep, Oct, Nov
		const [sep, oct, nov] = await invoicesOf(sub);
		// Pointing at the newest invoice still pays the oldest first.
		const out = await recordPayment(t.db, cash(customer, 320000, '2026-10-26', { invoiceId: nov.id }), ctxOn('2026-10-26'));
		expect(out.allocations).toEqual([
			{ invoiceId: sep.id, amount: 150000 },
			{ invoiceId: oct.id, amount: 150000 },
			{ invoiceId: nov.id, amount: 20000 }
		]);
		expect(out.creditAdded).toBe(0);
		expect(out.receiptNumber).toMatch(/^RCP-202610-\d{6}$/);
		expect((await invoicesOf(sub)).map((i) => [i.status, i.amountPaid])).toEqual([
			['paid', 150000],
			['paid', 150000],
			['partial', 20000]
		]);
		expect((await subscriptionRow(sub)).paidThrough).toBe('2026-10-31');

		const more = await recordPayment(t.db, cash(customer, 200000, '2026-10-27'), ctxOn('2026-10-27'));
		expect(more.allocations).toEqual([{ invoiceId: nov.id, amount: 130000 }]);
		expect(more.creditAdded).toBe(70000);
		expect(await creditOf(customer)).toBe(70000);
		expect((await subscriptionRow(sub)).paidThrough).toBe('2026-11-30');
	});

	it('records a resent payment once, even when the resends race', async () => {
		const customer = await makeCustomer(t.db, isp);
		await makeSubscription(t.db, isp, customer, { startDate: '2026-11-01' });
		await runBilling(t.db, { today: '2026-11-01', rules });
		const input = cash(customer, 150000, '2026-11-02');
		const results = await Promise.all([1, 2, 3].map(() => recordPayment(t.db, input, ctxOn('2026-11-02'))));
		expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
		expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
		const rows = await t.db.select().from(payments).where(eq(payments.customerId, customer));
		expect(rows).toHaveLength(1);
		const again = await recordPayment(t.db, input, ctxOn('2026-11-03'));
		expect(again).toMatchObject({ paymentId: results[0].paymentId, duplicate: true });
	});

	it('records a batch in order: later payments see earlier ones, receipts number per month, refusals write nothing', async () => {
		const customer = await makeCustomer(t.db, isp);
		const sub = await makeSubscription(t.db, isp, customer, { startDate: '2026-10-01', paidThrough: '2026-09-30' });
		await runBilling(t.db, { today: '2026-11-01', rules }); // Oct, Nov
		const [oct, nov] = await invoicesOf(sub);
		const batch = [
			cash(customer, 100000, '2026-10-31'),
			cash(customer, 0, '2026-11-01'),
			cash(customer, 100000, '2026-11-01'),
			cash(randomUUID(), 5000, '2026-11-01'),
			cash(customer, 150000, '2026-11-01')
		];
		const attempts = await t.db.transaction(async (tx) => recordPaymentsInTx(tx, await nextVersion(tx), batch, ctxOn('2026-11-01')));
		expect(attempts.map((a) => (a.ok ? 'ok' : Object.keys(a.error.fieldErrors)[0]))).toEqual(['ok', 'amount', 'ok', 'customerId', 'ok']);
		const outcomes = attempts.flatMap((a) => (a.ok ? [a.outcome] : []));
		expect(outcomes.map((o) => o.allocations)).toEqual([
			[{ invoiceId: oct.id, amount: 100000 }],
			[{ invoiceId: oct.id, amount: 50000 }, { invoiceId: nov.id, amount: 50000 }],
			[{ invoiceId: nov.id, amount: 100000 }]
		]);
		expect(outcomes.map((o) => o.creditAdded)).toEqual([0, 0, 50000]);
		const [first, second, third] = outcomes.map((o) => o.receiptNumber!);
		expect(first).toMatch(/^RCP-202610-\d{6}$/);
		expect(second).toMatch(/^RCP-202611-\d{6}$/);
		expect(Number(third.slice(-6))).toBe(Number(second.slice(-6)) + 1);
		expect((await invoicesOf(sub)).map((i) => [i.status, i.amountPaid])).toEqual([
			['paid', 150000],
			['paid', 150000]
		]);
		expect(await creditOf(customer)).toBe(50000);
		expect(await t.db.select().from(payments).where(eq(payments.customerId, customer))).toHaveLength(3);
		expect(await t.db.select().from(auditLog).where(eq(auditLog.entityId, outcomes[1].paymentId))).toHaveLength(1);
	});

	it('refuses bad input with the field named and writes nothing', async () => {
		const customer = await makeCustomer(t.db, isp);
		const other = await makeCustomer(t.db, isp);
		const otherSub = await makeSubscription(t.db, isp, other, { startDate: '2026-11-01' });
		await runBilling(t.db, { today: '2026-11-01', rules });
		const [otherInvoice] = await invoicesOf(otherSub);
		const cases: Array<[Partial<RecordPaymentInput>, string]> = [
			[{ amount: -5000 }, 'amount'],
			[{ amount: 1500.5 }, 'amount'],
			[{ amount: 2_000_000_000 }, 'amount'],
			[{ customerId: randomUUID() }, 'customerId'],
			[{ invoiceId: otherInvoice.id }, 'invoiceId'],
			[{ receivedAt: new Date('2026-12-25T03:00:00Z') }, 'receivedAt'],
			// Dates no payment can have, which would number a receipt RCP-000101-… or RCP-197001-…
			[{ receivedAt: new Date('0001-01-01T00:00:00Z') }, 'receivedAt'],
			[{ receivedAt: new Date(0) }, 'receivedAt'],
			[{ receivedAt: new Date('1999-12-31T03:00:00Z') }, 'receivedAt'],
			[{ receivedAt: new Date(Number.NaN) }, 'receivedAt']
		];
		for (const [patch, field] of cases) {
			const err = await recordPayment(t.db, cash(customer, 10000, '2026-11-02', patch), ctxOn('2026-11-02')).catch((e) => e);
			expect(err).toBeInstanceOf(FieldValidationError);
			expect(Object.keys((err as FieldValidationError).fieldErrors)).toEqual([field]);
		}
		expect(await t.db.select().from(payments).where(eq(payments.customerId, customer))).toHaveLength(0);
	});

	it('a void reverses the payment, reopens its invoices and takes back its credit', async () => {
		const customer = await makeCustomer(t.db, isp);
		const sub = await makeSubscription(t.db, isp, customer, { startDate: '2026-11-01' });
		await runBilling(t.db, { today: '2026-11-01', rules });
		const paid = await recordPayment(t.db, cash(customer, 160000, '2026-11-02'), ctxOn('2026-11-02'));
		expect(await creditOf(customer)).toBe(10000);
		const v = await voidPayment(t.db, { paymentId: paid.paymentId, reason: 'Salah pelanggan' }, ctxOn('2026-11-03'));
		expect(v).toMatchObject({ duplicate: false, creditShortfall: 0 });
		expect((await invoicesOf(sub)).map((i) => [i.status, i.amountPaid])).toEqual([['unpaid', 0]]);
		expect(await creditOf(customer)).toBe(0);
		const ledger = await t.db.select().from(payments).where(eq(payments.customerId, customer));
		expect(ledger.map((p) => p.amount).sort((a, b) => a - b)).toEqual([-160000, 160000]);
		expect(await voidPayment(t.db, { paymentId: paid.paymentId, reason: 'lagi' }, ctxOn('2026-11-03'))).toMatchObject({ duplicate: true, voidPaymentId: v.voidPaymentId });
		const trail = await t.db.select().from(auditLog).where(eq(auditLog.entityId, paid.paymentId));
		expect(trail.map((a) => a.action).sort()).toEqual(['payment.record', 'payment.void']);
	});
});

describe('overdue and isolation', () => {
	it('isolates after due + grace, once, and a payment restores at once with the job queued', async () => {
		const customer = await makeCustomer(t.db, isp);
		const sub = await makeSubscription(t.db, isp, customer, { startDate: '2026-11-01' });
		await runBilling(t.db, { today: '2026-11-01', rules }); // due 11 Nov, isolation from 15 Nov
		await runOverdue(t.db, { today: '2026-11-12', rules });
		const [inv] = await invoicesOf(sub);
		expect(inv.overdueSince).toBe('2026-11-12');
		expect((await subscriptionRow(sub)).status).toBe('active');
		await runOverdue(t.db, { today: '2026-11-14', rules });
		expect((await subscriptionRow(sub)).status).toBe('active');

		const first = await runOverdue(t.db, { today: '2026-11-15', rules });
		expect(first.subscriptionsIsolated).toBeGreaterThanOrEqual(1);
		expect(await subscriptionRow(sub)).toMatchObject({ status: 'isolated', desiredRouterState: 'isolated', isolationReason: 'arrears' });
		await runOverdue(t.db, { today: '2026-11-15', rules });
		let jobs = await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, sub));
		expect(jobs.map((j) => [j.action, j.desiredState, j.status])).toEqual([['isolate', 'isolated', 'queued']]);

		// A partial payment leaves the arrears: still isolated.
		await recordPayment(t.db, cash(customer, 50000, '2026-11-16'), ctxOn('2026-11-16'));
		expect((await subscriptionRow(sub)).status).toBe('isolated');
		const paid = await recordPayment(t.db, cash(customer, 100000, '2026-11-16'), ctxOn('2026-11-16'));
		expect(paid.restoredSubscriptionIds).toEqual([sub]);
		expect(await subscriptionRow(sub)).toMatchObject({ status: 'active', desiredRouterState: 'active', isolationReason: null });
		jobs = await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, sub));
		expect(jobs.map((j) => j.action)).toEqual(['isolate', 'restore']);
	});

	it('a promise to pay holds isolation off until the day after', async () => {
		const customer = await makeCustomer(t.db, isp);
		const sub = await makeSubscription(t.db, isp, customer, { startDate: '2026-11-01' });
		await runBilling(t.db, { today: '2026-11-01', rules });
		await t.db.update(subscriptions).set({ isolationHoldUntil: '2026-11-20' }).where(eq(subscriptions.id, sub));
		await runOverdue(t.db, { today: '2026-11-20', rules });
		expect((await subscriptionRow(sub)).status).toBe('active');
		await runOverdue(t.db, { today: '2026-11-21', rules });
		expect((await subscriptionRow(sub)).status).toBe('isolated');
	});

	it('manual isolation is not lifted by the sweep', async () => {
		const customer = await makeCustomer(t.db, isp);
		const sub = await makeSubscription(t.db, isp, customer, { startDate: '2026-11-01', paidThrough: '2026-12-31' });
		await t.db.update(subscriptions).set({ status: 'isolated', desiredRouterState: 'isolated', isolationReason: 'manual' }).where(eq(subscriptions.id, sub));
		await runOverdue(t.db, { today: '2026-11-20', rules });
		expect((await subscriptionRow(sub)).status).toBe('isolated');
	});
});
