import { describe, expect, it } from 'vitest';
import type { LocalHandover, LocalPayment } from '$lib/client/offline/db';
import { collectedOn, handoverDifference, myCashPayments, notHandedOver, perDay, stillOwed } from './cash';

let n = 0;
const pay = (patch: Partial<LocalPayment>): LocalPayment => ({
	id: `p${++n}`,
	customerId: 'c1',
	invoiceId: null,
	amount: 100_000,
	method: 'cash',
	receivedAt: '2026-11-24T02:00:00.000Z',
	receiptNumber: null,
	collectedBy: 'me',
	voided: false,
	version: 1,
	...patch
});

const handover = (paymentIds: string[], patch: Partial<LocalHandover> = {}): LocalHandover => ({
	id: `h${++n}`,
	amount: 0,
	countedAmount: null,
	status: 'pending',
	paymentIds,
	createdAt: '2026-11-24T10:00:00.000Z',
	confirmedAt: null,
	note: null,
	version: 1,
	...patch
});

describe('my cash', () => {
	const payments = [
		pay({ customerId: 'c1', amount: 150_000, pending: true }),
		pay({ customerId: 'c1', amount: 50_000 }),
		pay({ customerId: 'c2', amount: 300_000 }),
		// 23:30 WIB on the 23rd = 16:30 UTC: yesterday in Jakarta.
		pay({ customerId: 'c3', amount: 75_000, receivedAt: '2026-11-23T16:30:00.000Z' }),
		// 00:30 WIB on the 24th = 17:30 UTC on the 23rd: today in Jakarta.
		pay({ customerId: 'c3', amount: 25_000, receivedAt: '2026-11-23T17:30:00.000Z' }),
		pay({ customerId: 'c4', collectedBy: 'someone-else' }),
		pay({ customerId: 'c4', method: 'transfer' }),
		pay({ customerId: 'c4', voided: true })
	];
	const mine = myCashPayments(payments, 'me');

	it('keeps only my own valid cash', () => {
		expect(mine).toHaveLength(5);
	});

	it('totals today per customer in the ISP calendar', () => {
		const today = collectedOn(mine, '2026-11-24', 'Asia/Jakarta');
		expect(today.total).toBe(525_000);
		expect(today.perCustomer.map((c) => [c.customerId, c.amount, c.payments.length, c.pending])).toEqual([
			['c2', 300_000, 1, 0],
			['c1', 200_000, 2, 1],
			['c3', 25_000, 1, 0]
		]);
	});

	it('hands over only what no hand-over lists yet', () => {
		const [first, second] = mine;
		const open = notHandedOver(mine, [handover([first.id]), handover([second.id], { status: 'confirmed' })]);
		expect(open.payments.map((p) => p.id)).not.toContain(first.id);
		expect(open.payments.map((p) => p.id)).not.toContain(second.id);
		expect(open.total).toBe(300_000 + 75_000 + 25_000);
		// Oldest first.
		expect(open.payments[0].receivedAt).toBe('2026-11-23T16:30:00.000Z');
	});

	it('breaks cash down per local day, newest first', () => {
		expect(perDay(mine, 'Asia/Jakarta')).toEqual([
			{ day: '2026-11-24', count: 4, amount: 525_000 },
			{ day: '2026-11-23', count: 1, amount: 75_000 }
		]);
	});

	it('shows the difference once the office counted', () => {
		expect(handoverDifference({ amount: 500_000, countedAmount: null })).toBeNull();
		expect(handoverDifference({ amount: 500_000, countedAmount: 480_000 })).toBe(-20_000);
		expect(handoverDifference({ amount: 500_000, countedAmount: 500_000 })).toBe(0);
	});

	it('owes the server\'s balance plus cash the server has not seen yet', () => {
		const synced = pay({ amount: 200_000 });
		const queued = pay({ amount: 50_000, pending: true });
		const handed = handover([synced.id]);
		// The server counts the synced payment (and any earlier shortfall) in its balance.
		expect(stillOwed(230_000, [synced, queued], [handed])).toBe(280_000);
		expect(stillOwed(0, [synced], [handed])).toBe(0);
		// Before a pull ever brought a balance: the cash in no hand-over.
		expect(stillOwed(undefined, [synced, queued], [handed])).toBe(50_000);
	});
});
