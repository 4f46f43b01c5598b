/**
 * Starting a payment: one Snap transaction per attempt, for what is owed on the invoice now — or,
 * scope `all` (pay everything owed), for every open invoice of its customer, oldest first.
 * An unexpired Snap of the same amount is reused (pressing "Bayar" twice opens the same page);
 * otherwise a new attempt gets a new order id, and its row is written before Snap is asked, so
 * every order id Midtrans may tell us about is known to Lunas. That row holds the invoice in a
 * UNIQUE column until Snap answers, so two quick taps on "Bayar" (or two phones of one family)
 * cannot both open a payable attempt: the second waits for the first's answer and reuses it,
 * polling without holding a database connection.
 */
import { and, desc, eq, gt, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers, invoiceItems, invoices, midtransTransactions } from '../db/schema';
import { newOrderId } from './order-id';
import { isDuplicateKey } from '../db/errors';
import { internationalPhone } from '../../shared/phone';
import { outstandingOf } from '../../shared/money';
import { payOrder } from '../../shared/allocation';
import type { MidtransGateway, SnapItem, SnapRequest } from './gateway';
import { MidtransApiError } from './gateway';

/** A reused Snap must stay open long enough for the payer to finish. */
const REUSE_MARGIN_MS = 10 * 60_000;
const ITEM_NAME_MAX = 50;

export type StartPaymentResult =
	| { kind: 'snap'; token: string; redirectUrl: string; orderId: string; reused: boolean }
	| { kind: 'closed'; status: string }
	| { kind: 'not-found' };

/** One invoice, or everything the customer owes (oldest first) in one Snap transaction. */
export type PaymentScope = 'invoice' | 'all';

