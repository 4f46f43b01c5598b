/**
 * Who is looking at the public isolir page, and what they owe. Shows only what paying needs:
 * the ISP's name, the customer's first name, the amounts of open invoices with their periods and
 * due dates. Never a phone, an address, a full name, an invoice number or a pay token: the
 * page's "Bayar" posts back (payTarget), which checks again and redirects to the pay page.
 *
 * By code or phone (typed, so guessable: codes are sequential) it answers only for customers cut
 * off or overdue now, and counts every lookup per source and overall (isolir-throttle.ts).
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers, invoices, subscriptions } from '../db/schema';
import { payAllOf } from '../midtrans/pay-page';
import { localDateOf } from '../../shared/dates';
import type { IsolationOutlook } from '../midtrans/pay-outlook';
import { readIspProfile } from '../settings/profile';
import { isolirLookupInput } from '../../shared/schemas/router-sync';
import { takeLookup } from './isolir-throttle';
import { normaliseAddress } from '../rate-limit';
import { firstNameOf } from '../../shared/first-name';
import { isOpenInvoice, payableInvoiceColumns } from '../billing/queries';
import { outstandingOf } from '../../shared/money';

/** An 'online' snapshot older than this may hold addresses handed to someone else since. */
const SNAPSHOT_FRESH_MS = 15 * 60_000;
/** Several customers on one phone number: show a few, never a list. */
const MAX_CUSTOMERS = 3;

export interface OwedInvoice {
	/** What the page's pay button posts back; the invoice id, which grants nothing by itself. */
	ref: string;
	periodStart: string;
	periodEnd: string;
	/** What is still open on it, in rupiah. */
	amount: number;
	dueDate: string;
}

export interface IsolirCustomer {
	payAll: { ref: string; total: number; count: number; now: IsolationOutlook } | null;
	firstName: string;
	isolated: boolean;
	invoices: OwedInvoice[];
}

export interface IsolirView {
	ispName: string;
	customers: IsolirCustomer[];
}

export async function ispName(db: Db): Promise<string> {
	return (await readIspProfile(db)).name;
}

/**
 * The customers behind a client address: a live subscription with that static IP, else a session
 * with that address in a router's fresh 'online' snapshot. Ambiguous answers count as none.
 */
export async function customersByAddress(db: Db, rawAddress: string, now = new Date()): Promise<string[]> {
	const address = normaliseAddress(rawAddress);
	if (!address) return [];
	const byStatic = await db
		.selectDistinct({ customerId: subscriptions.customerId })
		.from(subscriptions)
		.where(and(eq(subscriptions.staticIp, address), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt)));
	if (byStatic.length === 1) return [byStatic[0].customerId];
	if (byStatic.length > 1) return [];

	// JSON_SEARCH finds the session's path ($.sessions[12].address); its name sits beside it.
	// isIP() above guarantees the address holds no LIKE wildcards.
	const [rows] = (await db.execute(sql`
		SELECT router_id AS routerId,
			JSON_UNQUOTE(JSON_EXTRACT(data, REPLACE(JSON_UNQUOTE(JSON_SEARCH(data, 'one', ${address}, NULL, '$.sessions[*].address')), '.address', '.name'))) AS name
		FROM router_snapshots
		WHERE kind = 'online' AND taken_at > ${new Date(now.getTime() - SNAPSHOT_FRESH_MS)}
			AND JSON_SEARCH(data, 'one', ${address}, NULL, '$.sessions[*].address') IS NOT NULL`)) as unknown as [Array<{ routerId: string; name: string | null }>];
	const sessions = rows.filter((r) => r.name);
	if (sessions.length !== 1) return [];
	const subs = await db
		.selectDistinct({ customerId: subscriptions.customerId })
		.from(subscriptions)
		.where(and(eq(subscriptions.routerId, sessions[0].routerId), eq(subscriptions.liveServiceUsername, sessions[0].name!), isNull(subscriptions.deletedAt)));
	return subs.length === 1 ? [subs[0].customerId] : [];
}

/** `C000123`, `c123` or `123` → `C000123`; null when it is not a code. */
export function customerCodeOf(query: string): string | null {
	const m = /^c?0*(\d{1,9})$/i.exec(query.replace(/\s/g, ''));
	if (!m || m[1].length > 6) return null;
	return `C${m[1].padStart(6, '0')}`;
}

/** Phones are stored as bare 08… digits: +62 812-3456-789 → 08123456789. */
export function phoneOf(query: string): string | null {
	const digits = query.replace(/[\s().-]/g, '');
	if (!/^\+?\d{9,15}$/.test(digits)) return null;
	const bare = digits.replace(/^\+/, '');
	return bare.startsWith('62') ? `0${bare.slice(2)}` : bare;
}

export async function customersByCodeOrPhone(db: Db, query: string): Promise<string[]> {
	const code = customerCodeOf(query);
	const phone = code ? null : phoneOf(query);
	if (!code && !phone) return [];
	const rows = await db
		.select({ id: customers.id })
		.from(customers)
		.where(and(code ? eq(customers.code, code) : eq(customers.phone, phone!), isNull(customers.deletedAt)))
		.orderBy(asc(customers.code))
		.limit(MAX_CUSTOMERS);
	return rows.map((r) => r.id);
}

