/**
 * Pay everything owed (issue #13, item 3): one Snap transaction for all open invoices of the
 * customer, oldest first, allocated by the ledger's one planner exactly once (replays and late
 * statuses change nothing), lifting arrears isolation only when every overdue invoice is covered;
 * and the outlook the pay page promises reconnection from.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import type { TestDatabase } from '../../../../tests/db';
import type { Isp } from '../../../../tests/fixtures';
import { invoices, midtransTransactions, paymentAllocations, payments, routerJobs, subscriptions } from '../db/schema';
import { startPayment } from './snap';
import { isolationOutlook, type OutlookInvoice } from './pay-outlook';
import { isolatedDebtor, midtransSpecSetup, type Harness } from './testing';

let t: TestDatabase;
let isp: Isp;
let h: Harness;

midtransSpecSetup({ beforeAll, afterAll }, (env) => ({ t, isp, h } = env));

/** An isolated debtor owing three overdue invoices of 150,000 (Sep, Oct, Nov 2026). */
async function threeInvoiceDebtor() {
	const d = await isolatedDebtor(t.db, isp);
	for (const [start, end, due] of [
		['2026-10-05', '2026-11-04', '2026-10-15'],
		['2026-11-05', '2026-12-04', '2026-11-15']
	]) {
		await t.db.insert(invoices).values({
			id: randomUUID(),
			number: `INV-${start.slice(0, 7).replace('-', '')}-${randomBytes(3).toString('hex')}`,
			subscriptionId: d.subscriptionId,
			customerId: d.customerId,
			periodStart: start,
			periodEnd: end,
			amount: 150000,
			dueDate: due,
			overdueSince: due,
			payToken: randomBytes(32).toString('base64url')
		});
	}
	const open = await t.db.select().from(invoices).where(eq(invoices.customerId, d.customerId)).orderBy(asc(invoices.periodStart));
	return { ...d, open };
}

async function payAllSnap(invoiceId: string) {
	const res = await startPayment(t.db, h.gateway, invoiceId, { finishUrl: 'http://lunas.test/pay', expiryMinutes: 60, scope: 'all' });
	if (res.kind !== 'snap') throw new Error(res.kind);
	return res;
}

