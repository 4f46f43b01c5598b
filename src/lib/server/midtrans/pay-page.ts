/**
 * What the public pay page may show: the ISP, the customer's first name, this invoice, and the
 * customer's other open invoices (each by its own pay token). Nothing else about the customer:
 * not the full name, not the package (a link forwarded or leaked tells no more than paying needs).
 */
import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers, invoices, midtransTransactions, routerJobs, subscriptions } from '../db/schema';
import { firstNameOf } from '../../shared/first-name';
import { readIspProfile } from '../settings/profile';
import type { MidtransGateway } from './gateway';
import { confirmOrder } from './apply';
import { isOpenInvoice, payableInvoiceColumns } from '../billing/queries';
import { outstandingOf } from '../../shared/money';
import { payOrder } from '../../shared/allocation';
import { localDateOf } from '../../shared/dates';
import { readBillingRules } from '../billing/rules';
import { latestIsolatingDueDate } from '../billing/periods';
import { isolationOutlook } from './pay-outlook';

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

/** `timeZone`: the ISP's, for the isolation cutoff (what is overdue today). */
export async function loadPayPage(db: Db, token: string, timeZone: string) {
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
	const outstanding = row.status === 'void' ? 0 : outstandingOf(row);
	const isOpen = row.status === 'unpaid' || row.status === 'partial';
	const { open, isolated } = await isolationFacts(db, row.customerId, localDateOf(new Date(), timeZone));
	const total = open.reduce((sum, i) => sum + i.outstanding, 0);
	const oldest = payOrder(open, null)[0];
	return {
		isp: { name: isp.name, phone: isp.phone },
		invoice: { ...invoice, firstName: firstNameOf(customerName), outstanding },
		others: others.map((o) => ({ ...o, outstanding: outstandingOf(o) })),
		/** The payment lifted isolation and the router has not confirmed yet. */
		restoring: restoreJobs.length > 0,
		/** What paying this invoice alone does to the isolation (null when it is not open). */
		outlook: isOpen ? isolationOutlook(open, isolated, outstanding, row.subscriptionId) : null,
		/** Still isolated with nothing paid now: what it takes (shown on a paid invoice's page). */
		isolation: isolationOutlook(open, isolated, 0, null),
		/**
		 * Pay everything owed in one Snap transaction, oldest first, when more than one invoice is
		 * open. Started from this page when this invoice is open, else from the oldest open one's.
		 */
		payAll:
			open.length > 1 || (open.length === 1 && !isOpen)
				? { total, count: open.length, outlook: isolationOutlook(open, isolated, total, null), startHere: isOpen, oldestToken: oldest.payToken }
				: null
	};
}

/**
 * Pay everything owed for one customer, as /isolir offers it: the total, the oldest open invoice
 * (the page that starts it), and what it takes to lift the isolation with nothing paid yet.
 */
export async function payAllOf(db: Db, customerId: string, today: string) {
	const { open, isolated } = await isolationFacts(db, customerId, today);
	const oldest = payOrder(open, null)[0];
	if (!oldest) return null;
	const total = open.reduce((sum, i) => sum + i.outstanding, 0);
	return { oldestId: oldest.id, total, count: open.length, now: isolationOutlook(open, isolated, 0, null), all: isolationOutlook(open, isolated, total, null) };
}

/** The customer's open invoices (as the planner sees them) and subscriptions isolated for arrears. */
async function isolationFacts(db: Db, customerId: string, today: string) {
	const cutoff = latestIsolatingDueDate(today, (await readBillingRules(db)).graceDays);
	const [open, subs] = await Promise.all([
		db
			.select({
				id: invoices.id,
				subscriptionId: invoices.subscriptionId,
				periodStart: invoices.periodStart,
				dueDate: invoices.dueDate,
				number: invoices.number,
				amount: invoices.amount,
				amountPaid: invoices.amountPaid,
				payToken: invoices.payToken
			})
			.from(invoices)
			.where(and(isOpenInvoice, eq(invoices.customerId, customerId))),
		db
			.select({ id: subscriptions.id })
			.from(subscriptions)
			.where(and(eq(subscriptions.customerId, customerId), eq(subscriptions.status, 'isolated'), eq(subscriptions.isolationReason, 'arrears'), isNull(subscriptions.deletedAt)))
	]);
	return {
		open: open.map((i) => ({ ...i, outstanding: outstandingOf(i), overdue: i.dueDate <= cutoff })),
		isolated: new Set(subs.map((s) => s.id))
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
