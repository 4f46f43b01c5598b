import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { TestDatabase } from '../../../../tests/db';
import type { Isp } from '../../../../tests/fixtures';
import { invoices, midtransNotifications, midtransStatusChecks, midtransTransactions, payments, routerJobs, subscriptions } from '../db/schema';
import { startPayment } from './snap';
import { handleNotification, REFUSAL_POLICY, REFUSED_RAW_MAX, VERIFIED_RAW_MAX } from './notifications';
import { runPendingCheck, runPendingCheckLocked } from './pending-check';
import { isolatedDebtor, midtransSpecSetup, TZ, type Harness } from './testing';

let t: TestDatabase;
let isp: Isp;
let h: Harness;

midtransSpecSetup({ beforeAll, afterAll }, (env) => ({ t, isp, h } = env));

/** An isolated debtor who opened the pay page and got a Snap; returns the order id too. */
async function debtorWithSnap(amount = 150000) {
	const d = await isolatedDebtor(t.db, isp, amount);
	const res = await startPayment(t.db, h.gateway, d.invoiceId, { finishUrl: 'http://lunas.test/pay', expiryMinutes: 60 });
	if (res.kind !== 'snap') throw new Error(res.kind);
	return { ...d, orderId: res.orderId };
}

const invoiceRow = async (id: string) => (await t.db.select().from(invoices).where(eq(invoices.id, id)))[0];
const paymentsOf = (customerId: string) => t.db.select().from(payments).where(eq(payments.customerId, customerId));
const attemptOf = async (orderId: string) => (await t.db.select().from(midtransTransactions).where(eq(midtransTransactions.orderId, orderId)))[0];
const post = (body: unknown) =>
	fetch(h.notifyUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('Midtrans notifications', () => {
	it('pays the invoice, lifts isolation and queues the restore job at once', async () => {
		const d = await debtorWithSnap();
		await h.sim.pay(d.orderId, 'va');
		await h.settle();
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'paid', amountPaid: 150000 });
		const [p] = await paymentsOf(d.customerId);
		expect(p).toMatchObject({ method: 'midtrans', source: 'midtrans', amount: 150000, flag: null, externalId: h.sim.state.byOrderId(d.orderId)!.transactionId });
		const [sub] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, d.subscriptionId));
		expect(sub).toMatchObject({ status: 'active', desiredRouterState: 'active' });
		const jobs = await t.db.select().from(routerJobs).where(and(eq(routerJobs.subscriptionId, d.subscriptionId), eq(routerJobs.action, 'restore')));
		expect(jobs).toHaveLength(1);
		expect(await attemptOf(d.orderId)).toMatchObject({ status: 'settlement', paidAmount: 150000, paymentId: p.id });
		// Both deliveries (pending, settlement) were stored, answered 200 and confirmed with the status API.
		const stored = await t.db.select().from(midtransNotifications).where(eq(midtransNotifications.orderId, d.orderId));
		expect(stored.map((n) => n.transactionStatus).sort()).toEqual(['pending', 'settlement']);
		expect(stored.every((n) => n.signatureValid && n.processedAt)).toBe(true);
		const checks = await t.db.select().from(midtransStatusChecks).where(eq(midtransStatusChecks.orderId, d.orderId));
		expect(checks.length).toBeGreaterThanOrEqual(2);
	});

	it('answers 403 to a forged signature and changes nothing', async () => {
		const d = await debtorWithSnap();
		h.sim.deliverNotifications = false;
		await h.sim.pay(d.orderId, 'qris');
		h.sim.deliverNotifications = true;
		const genuine = h.sim.notificationOf(d.orderId);
		const forged = { ...genuine, signature_key: 'f'.repeat(128) };
		const res = await post(forged);
		expect(res.status).toBe(403);
		// A "settlement" for an amount the signature never covered is refused too.
		expect((await post({ ...genuine, gross_amount: '1.00' })).status).toBe(403);
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'unpaid', amountPaid: 0 });
		expect(await paymentsOf(d.customerId)).toHaveLength(0);
		expect(await attemptOf(d.orderId)).toMatchObject({ status: 'created', transactionId: null });
		const stored = await t.db.select().from(midtransNotifications).where(eq(midtransNotifications.orderId, d.orderId));
		expect(stored).toHaveLength(2);
		expect(stored.every((n) => !n.signatureValid && n.outcome === 'signature-mismatch')).toBe(true);
		expect(await t.db.select().from(midtransStatusChecks).where(eq(midtransStatusChecks.orderId, d.orderId))).toHaveLength(0);
	});

	it('answers 400 to a body that is not JSON, and stores it', async () => {
		const res = await post('not json{');
		expect(res.status).toBe(400);
		const [row] = await t.db.select().from(midtransNotifications).where(eq(midtransNotifications.outcome, 'malformed'));
		expect(row.raw).toMatchObject({ unparsed: 'not json{', size: 9 });
	});

	it('keeps only a small record of a refused notification, and nothing past the limit per source', async () => {
		const flood = JSON.stringify({ order_id: 'INV-FLOOD-1', transaction_status: 'settlement', signature_key: 'x', padding: 'A'.repeat(60_000) });
		const answers: number[] = [];
		for (let i = 0; i < REFUSAL_POLICY.limit + 5; i++) {
			answers.push((await handleNotification(t.db, h.gateway, flood, { timeZone: TZ, source: '2001:db8:77:1::' + (i + 1).toString(16) })).status);
		}
		// Every address of one /64 is one source: the first ones are refused and recorded, then 429.
		expect(answers.slice(0, REFUSAL_POLICY.limit).every((s) => s === 403)).toBe(true);
		expect(answers.slice(REFUSAL_POLICY.limit)).toEqual(Array(5).fill(429));
		const rows = await t.db.select().from(midtransNotifications).where(eq(midtransNotifications.orderId, 'INV-FLOOD-1'));
		expect(rows).toHaveLength(REFUSAL_POLICY.limit);
		for (const row of rows) {
			expect(JSON.stringify(row.raw).length).toBeLessThan(REFUSED_RAW_MAX + 200);
			expect(row.raw).toMatchObject({ size: flood.length, source: '2001:db8:77:1::/64' });
		}
		// Another source still gets its refusal recorded; a genuine notification is never limited.
		expect((await handleNotification(t.db, h.gateway, flood, { timeZone: TZ, source: '10.1.2.3' })).status).toBe(403);
		const d = await debtorWithSnap();
		await h.sim.pay(d.orderId, 'va');
		await h.settle();
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'paid' });
	});

	it('caps the stored body of a verified notification', async () => {
		const d = await debtorWithSnap();
		h.sim.deliverNotifications = false;
		await h.sim.pay(d.orderId, 'qris');
		h.sim.deliverNotifications = true;
		const big = JSON.stringify({ ...h.sim.notificationOf(d.orderId), extra: 'B'.repeat(VERIFIED_RAW_MAX) });
		const answer = await handleNotification(t.db, h.gateway, big, { timeZone: TZ, source: '10.9.9.9' });
		expect(answer.status).toBe(200);
		await answer.processing;
		const [row] = await t.db.select().from(midtransNotifications).where(eq(midtransNotifications.id, answer.notificationId!));
		expect(row).toMatchObject({ signatureValid: true, raw: { truncated: true, size: big.length } });
		expect(JSON.stringify(row.raw).length).toBeLessThan(VERIFIED_RAW_MAX + 200);
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'paid' });
	});

	it('records one payment when the same settlement arrives 10 times at once', async () => {
		const d = await debtorWithSnap();
		h.sim.deliverNotifications = false;
		await h.sim.pay(d.orderId, 'va');
		h.sim.deliverNotifications = true;
		const body = h.sim.notificationOf(d.orderId);
		const answers = await Promise.all(Array.from({ length: 10 }, () => post(body)));
		expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
		await h.settle();
		const ps = await paymentsOf(d.customerId);
		expect(ps).toHaveLength(1);
		expect(ps[0].flag).toBeNull();
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'paid', amountPaid: 150000 });
		const jobs = await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, d.subscriptionId));
		expect(jobs).toHaveLength(1);
		const stored = await t.db.select().from(midtransNotifications).where(eq(midtransNotifications.orderId, d.orderId));
		expect(stored).toHaveLength(10);
		expect(stored.filter((n) => n.outcome === 'paid')).toHaveLength(1);
		expect(stored.filter((n) => n.outcome === 'already-paid')).toHaveLength(9);
	});

	it('keeps a paid invoice paid when a pending notification arrives late', async () => {
		const d = await debtorWithSnap();
		h.sim.deliverNotifications = false;
		await h.sim.pay(d.orderId, 'va');
		h.sim.deliverNotifications = true;
		const settlement = h.sim.notificationOf(d.orderId);
		// The pending notification Midtrans sent first, delivered after the settlement.
		const tx = h.sim.state.byOrderId(d.orderId)!;
		tx.status = 'pending';
		const latePending = h.sim.notificationOf(d.orderId);
		tx.status = 'settlement';
		expect((await post(settlement)).status).toBe(200);
		await h.settle();
		expect((await post(latePending)).status).toBe(200);
		await h.settle();
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'paid' });
		expect(await attemptOf(d.orderId)).toMatchObject({ status: 'settlement' });
		expect(await paymentsOf(d.customerId)).toHaveLength(1);
		// Even a status API that (wrongly) said pending could not move it back.
		tx.status = 'pending';
		expect((await post(latePending)).status).toBe(200);
		await h.settle();
		tx.status = 'settlement';
		expect(await attemptOf(d.orderId)).toMatchObject({ status: 'settlement' });
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'paid' });
	});

	it('records and flags a paid amount that differs from what was asked', async () => {
		const d = await debtorWithSnap(150000);
		await h.sim.pay(d.orderId, 'va', { paidAmount: 100000 });
		await h.settle();
		const [p] = await paymentsOf(d.customerId);
		expect(p.amount).toBe(100000);
		expect(p.flag).toContain('amount-mismatch');
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'partial', amountPaid: 100000 });
		expect(await attemptOf(d.orderId)).toMatchObject({ paidAmount: 100000, flag: expect.stringContaining('asked 150000, paid 100000') });
		// Not treated as paid: still isolated, no restore.
		const [sub] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, d.subscriptionId));
		expect(sub.status).toBe('isolated');
	});

	it('closes the attempt on deny and expire without touching the invoice', async () => {
		const a = await debtorWithSnap();
		await h.sim.deny(a.orderId);
		const b = await debtorWithSnap();
		await h.sim.expire(b.orderId);
		await h.settle();
		expect(await attemptOf(a.orderId)).toMatchObject({ status: 'deny' });
		expect(await attemptOf(b.orderId)).toMatchObject({ status: 'expire' });
		expect(await invoiceRow(a.invoiceId)).toMatchObject({ status: 'unpaid' });
		expect(await invoiceRow(b.invoiceId)).toMatchObject({ status: 'unpaid' });
	});

	it('reverses a refund through the ledger, reopens the invoice and flags it', async () => {
		const d = await debtorWithSnap();
		await h.sim.pay(d.orderId, 'va');
		await h.settle();
		await h.sim.refund(d.orderId, 50000);
		await h.settle();
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'partial', amountPaid: 100000 });
		expect(await attemptOf(d.orderId)).toMatchObject({ status: 'partial_refund', flag: expect.stringContaining('refund') });
		const ps = await paymentsOf(d.customerId);
		expect(ps.map((p) => p.amount).sort((x, y) => x - y)).toEqual([-150000, 100000, 150000]);
		expect(ps.find((p) => p.amount < 0)!.flag).toContain('refund');
		// Sent again: nothing more.
		await h.sim.resend(d.orderId);
		await h.settle();
		expect(await paymentsOf(d.customerId)).toHaveLength(3);
		// The rest refunded too: the invoice is open again in full.
		await h.sim.refund(d.orderId, 100000);
		await h.settle();
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'unpaid', amountPaid: 0 });
		expect(await attemptOf(d.orderId)).toMatchObject({ status: 'refund' });
	});

	it('answers fast and leaves the row for the retry when processing cannot finish', async () => {
		const d = await debtorWithSnap();
		h.sim.deliverNotifications = false;
		await h.sim.pay(d.orderId, 'va');
		h.sim.deliverNotifications = true;
		// A status API that does not answer: the endpoint still acknowledges within its budget.
		const slowGateway = { ...h.gateway, status: () => new Promise<never>(() => undefined) };
		const started = Date.now();
		const answer = await handleNotification(t.db, slowGateway, JSON.stringify(h.sim.notificationOf(d.orderId)), { timeZone: TZ, answerWithinMs: 200 });
		expect(answer.status).toBe(200);
		expect(Date.now() - started).toBeLessThan(2000);
		const [row] = await t.db.select().from(midtransNotifications).where(eq(midtransNotifications.id, answer.notificationId!));
		expect(row.processedAt).toBeNull();
		// The pending check's retry processes it with a working gateway.
		const result = await runPendingCheck(t.db, h.gateway, { timeZone: TZ, now: new Date(Date.now() + 120_000), minAgeMs: 10 * 60_000 });
		expect(result.retriedNotifications).toBeGreaterThanOrEqual(1);
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'paid' });
	});
});

