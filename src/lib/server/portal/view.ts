/**
 * What a signed-in customer sees: only their own rows, every query keyed by the session's
 * customer id (never by an id the browser sends alone).
 */
import { and, asc, desc, eq, gt, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers, invoices, packages, paymentAllocations, payments, subscriptions } from '../db/schema';
import { isOpenInvoice, payableInvoiceColumns } from '../billing/queries';
import { payAllOf } from '../midtrans/pay-page';
import { readIspProfile } from '../settings/profile';
import { outstandingOf } from '../../shared/money';

/** Payment history shown: the latest this many receipts. */
const HISTORY_LIMIT = 24;

export async function portalCustomer(db: Db, customerId: string) {
	const [row] = await db
		.select({ id: customers.id, code: customers.code, name: customers.name, whatsappOptOut: customers.whatsappOptOut })
		.from(customers)
		.where(and(eq(customers.id, customerId), isNull(customers.deletedAt)));
	return row ?? null;
}

/** The customer's live subscriptions, with what the portal may change and why one is cut off. */
export async function portalSubscriptions(db: Db, customerId: string) {
	const rows = await db
		.select({
			id: subscriptions.id,
			packageName: packages.name,
			serviceType: packages.serviceType,
			username: subscriptions.serviceUsername,
			routerId: subscriptions.routerId,
			status: subscriptions.status,
			isolationReason: subscriptions.isolationReason,
			isolatedAt: subscriptions.isolatedAt
		})
		.from(subscriptions)
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.where(and(eq(subscriptions.customerId, customerId), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt)))
		.orderBy(asc(subscriptions.createdAt));
	return rows.map(({ routerId, ...s }) => ({
		...s,
		/** A password the customer types must reach a router: PPPoE and hotspot accounts on one. */
		passwordChangeable: routerId !== null && s.username !== null && s.serviceType !== 'static'
	}));
}

export async function portalHome(db: Db, customerId: string, today: string) {
	const customer = await portalCustomer(db, customerId);
	if (!customer) return null;
	const [isp, subs, open, history, payAll] = await Promise.all([
		readIspProfile(db),
		portalSubscriptions(db, customerId),
		db
			.select({ id: invoices.id, ...payableInvoiceColumns })
			.from(invoices)
			.where(and(isOpenInvoice, eq(invoices.customerId, customerId), gt(invoices.amount, invoices.amountPaid)))
			.orderBy(asc(invoices.dueDate), asc(invoices.number)),
		db
			.select({ id: payments.id, receiptNumber: payments.receiptNumber, amount: payments.amount, method: payments.method, receivedAt: payments.receivedAt })
			.from(payments)
			.where(and(eq(payments.customerId, customerId), isNotNull(payments.receiptNumber), gt(payments.amount, 0)))
			.orderBy(desc(payments.receivedAt))
			.limit(HISTORY_LIMIT),
		payAllOf(db, customerId, today)
	]);
	const voided = new Set(
		(
			await db
				.select({ id: payments.voidsPaymentId })
				.from(payments)
				.where(and(eq(payments.customerId, customerId), isNotNull(payments.voidsPaymentId)))
		).map((r) => r.id)
	);
	const tokenOf = new Map(open.map((i) => [i.id, i.payToken]));
	return {
		isp: { name: isp.name, phone: isp.phone },
		customer,
		subscriptions: subs,
		invoices: open.map((i) => ({
			number: i.number,
			periodStart: i.periodStart,
			periodEnd: i.periodEnd,
			dueDate: i.dueDate,
			outstanding: outstandingOf(i),
			payToken: i.payToken
		})),
		/** Pay everything owed: one Snap for all, started from the oldest open invoice's pay page (midtrans/pay-page.ts). */
		payAll: payAll && payAll.count > 1 ? { total: payAll.total, count: payAll.count, token: tokenOf.get(payAll.oldestId) ?? null, lifts: payAll.all.kind === 'lifts' } : null,
		payments: history.filter((p) => !voided.has(p.id))
	};
}

/** One receipt, only when it is this customer's; null otherwise (the page answers 404 either way). */
export async function portalReceipt(db: Db, customerId: string, paymentId: string) {
	const [payment] = await db
		.select({ id: payments.id, receiptNumber: payments.receiptNumber, amount: payments.amount, method: payments.method, receivedAt: payments.receivedAt })
		.from(payments)
		.where(and(eq(payments.id, paymentId), eq(payments.customerId, customerId), isNotNull(payments.receiptNumber), gt(payments.amount, 0)));
	if (!payment) return null;
	const [lines, voids, customer, isp] = await Promise.all([
		db
			.select({ number: invoices.number, periodStart: invoices.periodStart, periodEnd: invoices.periodEnd, amount: paymentAllocations.amount })
			.from(paymentAllocations)
			.innerJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
			.where(eq(paymentAllocations.paymentId, paymentId))
			.orderBy(asc(invoices.periodStart)),
		db.select({ id: payments.id }).from(payments).where(eq(payments.voidsPaymentId, paymentId)),
		portalCustomer(db, customerId),
		readIspProfile(db)
	]);
	return { payment, lines, voided: voids.length > 0, customer: customer!, isp: { name: isp.name, phone: isp.phone, address: isp.address } };
}
