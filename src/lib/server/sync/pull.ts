/**
 * sync.pull: the rows of the technician's areas whose version is above the phone's cursor, with
 * deletions, in pages (DESIGN §7).
 *
 * Every row a transaction writes carries the versions it took, and versions become visible in
 * the order they were taken (db/version.ts). All reads of one pull run in one consistent
 * snapshot, and a page always ends on a version boundary, so no row is ever skipped: each table
 * is read up to `limit` rows past the cursor, and the page ends below the first version a table
 * could not return in full. A single version larger than a page is returned whole.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/index';
import { syncDevices } from '../db/schema';
import { scopeHashOf, type DeviceRow } from './devices';
import { readIspProfile } from '../settings/profile';
import { readMessageTemplates } from '../settings/templates';
import type { PulledArea, PulledCustomer, PulledHandover, PulledInvoice, PulledPackage, PulledPayment, PulledRows, PulledSubscription, PulledTable, PullOutput } from '../../shared/sync/rows';
import { selectRows, sqlList, type Rows } from '../db/raw-sql';
import { collectorBalance } from './collector-balance';
import { readSetting } from '../settings';
import { CASH_BOUND_KEY, cashBoundSchema } from '../../shared/cash-bound';


/** Payments older than this stay off the phone (the customer card shows recent ones). */
export const RECENT_PAYMENT_DAYS = 60;
const OPEN = new Set(['unpaid', 'partial']);

export interface PullScope {
	userId: string;
	/** null = every area (admin). */
	areaIds: string[] | null;
}

interface Versioned {
	version: number;
}
type Deletion = { table: PulledTable; id: string };

/** One table's rows past the cursor, as the phone stores them, or as deletions. */
interface Stream<R extends Versioned = Versioned> {
	read(tx: Tx, range: SQL, limit: number | null): Promise<R[]>;
	emit(rows: R[], out: PulledRows, deletions: Deletion[]): void;
}

const limitClause = (limit: number | null) => (limit === null ? sql`` : sql`LIMIT ${limit}`);
/** Raw queries get DATETIME back as UTC text (`2026-11-24 01:02:03.456`); typed ones as Date. */
function instant(v: Date | string): string {
	return v instanceof Date ? v.toISOString() : new Date(`${v.replace(' ', 'T')}Z`).toISOString();
}
const iso = (d: Date | string | null) => (d ? instant(d) : null);
const num = (v: number | string | null) => (v === null ? null : Number(v));

/** `column IN (areas)`, false for a technician with no areas, nothing for admin. */
function areaFilter(column: SQL, scope: PullScope): SQL {
	if (scope.areaIds === null) return sql`TRUE`;
	return scope.areaIds.length ? sql`${column} IN (${sqlList(scope.areaIds)})` : sql`FALSE`;
}

async function rowsOf<T>(tx: Tx, query: SQL): Promise<T[]> {
	const rows = await selectRows<T>(tx, query);
	return rows.map((r) => ({ ...r, version: Number((r as Versioned).version) }));
}