describe('pay everything owed', () => {
	it('asks Snap for the total, one item per invoice oldest first, and reuses the open attempt', async () => {
		const d = await threeInvoiceDebtor();
		// Started from the newest invoice's page: still everything, oldest first.
		const res = await payAllSnap(d.open[2].id);
		const [attempt] = await t.db.select().from(midtransTransactions).where(eq(midtransTransactions.orderId, res.orderId));
		expect(attempt).toMatchObject({ scope: 'all', grossAmount: 450000, invoiceId: d.open[2].id });
		const sent = h.sim.state.byOrderId(res.orderId)!;
		expect([sent.grossAmount, ...sent.items.map((i) => [i.id, i.price])]).toEqual([450000, ...d.open.map((i) => [i.number, 150000])]);
		expect((await payAllSnap(d.open[2].id)).orderId).toBe(res.orderId);
		// A single-invoice start is its own attempt, not the pay-all one.
		const single = await startPayment(t.db, h.gateway, d.open[2].id, { finishUrl: 'http://lunas.test/pay', expiryMinutes: 60 });
		expect(single.kind === 'snap' && single.orderId).not.toBe(res.orderId);
	});

	it('allocates over every invoice oldest first, exactly once, and lifts the isolation', async () => {
		const d = await threeInvoiceDebtor();
		const { orderId } = await payAllSnap(d.open[1].id);
		await h.sim.pay(orderId, 'va');
		await h.settle();
		const paid = await t.db.select().from(invoices).where(eq(invoices.customerId, d.customerId)).orderBy(asc(invoices.periodStart));
		expect(paid.map((i) => [i.status, i.amountPaid])).toEqual([
			['paid', 150000],
			['paid', 150000],
			['paid', 150000]
		]);
		const ps = await t.db.select().from(payments).where(eq(payments.customerId, d.customerId));
		expect(ps).toHaveLength(1);
		expect(ps[0]).toMatchObject({ amount: 450000, invoiceId: null, flag: null, method: 'midtrans' });
		const allocations = await t.db.select().from(paymentAllocations).where(eq(paymentAllocations.paymentId, ps[0].id)).orderBy(asc(paymentAllocations.id));
		expect(allocations.map((a) => [a.invoiceId, a.amount])).toEqual(d.open.map((i) => [i.id, 150000]));
		const [sub] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, d.subscriptionId));
		expect(sub).toMatchObject({ status: 'active', desiredRouterState: 'active' });
		const restore = () => t.db.select().from(routerJobs).where(and(eq(routerJobs.subscriptionId, d.subscriptionId), eq(routerJobs.action, 'restore')));
		expect(await restore()).toHaveLength(1);

		// Replayed, and a late pending after the settlement: nothing moves.
		await h.sim.resend(orderId);
		await h.settle();
		const tx = h.sim.state.byOrderId(orderId)!;
		tx.status = 'pending';
		const latePending = h.sim.notificationOf(orderId);
		tx.status = 'settlement';
		await fetch(h.notifyUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(latePending) });
		await h.settle();
		expect(await t.db.select().from(payments).where(eq(payments.customerId, d.customerId))).toHaveLength(1);
		expect((await t.db.select().from(midtransTransactions).where(eq(midtransTransactions.orderId, orderId)))[0].status).toBe('settlement');
		expect(await restore()).toHaveLength(1);
	});

	it('paying less than asked covers the oldest invoices, is flagged, and leaves the isolation', async () => {
		const d = await threeInvoiceDebtor();
		const { orderId } = await payAllSnap(d.open[0].id);
		await h.sim.pay(orderId, 'va', { paidAmount: 300000 });
		await h.settle();
		const after = await t.db.select().from(invoices).where(eq(invoices.customerId, d.customerId)).orderBy(asc(invoices.periodStart));
		expect(after.map((i) => i.status)).toEqual(['paid', 'paid', 'unpaid']);
		const [p] = await t.db.select().from(payments).where(eq(payments.customerId, d.customerId));
		expect(p.flag).toBe('amount-mismatch: asked 450000, paid 300000');
		const [sub] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, d.subscriptionId));
		expect(sub.status).toBe('isolated');
	});
});

describe('the isolation outlook', () => {
	const inv = (id: string, sub: string, periodStart: string, outstanding: number, overdue: boolean): OutlookInvoice => ({
		id,
		subscriptionId: sub,
		periodStart,
		dueDate: periodStart,
		number: `INV-${id}`,
		outstanding,
		overdue
	});
	const open = [inv('a', 's1', '2026-09-05', 150000, true), inv('b', 's1', '2026-10-05', 150000, true), inv('c', 's1', '2026-11-05', 150000, true), inv('d', 's1', '2026-12-05', 150000, false)];

	it('promises reconnection only when every overdue invoice is covered, else says what is still needed', () => {
		const isolated = new Set(['s1']);
		expect(isolationOutlook(open, isolated, 150000, 's1')).toEqual({ kind: 'stays', needed: 300000 });
		expect(isolationOutlook(open, isolated, 449999, null)).toEqual({ kind: 'stays', needed: 1 });
		expect(isolationOutlook(open, isolated, 450000, null)).toEqual({ kind: 'lifts' });
		// The invoice not yet overdue does not keep the isolation.
		expect(isolationOutlook(open, isolated, 600000, null)).toEqual({ kind: 'lifts' });
		expect(isolationOutlook(open, isolated, 0, null)).toEqual({ kind: 'stays', needed: 450000 });
		expect(isolationOutlook(open, new Set(), 150000, 's1')).toEqual({ kind: 'not-isolated' });
	});

	it('counts what another subscription takes first in the ledger order', () => {
		// s2 is not isolated but its older invoice is paid before s1's newer ones when nothing is pointed.
		const mixed = [inv('x', 's2', '2026-08-05', 100000, true), inv('a', 's1', '2026-09-05', 150000, true)];
		expect(isolationOutlook(mixed, new Set(['s1']), 150000, null)).toEqual({ kind: 'stays', needed: 100000 });
		expect(isolationOutlook(mixed, new Set(['s1']), 150000, 's1')).toEqual({ kind: 'lifts' });
	});
});
