/**
 * What the office reads about invoices and payments: filtered, keyset-paged lists, one invoice
 * with its lines and the money applied to it, and one payment as its receipt. Technicians see
 * only their areas; anything outside answers NOT_FOUND like a missing row.
 */
import { refundableOf } from './refunds';
import { TRPCError } from '@trpc/server';
import { aliasedTable, and, count, desc, eq, gte, inArray, isNotNull, isNull, like, lt, lte, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { areas, auditLog, customers, invoiceItems, invoices, packages, paymentAllocations, payments, routers, subscriptions, users } from '../db/schema';
import { subscriptionColumns } from '../catalogue/customers.service';
import { paginate, type ListPage } from '../db/keyset';
import { visibleAreaIds } from '../catalogue/access';
import type { Actor } from '../trpc/actor';
import { addDays, addMonthsClamped, localDateOf, localTimeToInstant } from '../../shared/dates';
import type { invoiceListInput, paymentListInput } from '../../shared/schemas/billing';
import type { PaymentMethod, PaymentSource } from '../../shared/domain';

/** Unpaid or partly paid: money is still owed on it. */
export const openInvoiceStatus = inArray(invoices.status, ['unpaid', 'partial']);
/** Open and not deleted: what a customer still has to pay. */
export const isOpenInvoice = and(openInvoiceStatus, isNull(invoices.deletedAt))!;
/** What a bill, a reminder or a pay page quotes of an invoice, with its pay link's token. */
export const payableInvoiceColumns = {
	number: invoices.number,
	periodStart: invoices.periodStart,
	periodEnd: invoices.periodEnd,
	amount: invoices.amount,
	amountPaid: invoices.amountPaid,
	dueDate: invoices.dueDate,
	payToken: invoices.payToken
};

/** How many invoices match `where`, which may test their customer's columns (keyset list totals). */
export async function countInvoicesWithCustomer(db: Db, where: SQL | undefined): Promise<number> {
	return (await db.select({ n: count() }).from(invoices).innerJoin(customers, eq(customers.id, invoices.customerId)).where(where))[0].n;
}

const notFound = (actor: Actor) => new TRPCError({ code: 'NOT_FOUND', message: actor.t('billing.notFound') });
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listInvoices(db: Db, input: z.output<typeof invoiceListInput>, actor: Actor, timeZone: string) {
	const visible = await visibleAreaIds(db, actor);
	if (visible?.length === 0) return { rows: [], total: 0, nextCursor: null, prevCursor: null };
	const today = localDateOf(new Date(), timeZone);
	const term = input.search ? `%${escapeLike(input.search)}%` : undefined;
	const filter = and(
		isNull(invoices.deletedAt),
		visible ? inArray(customers.areaId, visible) : undefined,
		input.status ? eq(invoices.status, input.status) : undefined,
		input.areaId ? eq(customers.areaId, input.areaId) : undefined,
		input.customerId ? eq(invoices.customerId, input.customerId) : undefined,
		input.subscriptionId ? eq(invoices.subscriptionId, input.subscriptionId) : undefined,
		input.period ? and(gte(invoices.periodStart, `${input.period}-01`), lt(invoices.periodStart, addMonthsClamped(`${input.period}-01`, 1))) : undefined,
		input.due === 'overdue' ? and(openInvoiceStatus, lt(invoices.dueDate, today)) : undefined,
		input.due === 'dueSoon' ? and(openInvoiceStatus, gte(invoices.dueDate, today), lte(invoices.dueDate, addDays(today, 7))) : undefined,
		term ? or(like(invoices.number, term), like(customers.name, term), like(customers.code, term)) : undefined
	);
	return paginate({
		input,
		columns: {
			dueDate: invoices.dueDate,
			periodStart: invoices.periodStart,
			number: invoices.number,
			amount: invoices.amount,
			issuedAt: invoices.issuedAt
		},
		id: invoices.id,
		filter,
		rows: ({ where, orderBy, limit }) =>
			db
				.select({
					id: invoices.id,
					number: invoices.number,
					status: invoices.status,
					periodStart: invoices.periodStart,
					periodEnd: invoices.periodEnd,
					dueDate: invoices.dueDate,
					issuedAt: invoices.issuedAt,
					amount: invoices.amount,
					amountPaid: invoices.amountPaid,
					overdueSince: invoices.overdueSince,
					customerId: customers.id,
					customerName: customers.name,
					customerCode: customers.code,
					areaName: areas.name
				})
				.from(invoices)
				.innerJoin(customers, eq(customers.id, invoices.customerId))
				.innerJoin(areas, eq(areas.id, customers.areaId))
				.where(where)
				.orderBy(...orderBy)
				.limit(limit),
		count: (where) => countInvoicesWithCustomer(db, where)
	});
}

/** One subscription with its customer and isolation details, if the actor may see that customer. */
export async function getSubscription(db: Db, id: string, actor: Actor) {
	const visible = await visibleAreaIds(db, actor);
	const [row] = await db
		.select({
			...subscriptionColumns,
			isolationReason: subscriptions.isolationReason,
			isolatedAt: subscriptions.isolatedAt,
			isolationHoldUntil: subscriptions.isolationHoldUntil,
			customer: { id: customers.id, code: customers.code, name: customers.name, areaId: customers.areaId }
		})
		.from(subscriptions)
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.leftJoin(routers, eq(routers.id, subscriptions.routerId))
		.innerJoin(customers, eq(customers.id, subscriptions.customerId))
		.where(and(eq(subscriptions.id, id), isNull(subscriptions.deletedAt)));
	if (!row || (visible && !visible.includes(row.customer.areaId))) throw notFound(actor);
	const { customer, ...subscription } = row;
	return { customer, subscription };
}

export async function getInvoice(db: Db, id: string, actor: Actor) {
	const visible = await visibleAreaIds(db, actor);
	const [row] = await db
		.select({
			invoice: invoices,
			customer: { id: customers.id, code: customers.code, name: customers.name, phone: customers.phone, address: customers.address, areaId: customers.areaId },
			subscription: { id: subscriptions.id, serviceUsername: subscriptions.serviceUsername, status: subscriptions.status },
			packageName: packages.name
		})
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.where(eq(invoices.id, id));
	if (!row || (visible && !visible.includes(row.customer.areaId))) throw notFound(actor);
	const [items, money, history] = await Promise.all([
		db.select().from(invoiceItems).where(eq(invoiceItems.invoiceId, id)).orderBy(invoiceItems.id),
		db
			.select({
				paymentId: payments.id,
				receiptNumber: payments.receiptNumber,
				method: payments.method,
				receivedAt: payments.receivedAt,
				amount: paymentAllocations.amount,
				voidsPaymentId: payments.voidsPaymentId
			})
			.from(paymentAllocations)
			.innerJoin(payments, eq(payments.id, paymentAllocations.paymentId))
			.where(eq(paymentAllocations.invoiceId, id))
			.orderBy(payments.receivedAt),
		db
			.select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, before: auditLog.before, after: auditLog.after, userName: users.name })
			.from(auditLog)
			.leftJoin(users, eq(users.id, auditLog.userId))
			.where(and(eq(auditLog.entity, 'invoice'), eq(auditLog.entityId, id)))
			.orderBy(desc(auditLog.at))
			.limit(50)
	]);
	const { payToken, ...invoice } = row.invoice;
	return { invoice, payToken: actor.role === 'technician' ? null : payToken, customer: row.customer, subscription: row.subscription, packageName: row.packageName, items, money, history };
}