function streams(scope: PullScope, cursor: number, recentFrom: Date): Stream<any>[] {
	const inAreas = (column: SQL) => areaFilter(column, scope);
	type AreaRow = { id: string; name: string; version: number; deleted_at: Date | null };
	type PackageRow = { id: string; name: string; price: number | string; service_type: PulledPackage['serviceType'] | 'static'; active: number; version: number; deleted_at: Date | null };
	type CustomerRow = {
		id: string;
		code: string;
		name: string;
		phone: string | null;
		address: string;
		area_id: string;
		latitude: string | null;
		longitude: string | null;
		status: PulledCustomer['status'];
		credit_balance: number | string;
		notes: string | null;
		version: number;
		deleted_at: Date | null;
	};
	type SubscriptionRow = {
		id: string;
		customer_id: string;
		package_id: string;
		status: PulledSubscription['status'];
		service_username: string | null;
		billing_day: number;
		paid_through: string | null;
		version: number;
		deleted_at: Date | null;
	};
	type InvoiceRow = {
		id: string;
		number: string;
		subscription_id: string;
		customer_id: string;
		period_start: string;
		period_end: string;
		amount: number | string;
		amount_paid: number | string;
		due_date: string;
		status: string;
		pay_token: string;
		version: number;
		deleted_at: Date | null;
	};
	type HandoverRow = {
		id: string;
		amount: number | string;
		counted_amount: number | string | null;
		status: PulledHandover['status'];
		handed_over_at: Date | string;
		confirmed_at: Date | string | null;
		note: string | null;
		payment_ids: string | null;
		version: number;
		deleted_at: Date | null;
	};

	const list: Stream<any>[] = [
		{
			read: (tx, range, limit) =>
				rowsOf<AreaRow>(tx, sql`SELECT id, name, version, deleted_at FROM areas a WHERE ${range} AND ${inAreas(sql`a.id`)} ORDER BY version, id ${limitClause(limit)}`),
			emit: (rows: AreaRow[], out, del) => {
				for (const r of rows) {
					if (r.deleted_at) del.push({ table: 'areas', id: r.id });
					else out.areas.push({ id: r.id, name: r.name, version: r.version } satisfies PulledArea);
				}
			}
		},
		{
			read: (tx, range, limit) =>
				rowsOf<PackageRow>(tx, sql`SELECT id, name, price, service_type, active, version, deleted_at FROM packages a WHERE ${range} ORDER BY version, id ${limitClause(limit)}`),
			emit: (rows: PackageRow[], out, del) => {
				for (const r of rows) {
					// A technician registers only PPPoE and hotspot customers; static needs the office.
					if (r.deleted_at || r.service_type === 'static') del.push({ table: 'packages', id: r.id });
					else out.packages.push({ id: r.id, name: r.name, price: Number(r.price), serviceType: r.service_type, active: Boolean(r.active), version: r.version });
				}
			}
		},
		{
			read: (tx, range, limit) =>
				rowsOf<CustomerRow>(
					tx,
					sql`SELECT id, code, name, phone, address, area_id, latitude, longitude, status, credit_balance, notes, version, deleted_at
						FROM customers a WHERE ${range} AND ${inAreas(sql`a.area_id`)} ORDER BY version, id ${limitClause(limit)}`
				),
			emit: (rows: CustomerRow[], out, del) => {
				for (const r of rows) {
					if (r.deleted_at) del.push({ table: 'customers', id: r.id });
					else
						out.customers.push({
							id: r.id,
							code: r.code,
							name: r.name,
							phone: r.phone,
							address: r.address,
							areaId: r.area_id,
							latitude: num(r.latitude),
							longitude: num(r.longitude),
							status: r.status,
							creditBalance: Number(r.credit_balance),
							notes: r.notes,
							version: r.version
						});
				}
			}
		},
		{
			read: (tx, range, limit) =>
				rowsOf<SubscriptionRow>(
					tx,
					sql`SELECT a.id, a.customer_id, a.package_id, a.status, a.service_username, a.billing_day, a.paid_through, a.version, a.deleted_at
						FROM subscriptions a JOIN customers c ON c.id = a.customer_id
						WHERE ${range} AND ${inAreas(sql`c.area_id`)} ORDER BY a.version, a.id ${limitClause(limit)}`
				),
			emit: (rows: SubscriptionRow[], out, del) => {
				for (const r of rows) out.subscriptions.push(...subscriptionOut(r, del));
			}
		},
		{
			read: (tx, range, limit) =>
				rowsOf<InvoiceRow>(
					tx,
					sql`SELECT a.id, a.number, a.subscription_id, a.customer_id, a.period_start, a.period_end, a.amount, a.amount_paid, a.due_date, a.status, a.pay_token, a.version, a.deleted_at
						FROM invoices a JOIN customers c ON c.id = a.customer_id
						WHERE ${range} AND ${inAreas(sql`c.area_id`)} ORDER BY a.version, a.id ${limitClause(limit)}`
				),
			emit: (rows: InvoiceRow[], out, del) => {
				for (const r of rows) out.invoices.push(...invoiceOut(r, del));
			}
		},
		{
			// A void or a refund is a new ledger row pointing at the original: it sends the original, marked voided or refunded.
			read: (tx, range, limit) =>
				rowsOf<PaymentRow>(
					tx,
					sql`SELECT o.id, o.customer_id, o.invoice_id, o.amount, o.method, o.received_at, o.receipt_number, o.collected_by,
							(a.voids_payment_id IS NOT NULL OR EXISTS (SELECT 1 FROM payments v WHERE v.voids_payment_id = o.id)) AS voided, ${warningsOf(sql`o`)}, a.version
						FROM payments a JOIN payments o ON o.id = COALESCE(a.voids_payment_id, a.refunds_payment_id, a.id) JOIN customers c ON c.id = a.customer_id
						WHERE ${range} AND ${inAreas(sql`c.area_id`)} AND o.received_at >= ${recentFrom}
						ORDER BY a.version, a.id ${limitClause(limit)}`
				),
			emit: (rows: PaymentRow[], out) => {
				for (const r of rows) out.payments.push(paymentOut(r));
			}
		},
		{
			read: (tx, range, limit) =>
				rowsOf<HandoverRow>(
					tx,
					sql`SELECT a.id, a.amount, a.counted_amount, a.status, a.handed_over_at, a.confirmed_at, a.note, a.version, a.deleted_at,
							(SELECT GROUP_CONCAT(hp.payment_id) FROM handover_payments hp WHERE hp.handover_id = a.id) AS payment_ids
						FROM cash_handovers a WHERE ${range} AND a.technician_id = ${scope.userId} ORDER BY a.version, a.id ${limitClause(limit)}`
				),
			emit: (rows: HandoverRow[], out, del) => {
				for (const r of rows) {
					if (r.deleted_at) del.push({ table: 'handovers', id: r.id });
					else
						out.handovers.push({
							id: r.id,
							amount: Number(r.amount),
							countedAmount: num(r.counted_amount),
							status: r.status,
							paymentIds: r.payment_ids ? r.payment_ids.split(',') : [],
							createdAt: instant(r.handed_over_at),
							confirmedAt: iso(r.confirmed_at),
							note: r.note,
							version: r.version
						});
				}
			}
		}
	];
	// Customers moved out of these areas: the phone drops them (a first pull has nothing to drop).
	if (scope.areaIds !== null && cursor > 0) {
		list.push({
			read: (tx, range, limit) =>
				rowsOf<{ id: string; version: number }>(
					tx,
					sql`SELECT id, version FROM customers a WHERE ${range} AND NOT (${inAreas(sql`a.area_id`)}) ORDER BY version, id ${limitClause(limit)}`
				),
			emit: (rows: Array<{ id: string }>, _out, del) => {
				for (const r of rows) del.push({ table: 'customers', id: r.id });
			}
		});
	}
	return list;
}