/** Of these customers, those cut off now or with an invoice past due: the only ones a typed lookup answers for. */
export async function cutOffOrOverdue(db: Db, customerIds: string[]): Promise<string[]> {
	if (customerIds.length === 0) return [];
	const [isolated, overdue] = await Promise.all([
		db
			.selectDistinct({ customerId: subscriptions.customerId })
			.from(subscriptions)
			.where(and(inArray(subscriptions.customerId, customerIds), eq(subscriptions.status, 'isolated'), isNull(subscriptions.deletedAt))),
		db
			.selectDistinct({ customerId: invoices.customerId })
			.from(invoices)
			.where(and(isOpenInvoice, inArray(invoices.customerId, customerIds), isNotNull(invoices.overdueSince), gt(invoices.amount, invoices.amountPaid)))
	]);
	const keep = new Set([...isolated, ...overdue].map((r) => r.customerId));
	return customerIds.filter((id) => keep.has(id));
}

/** `today`: the ISP's local date, for what is overdue (the pay-everything outlook). */
export async function isolirView(db: Db, customerIds: string[], today: string): Promise<IsolirView> {
	const name = await ispName(db);
	if (customerIds.length === 0) return { ispName: name, customers: [] };
	const [people, open, isolatedSubs] = await Promise.all([
		db.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, customerIds)).orderBy(asc(customers.code)),
		db
			.select({ id: invoices.id, customerId: invoices.customerId, ...payableInvoiceColumns })
			.from(invoices)
			.where(and(isOpenInvoice, inArray(invoices.customerId, customerIds), gt(invoices.amount, invoices.amountPaid)))
			.orderBy(asc(invoices.dueDate), asc(invoices.number)),
		db
			.selectDistinct({ customerId: subscriptions.customerId })
			.from(subscriptions)
			.where(and(inArray(subscriptions.customerId, customerIds), eq(subscriptions.status, 'isolated'), isNull(subscriptions.deletedAt)))
	]);
	const isolated = new Set(isolatedSubs.map((s) => s.customerId));
	const payAll = await Promise.all(people.map((p) => payAllOf(db, p.id, today)));
	return {
		ispName: name,
		customers: people.map((p, k) => ({
			firstName: firstNameOf(p.name),
			isolated: isolated.has(p.id),
			/** Pay everything owed (oldest first) and what it takes to lift the isolation (midtrans/pay-outlook.ts). */
			payAll: payAll[k] && { ref: payAll[k].oldestId, total: payAll[k].total, count: payAll[k].count, now: payAll[k].now },
			invoices: open
				.filter((i) => i.customerId === p.id)
				.map((i) => ({ ref: i.id, periodStart: i.periodStart, periodEnd: i.periodEnd, amount: outstandingOf(i), dueDate: i.dueDate }))
		}))
	};
}

/** The page's first look: the visitor's own address, no form needed. Null when it names nobody. */
export async function lookupByAddress(db: Db, address: string, now: Date, timeZone: string): Promise<IsolirView | null> {
	const ids = await customersByAddress(db, address, now);
	return ids.length ? isolirView(db, ids, localDateOf(now, timeZone)) : null;
}

export type QueryLookup =
	| { status: 'found'; view: IsolirView }
	| { status: 'notFound' | 'invalid' }
	| { status: 'tooMany'; retryAt: Date };

/** The customers a typed code or phone names who are cut off or overdue now; null when it is neither. */
async function payersByQuery(db: Db, rawQuery: unknown): Promise<string[] | null> {
	const parsed = isolirLookupInput.safeParse({ query: rawQuery });
	if (!parsed.success) return null;
	return cutOffOrOverdue(db, await customersByCodeOrPhone(db, parsed.data.query));
}

/**
 * The form: a customer code or phone, counted against the visitor's source and the overall limit
 * before anything is read. A customer who is neither cut off nor overdue is "not found", exactly
 * as one who does not exist: the page tells an outsider nothing about who is a customer.
 */
export async function lookupByQuery(db: Db, address: string, rawQuery: unknown, now: Date, timeZone: string): Promise<QueryLookup> {
	const gate = await takeLookup(db, address, now);
	if (!gate.allowed) return { status: 'tooMany', retryAt: gate.retryAt! };
	const ids = await payersByQuery(db, rawQuery);
	if (ids === null) return { status: 'invalid' };
	return ids.length ? { status: 'found', view: await isolirView(db, ids, localDateOf(now, timeZone)) } : { status: 'notFound' };
}

export type PayTarget = { status: 'pay'; token: string } | { status: 'notFound' } | { status: 'tooMany'; retryAt: Date };

/**
 * The page's "Bayar": the invoice it names, if it is open and belongs to whom the visitor was
 * recognised as (by address, else by the code or phone sent along, checked and counted again as
 * a lookup), answers its pay token for a redirect. The token never appears in a page.
 */
export async function payTarget(db: Db, address: string, rawInvoiceRef: unknown, rawQuery: unknown, now = new Date()): Promise<PayTarget> {
	const gate = await takeLookup(db, address, now);
	if (!gate.allowed) return { status: 'tooMany', retryAt: gate.retryAt! };
	if (typeof rawInvoiceRef !== 'string' || !/^[0-9a-f-]{36}$/i.test(rawInvoiceRef)) return { status: 'notFound' };
	const byAddress = await customersByAddress(db, address, now);
	const ids = byAddress.length ? byAddress : ((await payersByQuery(db, rawQuery)) ?? []);
	if (ids.length === 0) return { status: 'notFound' };
	const [row] = await db
		.select({ payToken: invoices.payToken })
		.from(invoices)
		.where(and(eq(invoices.id, rawInvoiceRef), isOpenInvoice, inArray(invoices.customerId, ids), gt(invoices.amount, invoices.amountPaid)));
	return row ? { status: 'pay', token: row.payToken } : { status: 'notFound' };
}