export interface StartPaymentOptions {
	/** Where Snap sends the payer back to (the pay page). */
	finishUrl: string;
	/** Default `invoice`. */
	scope?: PaymentScope;
	expiryMinutes: number;
	now?: Date;
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** item_details that sum to `outstanding`: the invoice's own lines when nothing is paid yet. */
export function itemDetailsFor(
	invoice: { number: string; amount: number; amountPaid: number },
	lines: Array<{ id: number; description: string; amount: number }>
): SnapItem[] {
	const outstanding = invoice.amount - invoice.amountPaid;
	const linesSum = lines.reduce((s, l) => s + l.amount, 0);
	if (invoice.amountPaid === 0 && lines.length > 0 && lines.every((l) => l.amount > 0) && linesSum === outstanding) {
		return lines.map((l) => ({ id: `L${l.id}`, price: l.amount, quantity: 1, name: clip(l.description, ITEM_NAME_MAX) }));
	}
	const name = invoice.amountPaid > 0 ? `Sisa tagihan ${invoice.number}` : `Tagihan ${invoice.number}`;
	return [{ id: invoice.number.slice(0, 50), price: outstanding, quantity: 1, name: clip(name, ITEM_NAME_MAX) }];
}

/** Pay everything owed: one item per open invoice, oldest first (the order the ledger pays them). */
export function itemDetailsForAll(open: Array<{ number: string; amount: number; amountPaid: number }>): SnapItem[] {
	return open.map((inv) => ({
		id: inv.number.slice(0, 50),
		price: inv.amount - inv.amountPaid,
		quantity: 1,
		name: clip(inv.amountPaid > 0 ? `Sisa tagihan ${inv.number}` : `Tagihan ${inv.number}`, ITEM_NAME_MAX)
	}));
}

/** How long a start waits for another start of the same invoice to get Snap's answer. */
const OPENING_WAIT_MS = 15_000;
const OPENING_POLL_MS = 200;
/** An attempt still opening after this long belongs to a start that died mid-Snap (a crash). */
const OPENING_STALE_MS = 60_000;

export class SnapBusyError extends Error {
	constructor(invoiceId: string) {
		super(`another start of invoice ${invoiceId} is still waiting for Snap`);
		this.name = 'SnapBusyError';
	}
}

/** The customer's open invoices, with what payOrder sorts on. */
async function openInvoicesOfCustomer(db: Db, customerId: string) {
	return db
		.select({
			id: invoices.id,
			subscriptionId: invoices.subscriptionId,
			periodStart: invoices.periodStart,
			dueDate: invoices.dueDate,
			number: invoices.number,
			amount: invoices.amount,
			amountPaid: invoices.amountPaid
		})
		.from(invoices)
		.where(and(eq(invoices.customerId, customerId), inArray(invoices.status, ['unpaid', 'partial']), isNull(invoices.deletedAt)));
}

export async function startPayment(db: Db, gateway: MidtransGateway, invoiceId: string, opts: StartPaymentOptions): Promise<StartPaymentResult> {
	const giveUpAt = Date.now() + OPENING_WAIT_MS;
	for (;;) {
		const result = await startPaymentNow(db, gateway, invoiceId, opts);
		if (result.kind !== 'opening') return result;
		if (Date.now() > giveUpAt) throw new SnapBusyError(invoiceId);
		await new Promise((resolve) => setTimeout(resolve, OPENING_POLL_MS));
	}
}

/** One try; `opening` = another start of this invoice holds the slot until Snap answers it. */
async function startPaymentNow(db: Db, gateway: MidtransGateway, invoiceId: string, opts: StartPaymentOptions): Promise<StartPaymentResult | { kind: 'opening' }> {
	const now = opts.now ?? new Date();
	const [row] = await db
		.select({
			id: invoices.id,
			number: invoices.number,
			amount: invoices.amount,
			amountPaid: invoices.amountPaid,
			status: invoices.status,
			customerId: invoices.customerId,
			customerName: customers.name,
			phone: customers.phone,
			email: customers.email
		})
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.where(eq(invoices.id, invoiceId));
	if (!row) return { kind: 'not-found' };
	const scope = opts.scope ?? 'invoice';
	// Pay everything owed: every open invoice of the customer, in the ledger's order (no invoice pointed).
	const all = scope === 'all' ? payOrder(await openInvoicesOfCustomer(db, row.customerId), null) : [];
	if (scope === 'invoice' && row.status !== 'unpaid' && row.status !== 'partial') return { kind: 'closed', status: row.status };
	const outstanding = scope === 'all' ? all.reduce((sum, inv) => sum + outstandingOf(inv), 0) : outstandingOf(row);
	if (outstanding <= 0) return { kind: 'closed', status: 'paid' };

	const [reusable] = await db
		.select()
		.from(midtransTransactions)
		.where(
			and(
				eq(midtransTransactions.invoiceId, invoiceId),
				eq(midtransTransactions.scope, scope),
				inArray(midtransTransactions.status, ['created', 'pending']),
				isNotNull(midtransTransactions.snapToken),
				eq(midtransTransactions.grossAmount, outstanding),
				gt(midtransTransactions.expiresAt, new Date(now.getTime() + REUSE_MARGIN_MS))
			)
		)
		.orderBy(desc(midtransTransactions.createdAt))
		.limit(1);
	if (reusable?.snapToken && reusable.redirectUrl) {
		return { kind: 'snap', token: reusable.snapToken, redirectUrl: reusable.redirectUrl, orderId: reusable.orderId, reused: true };
	}

	const lines = await db
		.select({ id: invoiceItems.id, description: invoiceItems.description, amount: invoiceItems.amount })
		.from(invoiceItems)
		.where(eq(invoiceItems.invoiceId, invoiceId))
		.orderBy(invoiceItems.id);
	const orderId = newOrderId(row.number, now);
	const expiresAt = new Date(now.getTime() + opts.expiryMinutes * 60_000);
	const phone = internationalPhone(row.phone);
	const request: SnapRequest = {
		transaction_details: { order_id: orderId, gross_amount: outstanding },
		item_details: scope === 'all' ? itemDetailsForAll(all) : itemDetailsFor(row, lines),
		customer_details: {
			first_name: clip(row.customerName, 255),
			...(phone ? { phone: `+${phone}` } : {}),
			...(row.email ? { email: row.email } : {})
		},
		expiry: { unit: 'minute', duration: opts.expiryMinutes },
		callbacks: { finish: opts.finishUrl }
	};
	let inserted;
	try {
		[inserted] = await db.insert(midtransTransactions).values({ invoiceId, orderId, scope, grossAmount: outstanding, status: 'created', expiresAt, openingInvoiceId: invoiceId });
	} catch (err) {
		if (!isDuplicateKey(err, 'midtrans_transactions_opening_uq')) throw err;
		// Free a slot whose start died before Snap answered, so the next try can take it.
		await db
			.update(midtransTransactions)
			.set({ openingInvoiceId: null, status: 'failed', flag: 'abandoned while opening' })
			.where(and(eq(midtransTransactions.openingInvoiceId, invoiceId), lt(midtransTransactions.createdAt, new Date(Date.now() - OPENING_STALE_MS))));
		return { kind: 'opening' };
	}
	try {
		const snap = await gateway.createSnap(request);
		await db
			.update(midtransTransactions)
			.set({ snapToken: snap.token, redirectUrl: snap.redirect_url, openingInvoiceId: null })
			.where(eq(midtransTransactions.id, inserted.insertId));
		return { kind: 'snap', token: snap.token, redirectUrl: snap.redirect_url, orderId, reused: false };
	} catch (err) {
		const detail = err instanceof MidtransApiError ? `snap ${err.httpStatus ?? 'no answer'}: ${JSON.stringify(err.body)}` : String(err);
		await db
			.update(midtransTransactions)
			.set({ status: 'failed', flag: detail.slice(0, 255), openingInvoiceId: null })
			.where(eq(midtransTransactions.id, inserted.insertId));
		throw err;
	}
}