describe('the pending check', () => {
	it('finds a payment whose notifications were lost', async () => {
		const d = await debtorWithSnap();
		h.sim.deliverNotifications = false;
		await h.sim.pay(d.orderId, 'qris');
		h.sim.deliverNotifications = true;
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'unpaid' });
		// Too young: left to its notification.
		const early = await runPendingCheck(t.db, h.gateway, { timeZone: TZ });
		expect(await attemptOf(d.orderId)).toMatchObject({ status: 'created' });
		expect(early.paid).toBe(0);
		const later = await runPendingCheckLocked(t.db, h.gateway, { timeZone: TZ, now: new Date(Date.now() + 5 * 60_000) });
		expect(later?.paid).toBeGreaterThanOrEqual(1);
		expect(await invoiceRow(d.invoiceId)).toMatchObject({ status: 'paid' });
		expect(await t.db.select().from(routerJobs).where(and(eq(routerJobs.subscriptionId, d.subscriptionId), eq(routerJobs.action, 'restore')))).toHaveLength(1);
		const checks = await t.db.select().from(midtransStatusChecks).where(eq(midtransStatusChecks.orderId, d.orderId));
		expect(checks.map((c) => [c.reason, c.outcome])).toContainEqual(['scheduled', 'paid']);
	});

	it('runs on one instance at a time', async () => {
		const conn = await t.db.$client.getConnection();
		try {
			await conn.query("SELECT GET_LOCK(CONCAT('lunas:midtrans:pending-check:', DATABASE()), 0)");
			expect(await runPendingCheckLocked(t.db, h.gateway, { timeZone: TZ })).toBeNull();
		} finally {
			await conn.query("SELECT RELEASE_LOCK(CONCAT('lunas:midtrans:pending-check:', DATABASE()))");
			conn.release();
		}
	});
});
