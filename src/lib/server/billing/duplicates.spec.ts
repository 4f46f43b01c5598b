/**
 * Paid twice, told nobody (issue #13, item 1): the duplicate rule (duplicate-rule.ts) flags the
 * second payment of the same money through another channel; the phone's pull carries the flag;
 * the office settles it as credit or refunds it, never more than the credit that payment left.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../tests/trpc';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { auditLog, customers, invoices, paymentFlags, payments } from '../db/schema';
import { runBilling } from './billing-run';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { addDays, localDateOf } from '../../shared/dates';
import type { SyncOperation } from '../../shared/sync/operations';
import type { SessionUser } from '../auth/session';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let tech: SessionUser;
let office: SessionUser;
const today = localDateOf(new Date(), 'Asia/Jakarta');
const PRICE = 150_000;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, PRICE);
	tech = await makeUser('technician', [isp.areaId]);
	office = await makeUser('office');
});
afterAll(async () => t?.drop());

/** A customer owing `count` invoices of PRICE (one subscription each). */
async function owingCustomer(count = 1) {
	const customerId = await makeCustomer(t.db, isp);
	const subscriptionIds: string[] = [];
	for (let k = 0; k < count; k++) subscriptionIds.push(await makeSubscription(t.db, isp, customerId, { startDate: today }));
	await runBilling(t.db, { today, rules: DEFAULT_BILLING_RULES, subscriptionIds });
	const open = await t.db.select().from(invoices).where(eq(invoices.customerId, customerId));
	return { customerId, subscriptionIds, owed: open.reduce((s, i) => s + i.amount - i.amountPaid, 0) };
}

async function counter(customerId: string, amount: number, method: 'cash' | 'transfer' = 'cash') {
	return callerAs(office).payments.record({ idempotencyKey: randomUUID(), customerId, amount, method });
}

/** The phone's cash, taken `daysAgo` before now (offline), synced now. */
async function phoneCash(customerId: string, amount: number, daysAgo = 0, who = tech) {
	const op = {
		type: 'cash-payment',
		paymentId: randomUUID(),
		customerId,
		invoiceId: null,
		amount,
		receivedAt: new Date(Date.now() - daysAgo * 86_400_000 - 60_000).toISOString()
	} as Extract<SyncOperation, { type: 'cash-payment' }>;
	const out = await callerAs(who).sync.push({ deviceId: randomUUID(), operations: [{ seq: 1, opId: randomUUID(), op }] });
	expect(out.results[0].status).toBe('applied');
	return op.paymentId;
}

async function reasonsOf(paymentId: string) {
	return (await t.db.select({ reason: paymentFlags.reason }).from(paymentFlags).where(eq(paymentFlags.paymentId, paymentId))).map((r) => r.reason);
}

async function creditOf(customerId: string) {
	return (await t.db.select({ credit: customers.creditBalance }).from(customers).where(eq(customers.id, customerId)))[0].credit;
}

