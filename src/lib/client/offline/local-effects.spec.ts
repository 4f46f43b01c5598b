import { describe, expect, it } from 'vitest';
import type { LocalCustomer, LocalInvoice } from './db';
import { allocatePayment, withCreditShare } from './local-effects';
import { payOrder } from '$lib/shared/allocation';

const inv = (id: string, patch: Partial<LocalInvoice> = {}): LocalInvoice => ({
	id,
	number: `INV-${id}`,
	subscriptionId: 's1',
	customerId: 'c1',
	periodStart: '2026-10-01',
	periodEnd: '2026-10-31',
	amount: 100_000,
	amountPaid: 0,
	dueDate: '2026-10-10',
	status: 'unpaid',
	payToken: 't',
	version: 5,
	...patch
});

/** Applies the allocation result to the list, as the Dexie bulkPut would. */
function apply(list: LocalInvoice[], payment: { paymentId: string; amount: number; invoiceId: string | null }) {
	const { changed, surplus } = allocatePayment(list, payment);
	const byId = new Map(changed.map((c) => [c.id, c]));
	return { list: list.map((i) => byId.get(i.id) ?? i), surplus, changed };
}

describe('payOrder', () => {
	it('pays the pointed subscription first, then oldest period', () => {
		const list = [
			inv('nov', { periodStart: '2026-11-01' }),
			inv('oct', { periodStart: '2026-10-01' }),
			inv('other', { subscriptionId: 's2', periodStart: '2026-09-01' })
		];
		expect(payOrder(list, null).map((i) => i.id)).toEqual(['other', 'oct', 'nov']);
		expect(payOrder(list, 's1').map((i) => i.id)).toEqual(['oct', 'nov', 'other']);
	});
});

describe('allocatePayment', () => {
	const start = [inv('oct', { amountPaid: 20_000, status: 'partial' }), inv('nov', { periodStart: '2026-11-01', dueDate: '2026-11-10' })];

	it('raises amountPaid oldest first and records each share', () => {
		const { list, surplus } = apply(start, { paymentId: 'p1', amount: 120_000, invoiceId: null });
		expect(surplus).toBe(0);
		expect(list.map((i) => [i.id, i.amountPaid, i.status, i.localOps, i.pending])).toEqual([
			['oct', 100_000, 'partial', { p1: 80_000 }, true],
			['nov', 40_000, 'partial', { p1: 40_000 }, true]
		]);
	});

	it('is idempotent: applying the same payment again changes nothing', () => {
		const once = apply(start, { paymentId: 'p1', amount: 120_000, invoiceId: null });
		const twice = apply(once.list, { paymentId: 'p1', amount: 120_000, invoiceId: null });
		expect(twice.changed).toEqual([]);
		expect(twice.list).toEqual(once.list);
		expect(twice.surplus).toBe(0);
	});

	it('even when the fully paid invoice is the whole payment (no spill onto the next one on re-apply)', () => {
		const once = apply(start, { paymentId: 'p1', amount: 80_000, invoiceId: 'oct' });
		const twice = apply(once.list, { paymentId: 'p1', amount: 80_000, invoiceId: 'oct' });
		expect(twice.list.map((i) => i.amountPaid)).toEqual([100_000, 0]);
	});

	it('stacks two payments and re-applies each on the server values after a pull', () => {
		let { list } = apply(start, { paymentId: 'p1', amount: 50_000, invoiceId: null });
		({ list } = apply(list, { paymentId: 'p2', amount: 50_000, invoiceId: null }));
		expect(list.map((i) => i.amountPaid)).toEqual([100_000, 20_000]);
		// The pull replaced "oct" with the server row (someone paid 30.000 online meanwhile).
		list = [inv('oct', { amountPaid: 50_000, status: 'partial' }), list[1]];
		({ list } = apply(list, { paymentId: 'p1', amount: 50_000, invoiceId: null }));
		({ list } = apply(list, { paymentId: 'p2', amount: 50_000, invoiceId: null }));
		expect(list.map((i) => [i.amountPaid, i.localOps])).toEqual([
			[100_000, { p1: 50_000 }],
			[50_000, { p2: 50_000 }]
		]);
	});

	it('returns the surplus when the invoices were paid online meanwhile', () => {
		const { surplus, changed } = allocatePayment([inv('oct', { amountPaid: 100_000 })], { paymentId: 'p1', amount: 100_000, invoiceId: 'oct' });
		expect(surplus).toBe(100_000);
		expect(changed).toEqual([]);
	});

	it('takes a share back out when called with amount 0', () => {
		const once = apply(start, { paymentId: 'p1', amount: 120_000, invoiceId: null });
		const undone = apply(once.list, { paymentId: 'p1', amount: 0, invoiceId: null });
		expect(undone.list.map((i) => [i.amountPaid, i.localOps, i.pending])).toEqual([
			[20_000, {}, false],
			[0, {}, false]
		]);
	});
});

describe('withCreditShare', () => {
	const customer: LocalCustomer = {
		id: 'c1', code: 'C1', name: 'Ani', phone: null, address: 'x', areaId: 'a', latitude: null, longitude: null,
		status: 'active', creditBalance: 10_000, notes: null, version: 3
	};

	it('adds the surplus once, however often it is applied', () => {
		const once = withCreditShare(customer, 'p1', 25_000)!;
		expect(once.creditBalance).toBe(35_000);
		expect(once.pending).toBe(true);
		expect(withCreditShare(once, 'p1', 25_000)).toBeNull();
		const removed = withCreditShare(once, 'p1', 0)!;
		expect(removed.creditBalance).toBe(10_000);
		expect(removed.pending).toBe(false);
	});

	it('keeps a customer made on the phone pending', () => {
		const mine = { ...customer, version: 0, pending: true };
		expect(withCreditShare(withCreditShare(mine, 'p1', 5_000)!, 'p1', 0)!.pending).toBe(true);
	});
});