type SubscriptionOutRow = Parameters<typeof subscriptionOut>[0];
function subscriptionOut(
	r: { id: string; customer_id: string; package_id: string; status: PulledSubscription['status']; service_username: string | null; billing_day: number; paid_through: string | null; version: number; deleted_at: Date | null },
	del: Deletion[]
): PulledSubscription[] {
	if (r.deleted_at) {
		del.push({ table: 'subscriptions', id: r.id });
		return [];
	}
	return [
		{
			id: r.id,
			customerId: r.customer_id,
			packageId: r.package_id,
			status: r.status,
			serviceUsername: r.service_username,
			billingDay: Number(r.billing_day),
			paidThrough: r.paid_through,
			version: r.version
		}
	];
}

function invoiceOut(
	r: { id: string; number: string; subscription_id: string; customer_id: string; period_start: string; period_end: string; amount: number | string; amount_paid: number | string; due_date: string; status: string; pay_token: string; version: number; deleted_at: Date | null },
	del: Deletion[]
): PulledInvoice[] {
	if (r.deleted_at || !OPEN.has(r.status)) {
		del.push({ table: 'invoices', id: r.id });
		return [];
	}
	return [
		{
			id: r.id,
			number: r.number,
			subscriptionId: r.subscription_id,
			customerId: r.customer_id,
			periodStart: r.period_start,
			periodEnd: r.period_end,
			amount: Number(r.amount),
			amountPaid: Number(r.amount_paid),
			dueDate: r.due_date,
			status: r.status as PulledInvoice['status'],
			payToken: r.pay_token,
			version: r.version
		}
	];
}