describe('the duplicate rule', () => {
	it('flags the phone cash that repeats a counter payment, and the pull carries it to the phone', async () => {
		const { customerId, owed } = await owingCustomer();
		const atCounter = await counter(customerId, owed);
		expect(atCounter.flag).toBeNull();
		// The technician took the same money offline an hour before; the phone syncs now.
		const fromPhone = await phoneCash(customerId, owed, 1 / 24);
		expect(await reasonsOf(fromPhone)).toEqual(['likely-duplicate']);
		const [row] = await t.db.select().from(payments).where(eq(payments.id, fromPhone));
		expect(row.flag).toBe(`likely-duplicate:${atCounter.receiptNumber}:${owed}`);
		expect(await creditOf(customerId)).toBe(owed);

		const office2 = await callerAs(office, 'en').payments.list({ flagged: '1', customerId });
		expect(office2.rows.map((r) => [r.id, r.refundable])).toEqual([[fromPhone, owed]]);

		const pulled = await callerAs(tech).sync.pull({ deviceId: randomUUID(), cursor: 0, limit: 1000 });
		const mine = pulled.rows.payments.filter((p) => p.customerId === customerId);
		expect(mine.find((p) => p.id === fromPhone)?.likelyDuplicate).toBe(true);
		expect(mine.find((p) => p.id === atCounter.paymentId)?.likelyDuplicate).toBe(false);
	});

	it('flags a counter payment that repeats synced phone cash, within 10 % of the amount and not beyond', async () => {
		const a = await owingCustomer();
		await phoneCash(a.customerId, a.owed);
		// owed is a multiple of 10 (whole rupiah prices), so +10 % is exact: the edge of the range.
		const second = await counter(a.customerId, a.owed + a.owed / 10, 'transfer');
		expect(await reasonsOf(second.paymentId)).toEqual(['likely-duplicate']);

		const b = await owingCustomer();
		await phoneCash(b.customerId, b.owed);
		const farOff = await counter(b.customerId, b.owed + b.owed / 10 + 1);
		expect(await reasonsOf(farOff.paymentId)).toEqual([]);
	});

	it('leaves alone what is not a duplicate: the same channel, money still owed, a week apart', async () => {
		// The same channel twice (a prepayment at the counter after paying): no.
		const a = await owingCustomer();
		await counter(a.customerId, a.owed);
		expect((await counter(a.customerId, a.owed)).flag).toBeNull();

		// Two invoices owed: the phone's cash pays the second one, it is no duplicate.
		const b = await owingCustomer(2);
		await counter(b.customerId, PRICE);
		const second = await phoneCash(b.customerId, PRICE);
		expect(await reasonsOf(second)).toEqual([]);

		// Less than half owed when it arrives is "little owed": still a duplicate.
		const c = await owingCustomer();
		await counter(c.customerId, c.owed - 10_000);
		expect(await reasonsOf(await phoneCash(c.customerId, c.owed - 10_000))).toEqual(['likely-duplicate']);

		// The other payment eight days before: outside the window.
		const d = await owingCustomer();
		await counter(d.customerId, d.owed);
		expect(await reasonsOf(await phoneCash(d.customerId, d.owed, 8))).toEqual([]);

		// A voided payment is no longer money in: nothing to repeat.
		const e = await owingCustomer();
		const voided = await counter(e.customerId, e.owed);
		const admin = await makeUser('admin');
		await callerAs(admin).payments.void({ paymentId: voided.paymentId, reason: 'salah pelanggan' });
		expect(await reasonsOf(await phoneCash(e.customerId, e.owed))).toEqual([]);
	});

	it('flags the cash of a second technician for the same money', async () => {
		const other = await makeUser('technician', [isp.areaId]);
		const { customerId, owed } = await owingCustomer();
		await phoneCash(customerId, owed);
		expect(await reasonsOf(await phoneCash(customerId, owed, 0, other))).toEqual(['likely-duplicate']);
	});
});

