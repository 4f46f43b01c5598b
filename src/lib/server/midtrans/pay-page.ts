/**
 * What the public pay page may show: the ISP, the customer's first name, this invoice, and the
 * customer's other open invoices (each by its own pay token). Nothing else about the customer:
 * not the full name, not the package (a link forwarded or leaked tells no more than paying needs).
 */
import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers, invoices, midtransTransactions, routerJobs } from '../db/schema';
import { firstNameOf } from '../../shared/first-name';
import { readIspProfile } from '../settings/profile';
import type { MidtransGateway } from './gateway';
import { confirmOrder } from './apply';
import { isOpenInvoice, payableInvoiceColumns } from '../billing/queries';
import { outstandingOf } from '../../shared/money';

/** Tokens are 43 base64url characters; anything else cannot be one and is not looked up. */
export const PAY_TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The column's collation is case-insensitive; a token is not. The plain comparison finds the row
 * through the UNIQUE index, the binary one makes the match exact.
 */
function tokenIs(token: string): SQL {
	return and(eq(invoices.payToken, token), sql`BINARY ${invoices.payToken} = ${token}`)!;
}

export async function invoiceIdByToken(db: Db, token: string): Promise<string | null> {
	if (!PAY_TOKEN_PATTERN.test(token)) return null;
	const [row] = await db.select({ id: invoices.id }).from(invoices).where(and(tokenIs(token), isNull(invoices.deletedAt)));
	return row?.id ?? null;
}

export async function loadPayPage(db: Db, token: string) {
	if (!PAY_TOKEN_PATTERN.test(token)) return null;
	const [row] = await db
		.select({
			id: invoices.id,
			number: invoices.number,
			status: invoices.status,
			periodStart: invoices.periodStart,
			periodEnd: invoices.periodEnd,
			amount: invoices.amount,
			amountPaid: invoices.amountPaid,
			dueDate: invoices.dueDate,
			customerId: invoices.customerId,
			subscriptionId: invoices.subscriptionId,
			customerName: customers.name
		})
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.where(and(tokenIs(token), isNull(invoices.deletedAt)));
	if (!row) return null;
	const [isp, others, restoreJobs] = await Promise.all([
		readIspProfile(db),
		db
			.select(payableInvoiceColumns)
			.from(invoices)
			.where(and(isOpenInvoice, eq(invoices.customerId, row.customerId), ne(invoices.id, row.id)))
			.orderBy(asc(invoices.dueDate), asc(invoices.number))
			.limit(24),
		db
			.select({ id: routerJobs.id })
			.from(routerJobs)
			.where(and(eq(routerJobs.subscriptionId, row.subscriptionId), eq(routerJobs.action, 'restore'), inArray(routerJobs.status, ['queued', 'running'])))
			.limit(1)
	]);
	const { customerId: _c, subscriptionId: _s, id: _i, customerName, ...invoice } = row;
	return {
		isp: { name: isp.name, phone: isp.phone },
		invoice: { ...invoice, firstName: firstNameOf(customerName), outstanding: row.status === 'void' ? 0 : outstandingOf(row) },
		others: others.map((o) => ({ ...o, outstanding: outstandingOf(o) })),
		/** The payment lifted isolation and the router has not confirmed yet. */
		restoring: restoreJobs.length > 0
	};
}

export type PayPageData = NonNullable<Awaited<ReturnType<typeof loadPayPage>>>;

/** A payer waiting on "checking…": ask Midtrans about this invoice's open attempts, at most every few seconds. */
export async function refreshOpenAttempts(db: Db, gateway: MidtransGateway, invoiceId: string, opts: { timeZone: string; minIntervalMs?: number }): Promise<void> {
	const now = new Date();
	const attempts = await db
		.select({ orderId: midtransTransactions.orderId, lastCheckedAt: midtransTransactions.lastCheckedAt })
		.from(midtransTransactions)
		.where(and(eq(midtransTransactions.invoiceId, invoiceId), inArray(midtransTransactions.status, ['created', 'pending'])))
		.orderBy(desc(midtransTransactions.createdAt))
		.limit(3);
	for (const a of attempts) {
		if (a.lastCheckedAt && now.getTime() - a.lastCheckedAt.getTime() < (opts.minIntervalMs ?? 5000)) continue;
		await confirmOrder(db, gateway, a.orderId, 'pay-page', { timeZone: opts.timeZone }).catch(() => undefined);
	}
}