/**
 * What the phone warns about on a payment: the ledger found it likely paid twice
 * (billing/duplicate-rule.ts), and what the office refunded of it.
 */
function warningsOf(p: SQL): SQL {
	return sql`EXISTS (SELECT 1 FROM payment_flags f WHERE f.payment_id = ${p}.id AND f.reason = 'likely-duplicate') AS likely_duplicate,
		(SELECT COALESCE(SUM(-r.amount), 0) FROM payments r WHERE r.refunds_payment_id = ${p}.id) AS refunded`;
}

/** A payment as pulled: its columns and warningsOf's two. */
type PaymentRow = {
	id: string;
	customer_id: string;
	invoice_id: string | null;
	amount: number | string;
	method: PulledPayment['method'];
	received_at: Date | string;
	receipt_number: string | null;
	collected_by: string | null;
	voided: number;
	likely_duplicate: number;
	refunded: number | string;
	version: number;
};

function paymentOut(r: PaymentRow): PulledPayment {
	return {
		id: r.id,
		customerId: r.customer_id,
		invoiceId: r.invoice_id,
		amount: Number(r.amount),
		method: r.method,
		receivedAt: instant(r.received_at),
		receiptNumber: r.receipt_number,
		collectedBy: r.collected_by,
		voided: Boolean(Number(r.voided)),
		likelyDuplicate: Boolean(Number(r.likely_duplicate)),
		refunded: Number(r.refunded),
		version: r.version
	};
}

/**
 * A customer that comes into view (moved into these areas) brings rows whose versions are older
 * than the cursor; and one that leaves takes its rows with it. So for every customer this page
 * sends or drops, its subscriptions, open invoices and recent payments go along.
 */
