/**
 * What a queued operation changes on the phone before the server has seen it, so the technician
 * sees their own work at once.
 *
 * The engine calls applyLocally again for every still-pending operation after each pull, and a
 * pulled row replaces the local one whole. So every effect is written as "make the row show this
 * operation", never "add to the row": a created row is written under the operation's own UUID,
 * and a changed row keeps each operation's share apart in `localOps` (paymentId → the amount it
 * added to an invoice's amountPaid or a customer's credit), so applying the same operation twice
 * sets the same share twice. A pulled row has no shares, so the effect lands again on the
 * server's values; discard.ts takes a rejected operation's shares back out.
 */
import type { SyncOperation } from '$lib/shared/sync/operations';
import { planAllocation } from '$lib/shared/allocation';
import { getMeta, type LocalCustomer, type LocalInvoice, type LocalPayment, type OfflineDb } from './db';

type Op<T extends SyncOperation['type']> = Extract<SyncOperation, { type: T }>;


export async function applyLocally(db: OfflineDb, op: SyncOperation): Promise<void> {
	switch (op.type) {
		case 'cash-payment':
			return applyCashPayment(db, op);
		case 'register-customer':
			return applyRegisterCustomer(db, op);
		case 'visit':
			return applyVisit(db, op);
		case 'handover':
			return applyHandover(db, op);
	}
}

/**
 * The invoices as they look once `paymentId` (of `amount`) is allocated, and the surplus that
 * becomes credit, by the same planner the server records payments with (`shared/allocation.ts`).
 * Pure and idempotent: the payment's previous share is taken out first.
 * Only rows whose share changed are returned.
 */
export function allocatePayment(
	invoices: LocalInvoice[],
	payment: { paymentId: string; amount: number; invoiceId: string | null }
): { changed: LocalInvoice[]; surplus: number } {
	const pointed = payment.invoiceId ? (invoices.find((i) => i.id === payment.invoiceId)?.subscriptionId ?? null) : null;
	const mineOf = (inv: LocalInvoice) => inv.localOps?.[payment.paymentId] ?? 0;
	// What each invoice owes without this payment's earlier share: the planner then decides afresh.
	const owing = invoices.map((inv) => ({ ...inv, outstanding: Math.max(0, inv.amount - (inv.amountPaid - mineOf(inv))) }));
	const plan = planAllocation(owing, payment.amount, pointed);
	const takes = new Map(plan.allocations.map((a) => [a.invoice.id, a.amount]));
	const changed: LocalInvoice[] = [];
	for (const inv of invoices) {
		const mine = mineOf(inv);
		const paidWithoutMe = inv.amountPaid - mine;
		const take = takes.get(inv.id) ?? 0;
		if (take === mine) continue;
		const localOps = { ...inv.localOps };
		if (take > 0) localOps[payment.paymentId] = take;
		else delete localOps[payment.paymentId];
		const ops = Object.keys(localOps);
		const amountPaid = paidWithoutMe + take;
		changed.push({
			...inv,
			amountPaid,
			// A fully paid invoice keeps its row (shown as paid, waiting for sync) and owes nothing.
			status: amountPaid > 0 ? 'partial' : 'unpaid',
			localOps,
			pending: ops.length > 0
		});
	}
	return { changed, surplus: plan.surplus };
}

/** The customer with `paymentId`'s surplus as credit (or without it, when there is none). */
export function withCreditShare(customer: LocalCustomer, paymentId: string, surplus: number): LocalCustomer | null {
	const mine = customer.localOps?.[paymentId] ?? 0;
	if (mine === surplus) return null;
	const localOps = { ...customer.localOps };
	if (surplus > 0) localOps[paymentId] = surplus;
	else delete localOps[paymentId];
	const ops = Object.keys(localOps);
	return {
		...customer,
		creditBalance: customer.creditBalance - mine + surplus,
		localOps,
		// A customer created on the phone stays pending whatever its credit.
		pending: customer.pending && customer.version === 0 ? true : ops.length > 0
	};
}

