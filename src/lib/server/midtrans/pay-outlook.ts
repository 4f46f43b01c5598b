/**
 * What a payment will do to a customer's isolation, so the pay page and /isolir promise
 * reconnection only when it is true (issue #13, item 3). Arrears isolation is lifted when no
 * invoice of the subscription that is due on or before the isolation cutoff still owes anything
 * (billing/ledger.ts liftArrearsIsolation); the payment is spread by the ledger's one planner
 * (shared/allocation.ts), so the outlook is computed with that same planner, not guessed.
 */
import { planAllocation, payOrder, type PlannableInvoice } from '../../shared/allocation';

export interface OutlookInvoice extends PlannableInvoice {
	/** Due on or before the isolation cutoff: while it owes anything, arrears isolation stays. */
	overdue: boolean;
}

export type IsolationOutlook =
	/** No subscription of the customer is isolated for arrears: nothing to promise. */
	| { kind: 'not-isolated' }
	/** This payment covers every invoice keeping the isolation: back online about a minute after. */
	| { kind: 'lifts' }
	/** Still isolated after this payment: `needed` more (oldest first) lifts it. */
	| { kind: 'stays'; needed: number };

/**
 * @param isolated the customer's subscriptions isolated for arrears
 * @param amount what the payment brings; `pointedSubscriptionId` as the ledger will be told
 */
export function isolationOutlook(open: readonly OutlookInvoice[], isolated: ReadonlySet<string>, amount: number, pointedSubscriptionId: string | null): IsolationOutlook {
	if (isolated.size === 0) return { kind: 'not-isolated' };
	const keeps = (i: OutlookInvoice) => i.overdue && isolated.has(i.subscriptionId) && i.outstanding > 0;
	if (!open.some(keeps)) return { kind: 'lifts' };
	const plan = planAllocation(open, amount, pointedSubscriptionId);
	const paid = new Map(plan.allocations.map((a) => [a.invoice.id, a.amount]));
	// What must be paid in the ledger's order up to the last invoice that keeps the isolation.
	let required = 0;
	let last = 0;
	for (const inv of payOrder(open, pointedSubscriptionId)) {
		required += Math.max(0, inv.outstanding);
		if (keeps(inv)) last = required;
	}
	const stillKeeps = open.some((i) => keeps(i) && i.outstanding - (paid.get(i.id) ?? 0) > 0);
	return stillKeeps ? { kind: 'stays', needed: Math.max(0, last - amount) } : { kind: 'lifts' };
}