describe('settling a likely duplicate', () => {
	it('refunds in parts, idempotently, never more than the credit the payment left, audited', async () => {
		const { customerId, owed } = await owingCustomer();
		await counter(customerId, owed);
		const dup = await phoneCash(customerId, owed);
		const caller = callerAs(office, 'en');

		const tooMuch = await errorOf(caller.payments.refund({ refundId: randomUUID(), paymentId: dup, amount: owed + 1, method: 'cash', reason: 'dibayar dua kali' }));
		expect(tooMuch.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(tooMuch, 'en').amount[0]).toContain(`Rp ${owed.toLocaleString('id-ID')}`);
		const noReason = await errorOf(caller.payments.refund({ refundId: randomUUID(), paymentId: dup, amount: 1000, method: 'cash', reason: '' }));
		expect(Object.keys(fieldErrorsOf(noReason))).toEqual(['reason']);
		const badMethod = await errorOf(caller.payments.refund({ refundId: randomUUID(), paymentId: dup, amount: 1000, method: 'midtrans' as 'cash', reason: 'dibayar dua kali' }));
		expect(Object.keys(fieldErrorsOf(badMethod))).toEqual(['method']);
		expect(await creditOf(customerId)).toBe(owed);

		const half = owed / 2;
		const refundId = randomUUID();
		const first = await caller.payments.refund({ refundId, paymentId: dup, amount: half, method: 'transfer', reason: 'dibayar dua kali' });
		expect(first).toEqual({ refundId, refundable: owed - half, duplicate: false });
		expect(await creditOf(customerId)).toBe(owed - half);
		// A resend answers the first; the same id with another content is a conflict.
		expect(await caller.payments.refund({ refundId, paymentId: dup, amount: half, method: 'transfer', reason: 'dibayar dua kali' })).toEqual({ ...first, duplicate: true });
		expect((await errorOf(caller.payments.refund({ refundId, paymentId: dup, amount: half + 1, method: 'transfer', reason: 'x y z' }))).code).toBe('CONFLICT');
		expect(await creditOf(customerId)).toBe(owed - half);

		const [entry] = await t.db.select().from(payments).where(eq(payments.id, refundId));
		expect([entry.amount, entry.method, entry.refundsPaymentId, entry.refundReason, entry.receiptNumber]).toEqual([-half, 'transfer', dup, 'dibayar dua kali', null]);
		const [audited] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'payment.refund'), eq(auditLog.entityId, dup)));
		expect(audited.after).toMatchObject({ refundId, refunded: half, method: 'transfer', reason: 'dibayar dua kali' });
		// The refund settles the look: the payment leaves "Perlu dicek".
		expect((await caller.payments.list({ flagged: '1', customerId })).rows).toEqual([]);

		expect((await errorOf(caller.payments.refund({ refundId: randomUUID(), paymentId: dup, amount: owed - half + 1, method: 'cash', reason: 'sisanya' }))).code).toBe('BAD_REQUEST');
		const rest = await caller.payments.refund({ refundId: randomUUID(), paymentId: dup, amount: owed - half, method: 'cash', reason: 'sisanya' });
		expect(rest.refundable).toBe(0);
		expect(await creditOf(customerId)).toBe(0);
		expect((await errorOf(caller.payments.refund({ refundId: randomUUID(), paymentId: dup, amount: 1, method: 'cash', reason: 'lagi' }))).code).toBe('BAD_REQUEST');

		// A refunded payment is not voided (that would take the money back twice); a refund is not refunded.
		const admin = await makeUser('admin');
		expect((await errorOf(callerAs(admin).payments.void({ paymentId: dup, reason: 'salah' }))).code).toBe('CONFLICT');
		expect((await errorOf(caller.payments.refund({ refundId: randomUUID(), paymentId: refundId, amount: 1, method: 'cash', reason: 'lagi' }))).code).toBe('BAD_REQUEST');

		// The phone learns what was refunded, and gets no negative payment of its own.
		const pulled = await callerAs(tech).sync.pull({ deviceId: randomUUID(), cursor: 0, limit: 1000 });
		const mine = pulled.rows.payments.filter((p) => p.customerId === customerId);
		expect(mine.find((p) => p.id === dup)?.refunded).toBe(owed);
		expect(mine.every((p) => p.amount > 0)).toBe(true);
	});

	it('refunds at most the credit still unspent', async () => {
		const { customerId, subscriptionIds, owed } = await owingCustomer();
		await counter(customerId, owed);
		const dup = await phoneCash(customerId, owed);
		// The next period's invoice takes part of the credit.
		await runBilling(t.db, { today: addDays(today, 40), rules: DEFAULT_BILLING_RULES, subscriptionIds });
		const credit = await creditOf(customerId);
		expect(credit).toBeLessThan(owed);
		const err = await errorOf(callerAs(office).payments.refund({ refundId: randomUUID(), paymentId: dup, amount: credit + 1, method: 'cash', reason: 'dibayar dua kali' }));
		expect(err.code).toBe('BAD_REQUEST');
		const list = await callerAs(office).payments.list({ flagged: '1', customerId });
		expect(list.rows.find((r) => r.id === dup)?.refundable).toBe(credit);
	});

	it('keeps it as credit by marking it checked; technicians cannot refund', async () => {
		const { customerId, owed } = await owingCustomer();
		await counter(customerId, owed);
		const dup = await phoneCash(customerId, owed);
		expect((await errorOf(callerAs(tech).payments.refund({ refundId: randomUUID(), paymentId: dup, amount: 1000, method: 'cash', reason: 'coba' }))).code).toBe('FORBIDDEN');
		await callerAs(office).payments.reviewFlag({ paymentId: dup, note: 'simpan sebagai saldo' });
		expect((await callerAs(office).payments.list({ flagged: '1', customerId })).rows).toEqual([]);
		expect(await creditOf(customerId)).toBe(owed);
	});
});