async function applyCashPayment(db: OfflineDb, op: Op<'cash-payment'>): Promise<void> {
	const existing = await db.payments.get(op.paymentId);
	if (existing && !existing.pending) {
		// The server's own row is here (its push was applied but the reply was lost): every row the
		// server changed came back with it, so a share still on a row is one the server never made.
		await setShares(db, { ...op, amount: 0 });
		return;
	}
	const user = await getMeta(db, 'user');
	const payment: LocalPayment = {
		id: op.paymentId,
		customerId: op.customerId,
		invoiceId: op.invoiceId,
		amount: op.amount,
		method: 'cash',
		receivedAt: op.receivedAt,
		receiptNumber: null,
		collectedBy: user?.id ?? existing?.collectedBy ?? null,
		voided: false,
		version: 0,
		pending: true
	};
	await db.payments.put(payment);
	await setShares(db, op);
}

/** Makes the customer's invoices and credit show exactly this payment's share of `amount`. */
async function setShares(db: OfflineDb, op: { paymentId: string; customerId: string; invoiceId: string | null; amount: number }) {
	const invoices = await db.invoices.where('customerId').equals(op.customerId).toArray();
	const { changed, surplus } = allocatePayment(invoices, op);
	if (changed.length) await db.invoices.bulkPut(changed);
	const customer = await db.customers.get(op.customerId);
	const credited = customer && withCreditShare(customer, op.paymentId, surplus);
	if (credited) await db.customers.put(credited);
}

async function applyRegisterCustomer(db: OfflineDb, op: Op<'register-customer'>): Promise<void> {
	// Once the server's rows (same UUIDs) are here they are the truth; before that, writing the
	// same pending rows again changes nothing.
	const [customer, subscription] = await Promise.all([db.customers.get(op.customerId), db.subscriptions.get(op.subscriptionId)]);
	if (!customer || customer.pending) {
		await db.customers.put({
			id: op.customerId,
			code: customer?.code ?? '',
			name: op.name,
			phone: op.phone ?? null,
			address: op.address,
			areaId: op.areaId,
			latitude: op.latitude ?? null,
			longitude: op.longitude ?? null,
			status: 'active',
			creditBalance: customer?.creditBalance ?? 0,
			notes: op.note ?? null,
			version: 0,
			pending: true,
			...(customer?.localOps ? { localOps: customer.localOps } : {})
		});
	}
	if (!subscription || subscription.pending) {
		await db.subscriptions.put({
			id: op.subscriptionId,
			customerId: op.customerId,
			packageId: op.packageId,
			status: 'active',
			serviceUsername: op.serviceUsername ?? null,
			billingDay: Math.min(Number(op.startDate.slice(8, 10)), 28),
			paidThrough: null,
			version: 0,
			pending: true
		});
	}
}

async function applyVisit(db: OfflineDb, op: Op<'visit'>): Promise<void> {
	// Pull never sends visits back, so a stored visit is this same operation's row.
	if (await db.visits.get(op.visitId)) return;
	await db.visits.put({
		id: op.visitId,
		customerId: op.customerId,
		outcome: op.outcome,
		promisedDate: op.promisedDate ?? null,
		note: op.note ?? null,
		visitedAt: op.visitedAt,
		pending: true
	});
}

/** The hand-over row itself marks its payments as handed over (see tech/cash.ts). */
async function applyHandover(db: OfflineDb, op: Op<'handover'>): Promise<void> {
	const existing = await db.handovers.get(op.handoverId);
	if (existing && !existing.pending) return;
	await db.handovers.put({
		id: op.handoverId,
		amount: op.amount,
		countedAmount: null,
		status: 'pending',
		paymentIds: op.paymentIds,
		createdAt: op.createdAt,
		confirmedAt: null,
		note: op.note ?? null,
		version: 0,
		pending: true
	});
}
