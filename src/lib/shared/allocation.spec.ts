import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { payOrder, planAllocation, type PlannableInvoice } from './allocation';

/** Random open invoices of one customer: up to three subscriptions, dates that often tie. */
const ledger = fc
	.array(
		fc.record({
			subscription: fc.constantFrom('s1', 's2', 's3'),
			month: fc.integer({ min: 1, max: 6 }),
			dueDay: fc.constantFrom(5, 10, 15),
			outstanding: fc.integer({ min: 0, max: 500_000 })
		}),
		{ maxLength: 12 }
	)
	.map((rows) =>
		rows.map(
			(r, k): PlannableInvoice => ({
				id: `i${k}`,
				subscriptionId: r.subscription,
				periodStart: `2026-0${r.month}-01`,
				dueDate: `2026-0${r.month}-${String(r.dueDay).padStart(2, '0')}`,
				number: `INV-20260${r.month}-${String((k * 7919) % 1000).padStart(6, '0')}`,
				outstanding: r.outstanding
			})
		)
	);

describe('planAllocation', () => {
	it('pays the pointed subscription first, then the oldest period', () => {
		const list = [
			{ id: 'nov', subscriptionId: 's1', periodStart: '2026-11-01', dueDate: '2026-11-10', number: 'INV-202611-000002', outstanding: 100 },
			{ id: 'oct', subscriptionId: 's1', periodStart: '2026-10-01', dueDate: '2026-10-10', number: 'INV-202610-000009', outstanding: 100 },
			{ id: 'other', subscriptionId: 's2', periodStart: '2026-09-01', dueDate: '2026-09-10', number: 'INV-202609-000001', outstanding: 100 }
		];
		expect(payOrder(list, null).map((i) => i.id)).toEqual(['other', 'oct', 'nov']);
		expect(planAllocation(list, 250, 's1').allocations.map((a) => [a.invoice.id, a.amount])).toEqual([
			['oct', 100],
			['nov', 100],
			['other', 50]
		]);
		expect(planAllocation(list, 350, null).surplus).toBe(50);
	});

	it('keeps every rupiah, never overpays an invoice, and fills strictly in pay order', () => {
		fc.assert(
			fc.property(ledger, fc.integer({ min: 0, max: 3_000_000 }), fc.constantFrom(null, 's1', 's2', 's3'), (invoices, amount, pointed) => {
				const plan = planAllocation(invoices, amount, pointed);
				const paid = plan.allocations.reduce((s, a) => s + a.amount, 0);
				expect(paid + plan.surplus).toBe(amount);
				const owed = invoices.reduce((s, i) => s + i.outstanding, 0);
				// Surplus only once everything is paid.
				expect(plan.surplus).toBe(Math.max(0, amount - owed));
				for (const a of plan.allocations) expect(a.amount > 0 && a.amount <= a.invoice.outstanding).toBe(true);
				// In pay order, every invoice before the last one touched is paid in full.
				const order = payOrder(invoices, pointed).filter((i) => i.outstanding > 0);
				expect(plan.allocations.map((a) => a.invoice.id)).toEqual(order.slice(0, plan.allocations.length).map((i) => i.id));
				plan.allocations.slice(0, -1).forEach((a) => expect(a.amount).toBe(a.invoice.outstanding));
			}),
			{ numRuns: 2000 }
		);
	});
});