export interface PaymentListRow {
	id: string;
	receiptNumber: string | null;
	receivedAt: Date;
	amount: number;
	method: PaymentMethod;
	source: PaymentSource;
	voidsPaymentId: string | null;
	flag: string | null;
	/** Someone at the office looked at the flag (null while it waits), who, and what they noted. */
	flagReviewedAt: Date | null;
	flagReviewerName: string | null;
	flagReviewNote: string | null;
	customerId: string;
	customerName: string;
	customerCode: string;
	collectorName: string | null;
	/** A later entry reverses this payment. */
	voided: boolean;
	/** A refund entry: the payment it pays back, and why. */
	refundsPaymentId: string | null;
	refundReason: string | null;
	/** What of this payment's credit the office can still refund (0 for entries that left none). */
	refundable: number;
}

export async function listPayments(db: Db, input: z.output<typeof paymentListInput>, actor: Actor, timeZone: string) {
	const visible = await visibleAreaIds(db, actor);
	if (visible?.length === 0) return { rows: [] as PaymentListRow[], total: 0, nextCursor: null, prevCursor: null };
	const collector = aliasedTable(users, 'collector');
	const reviewer = aliasedTable(users, 'reviewer');
	const term = input.search ? `%${escapeLike(input.search)}%` : undefined;
	const filter = and(
		visible ? inArray(customers.areaId, visible) : undefined,
		input.method ? eq(payments.method, input.method) : undefined,
		input.customerId ? eq(payments.customerId, input.customerId) : undefined,
		input.collectedBy ? eq(payments.collectedBy, input.collectedBy) : undefined,
		input.from ? gte(payments.receivedAt, localTimeToInstant(input.from, 0, timeZone)) : undefined,
		input.to ? lt(payments.receivedAt, localTimeToInstant(addDays(input.to, 1), 0, timeZone)) : undefined,
		// "Perlu dicek" is what still waits for the office: flagged and not yet reviewed.
		input.flagged === undefined ? undefined : input.flagged ? and(isNotNull(payments.flag), isNull(payments.flagReviewedAt)) : isNull(payments.flag),
		term ? or(like(payments.receiptNumber, term), like(customers.name, term), like(customers.code, term)) : undefined
	);
	const page: ListPage<Omit<PaymentListRow, 'voided' | 'refundable'>> = await paginate({
		input,
		columns: { receivedAt: payments.receivedAt, amount: payments.amount },
		id: payments.id,
		filter,
		rows: ({ where, orderBy, limit }) =>
			db
				.select({
					id: payments.id,
					receiptNumber: payments.receiptNumber,
					receivedAt: payments.receivedAt,
					amount: payments.amount,
					method: payments.method,
					source: payments.source,
					voidsPaymentId: payments.voidsPaymentId,
					refundsPaymentId: payments.refundsPaymentId,
					refundReason: payments.refundReason,
					flag: payments.flag,
					flagReviewedAt: payments.flagReviewedAt,
					flagReviewerName: reviewer.name,
					flagReviewNote: payments.flagReviewNote,
					customerId: customers.id,
					customerName: customers.name,
					customerCode: customers.code,
					collectorName: collector.name
				})
				.from(payments)
				.innerJoin(customers, eq(customers.id, payments.customerId))
				.leftJoin(collector, eq(collector.id, payments.collectedBy))
				.leftJoin(reviewer, eq(reviewer.id, payments.flagReviewedBy))
				.where(where)
				.orderBy(...orderBy)
				.limit(limit),
		count: async (where) =>
			(await db.select({ n: count() }).from(payments).innerJoin(customers, eq(customers.id, payments.customerId)).where(where))[0].n
	});
	if (page.rows.length === 0) return { ...page, rows: [] as PaymentListRow[] };
	const voided = await db
		.select({ id: payments.voidsPaymentId })
		.from(payments)
		.where(inArray(payments.voidsPaymentId, page.rows.map((r) => r.id)));
	const voidedIds = new Set(voided.map((v) => v.id));
	// Only a flagged payment is offered a refund on this page; the rule is refunds.ts's.
	const refundable = await refundableOf(db, page.rows.filter((r) => r.flag && r.amount > 0).map((r) => r.id));
	return { ...page, rows: page.rows.map((r): PaymentListRow => ({ ...r, voided: voidedIds.has(r.id), refundable: refundable.get(r.id) ?? 0 })) };
}