async function attachCustomerRows(tx: Tx, shown: string[], gone: string[], recentFrom: Date, out: PulledRows, del: Deletion[]): Promise<void> {
	if (shown.length) {
		const subs = await rowsOf<SubscriptionOutRow>(
			tx,
			sql`SELECT id, customer_id, package_id, status, service_username, billing_day, paid_through, version, deleted_at FROM subscriptions WHERE customer_id IN (${sqlList(shown)})`
		);
		for (const r of subs) out.subscriptions.push(...subscriptionOut(r, del));
		const invs = await rowsOf<Parameters<typeof invoiceOut>[0]>(
			tx,
			sql`SELECT id, number, subscription_id, customer_id, period_start, period_end, amount, amount_paid, due_date, status, pay_token, version, deleted_at
				FROM invoices WHERE customer_id IN (${sqlList(shown)}) AND status IN ('unpaid', 'partial') AND deleted_at IS NULL`
		);
		for (const r of invs) out.invoices.push(...invoiceOut(r, del));
		const pays = await rowsOf<PaymentRow>(
			tx,
			sql`SELECT p.id, p.customer_id, p.invoice_id, p.amount, p.method, p.received_at, p.receipt_number, p.collected_by,
					EXISTS (SELECT 1 FROM payments v WHERE v.voids_payment_id = p.id) AS voided, ${warningsOf(sql`p`)}, p.version
				FROM payments p WHERE p.customer_id IN (${sqlList(shown)}) AND p.received_at >= ${recentFrom} AND p.voids_payment_id IS NULL AND p.refunds_payment_id IS NULL`
		);
		for (const r of pays) out.payments.push(paymentOut(r));
	}
	if (gone.length) {
		const [subs, invs, pays] = await Promise.all([
			rowsOf<{ id: string }>(tx, sql`SELECT id, 0 AS version FROM subscriptions WHERE customer_id IN (${sqlList(gone)})`),
			rowsOf<{ id: string }>(tx, sql`SELECT id, 0 AS version FROM invoices WHERE customer_id IN (${sqlList(gone)}) AND status IN ('unpaid', 'partial')`),
			rowsOf<{ id: string }>(tx, sql`SELECT id, 0 AS version FROM payments WHERE customer_id IN (${sqlList(gone)}) AND received_at >= ${recentFrom}`)
		]);
		for (const r of subs) del.push({ table: 'subscriptions', id: r.id });
		for (const r of invs) del.push({ table: 'invoices', id: r.id });
		for (const r of pays) del.push({ table: 'payments', id: r.id });
	}
}

/** The last rows of one version may be cut off by the limit: the page ends below that version. */
function completeThrough(rows: Versioned[], limit: number): number | null {
	if (rows.length <= limit) return null;
	const lastKept = rows[limit - 1].version;
	return rows[limit].version > lastKept ? lastKept : lastKept - 1;
}

function dedupe<T extends { id: string; version: number }>(rows: T[]): T[] {
	const byId = new Map<string, T>();
	for (const r of rows) {
		const seen = byId.get(r.id);
		if (!seen || seen.version <= r.version) byId.set(r.id, r);
	}
	return [...byId.values()];
}

export type PullPage = Pick<PullOutput, 'rows' | 'deletions' | 'cursor' | 'more' | 'cashOwed'>;

