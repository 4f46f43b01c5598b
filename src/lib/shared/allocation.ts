/**
 * How a payment is spread over a customer's open invoices — the one rule, used by the server when
 * it records a payment (`billing/payments.ts`) and by the phone when it shows an offline payment's
 * effect before sync (`client/offline/local-effects.ts`), so the two can never disagree:
 *
 * - the pointed invoice's subscription is paid first, then the others;
 * - within each part, oldest first: by period start, then due date, then invoice number;
 * - each invoice takes at most what it still owes; what is left over is the surplus (credit).
 *
 * Pure: no I/O, no clock. `allocation.spec.ts` and `payments.allocation.spec.ts` (server against
 * the real database and the phone's effects, on random ledgers) hold both sides to it.
 */

export interface PlannableInvoice {
	id: string;
	subscriptionId: string;
	/** Local dates `YYYY-MM-DD`: text order is date order. */
	periodStart: string;
	dueDate: string;
	number: string;
	/** What the invoice still owes before this payment (never negative). */
	outstanding: number;
}

export interface AllocationPlan<T> {
	/** Only invoices that take something, in the order they were paid. */
	allocations: Array<{ invoice: T; amount: number }>;
	/** What no invoice took: the customer's new credit. */
	surplus: number;
}

// Code-unit order, not locale order: the same on every phone and equal to the database's order
// for these ASCII values (dates and INV- numbers).
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Open invoices in the order a payment pays them. */
export function payOrder<T extends Omit<PlannableInvoice, 'outstanding' | 'id'>>(invoices: readonly T[], pointedSubscriptionId: string | null): T[] {
	return [...invoices].sort(
		(a, b) =>
			Number(b.subscriptionId === pointedSubscriptionId) - Number(a.subscriptionId === pointedSubscriptionId) ||
			byText(a.periodStart, b.periodStart) ||
			byText(a.dueDate, b.dueDate) ||
			byText(a.number, b.number)
	);
}

/** Spreads `amount` (whole rupiah, ≥ 0) over `invoices` by the rule above. */
export function planAllocation<T extends PlannableInvoice>(invoices: readonly T[], amount: number, pointedSubscriptionId: string | null): AllocationPlan<T> {
	let left = amount;
	const allocations: AllocationPlan<T>['allocations'] = [];
	for (const invoice of payOrder(invoices, pointedSubscriptionId)) {
		if (left <= 0) break;
		const take = Math.min(left, Math.max(0, invoice.outstanding));
		if (take <= 0) continue;
		allocations.push({ invoice, amount: take });
		left -= take;
	}
	return { allocations, surplus: Math.max(0, left) };
}