/** One payment as its receipt: who paid, what for, who took the money. */
export async function getReceipt(db: Db, paymentId: string, actor: Actor) {
	const visible = await visibleAreaIds(db, actor);
	const collector = aliasedTable(users, 'collector');
	const [row] = await db
		.select({
			payment: payments,
			customer: { id: customers.id, code: customers.code, name: customers.name, address: customers.address, phone: customers.phone, areaId: customers.areaId },
			collectorName: collector.name
		})
		.from(payments)
		.innerJoin(customers, eq(customers.id, payments.customerId))
		.leftJoin(collector, eq(collector.id, payments.collectedBy))
		.where(eq(payments.id, paymentId));
	if (!row || (visible && !visible.includes(row.customer.areaId))) throw notFound(actor);
	const [lines, [voidEntry], [credit]] = await Promise.all([
		db
			.select({ invoiceId: invoices.id, number: invoices.number, periodStart: invoices.periodStart, periodEnd: invoices.periodEnd, amount: paymentAllocations.amount })
			.from(paymentAllocations)
			.innerJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
			.where(eq(paymentAllocations.paymentId, paymentId))
			.orderBy(invoices.periodStart),
		db.select({ id: payments.id, voidReason: payments.voidReason, receivedAt: payments.receivedAt }).from(payments).where(eq(payments.voidsPaymentId, paymentId)),
		db.select({ balance: customers.creditBalance }).from(customers).where(eq(customers.id, row.customer.id))
	]);
	const allocated = lines.reduce((s, l) => s + l.amount, 0);
	return {
		payment: row.payment,
		customer: row.customer,
		collectorName: row.collectorName,
		lines,
		toCredit: row.payment.amount - allocated,
		creditBalance: credit?.balance ?? 0,
		voidedBy: voidEntry ?? null
	};
}