/** One page of rows above `cursor` (0 = everything, including rows never versioned). */
export async function pullPage(db: Db, scope: PullScope, cursor: number, limit: number, now = new Date()): Promise<PullPage> {
	const recentFrom = new Date(now.getTime() - RECENT_PAYMENT_DAYS * 86_400_000);
	const list = streams(scope, cursor, recentFrom);
	const after = cursor === 0 ? -1 : cursor;
	return db.transaction(
		async (tx) => {
			const [counterRows] = (await tx.execute(sql`SELECT value FROM sync_counter WHERE id = 1`)) as unknown as Rows<{ value: number | string }>;
			const counter = Number(counterRows[0]?.value ?? 0);
			const first = await Promise.all(list.map((s) => s.read(tx, sql`a.version > ${after}`, limit + 1)));
			let upper = Number.POSITIVE_INFINITY;
			for (const rows of first) {
				const through = completeThrough(rows, limit);
				if (through !== null) upper = Math.min(upper, through);
			}
			let more = upper !== Number.POSITIVE_INFINITY;
			let pages = first;
			// Nothing left: every version up to the counter is visible in this snapshot, so skip to it.
			if (!more) upper = Math.max(counter, cursor);
			else if (upper <= after || upper === 0) {
				// The first version holds more rows than a page: send it whole. Version 0 (rows never
				// versioned) cannot end a page, as cursor 0 means "from the start": the next version comes along.
				let target = Math.min(...first.filter((r) => r.length).map((r) => r[0].version));
				if (target === 0) {
					const above = (await Promise.all(list.map((s) => s.read(tx, sql`a.version > 0`, 1)))).flat();
					target = above.length ? Math.min(...above.map((r) => r.version)) : -1;
				}
				if (target === -1) {
					upper = Math.max(counter, cursor);
					more = false;
				} else upper = target;
				pages = await Promise.all(list.map((s) => s.read(tx, sql`a.version > ${after} AND a.version <= ${upper}`, null)));
			}
			const rows: PulledRows = { areas: [], packages: [], customers: [], subscriptions: [], invoices: [], payments: [], handovers: [] };
			const deletions: Deletion[] = [];
			list.forEach((s, i) => s.emit(pages[i].filter((r) => r.version <= upper), rows, deletions));

			if (cursor > 0) {
				const gone = deletions.filter((d) => d.table === 'customers').map((d) => d.id);
				await attachCustomerRows(tx, rows.customers.map((c) => c.id), gone, recentFrom, rows, deletions);
			}
			const unique: PulledRows = {
				areas: dedupe(rows.areas),
				packages: dedupe(rows.packages),
				customers: dedupe(rows.customers),
				subscriptions: dedupe(rows.subscriptions),
				invoices: dedupe(rows.invoices),
				payments: dedupe(rows.payments),
				handovers: dedupe(rows.handovers)
			};
			// A row both sent and deleted in one page: the deletion came from an older state, drop it.
			const sent = new Set(Object.entries(unique).flatMap(([table, list]) => (list as Array<{ id: string }>).map((r) => `${table}:${r.id}`)));
			const uniqueDeletions = [...new Map(deletions.filter((d) => !sent.has(`${d.table}:${d.id}`)).map((d) => [`${d.table}:${d.id}`, d])).values()];
			// What this collector still owes, read in the same snapshot as the rows (collector-balance.ts).
			const cashOwed = (await collectorBalance(tx, scope.userId)).owed;
			return { rows: unique, deletions: uniqueDeletions, cursor: upper, more, cashOwed };
		},
		// (MariaDB does not take READ ONLY together with WITH CONSISTENT SNAPSHOT in drizzle's syntax.)
		{ isolationLevel: 'repeatable read', withConsistentSnapshot: true }
	);
}

export interface PullContext {
	user: { id: string; name: string; username: string };
	areaIds: string[] | null;
	offlineDays: number;
	now?: Date;
}

/**
 * A whole pull answer. The device's area set is remembered on every pull from 0; a later pull under
 * a different set answers `reset` (the phone wipes its copy and pulls from 0) instead of rows.
 */
export async function pull(db: Db, input: { deviceId: string; cursor: number; limit: number }, device: DeviceRow, ctx: PullContext): Promise<PullOutput> {
	const now = ctx.now ?? new Date();
	const scopeHash = scopeHashOf(ctx.areaIds);
	const offlineUntil = new Date(now.getTime() + ctx.offlineDays * 86_400_000).toISOString();
	const [{ name: ispName }, templates, cashBound] = await Promise.all([readIspProfile(db), readMessageTemplates(db), readSetting(db, CASH_BOUND_KEY, cashBoundSchema)]);
	const common = { offlineUntil, user: ctx.user, isp: { name: ispName, receiptTemplate: templates.receipt, cashBound, customerLanguage: templates.language } };
	if (input.cursor > 0 && device.scopeHash !== scopeHash) {
		await db.update(syncDevices).set({ lastPullAt: now, lastSeenAt: now }).where(eq(syncDevices.id, device.id));
		const rows: PulledRows = { areas: [], packages: [], customers: [], subscriptions: [], invoices: [], payments: [], handovers: [] };
		return { rows, deletions: [], cursor: 0, more: false, reset: true, cashOwed: (await collectorBalance(db, ctx.user.id)).owed, ...common };
	}
	const page = await pullPage(db, { userId: ctx.user.id, areaIds: ctx.areaIds }, input.cursor, input.limit, now);
	await db
		.update(syncDevices)
		.set({ lastPullAt: now, lastSeenAt: now, ...(input.cursor === 0 ? { scopeHash } : {}) })
		.where(eq(syncDevices.id, device.id));
	return { ...page, reset: false, ...common };
}
