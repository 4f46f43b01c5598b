/**
 * The office dashboard: each figure is one set-based query over the ledger, the invoices and the
 * monitor's stored router readings — never a call to a router, never a loop over customers. Each
 * query is exported on its own so bench/dashboard.ts can time it.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { addDays, addMonthsClamped, localDateOf, type LocalDate } from '../../shared/dates';
import { PAYMENT_METHODS, type PaymentMethod } from '../../shared/domain';
import { AGING_BUCKETS, type AgingBucket } from '../../shared/schemas/reports';
import { instantInMonths, instantMonthSql, lastMonths, type MonthRange } from './months';
import { instantOrNull, num, numOrNull, selectRows } from '../db/raw-sql';

/** Methods that are money received; `credit` only moves a customer's own surplus onto an invoice. */
export const MONEY_METHODS = PAYMENT_METHODS.filter((m): m is Exclude<PaymentMethod, 'credit'> => m !== 'credit');
export type MoneyMethod = (typeof MONEY_METHODS)[number];

export interface DashboardClock {
	now: Date;
	timeZone: string;
}

export interface DashboardCounts {
	activeSubscriptions: number;
	isolated: number;
	/** Open invoices' amount minus what is already paid on them. */
	unpaidTotal: number;
	unpaidInvoices: number;
}

export async function dashboardCounts(db: Db): Promise<DashboardCounts> {
	const [row] = await selectRows(
		db,
		sql`SELECT
			(SELECT COUNT(*) FROM subscriptions WHERE status = 'active' AND deleted_at IS NULL) AS active,
			(SELECT COUNT(*) FROM subscriptions WHERE status = 'isolated' AND deleted_at IS NULL) AS isolated,
			(SELECT COALESCE(SUM(amount - amount_paid), 0) FROM invoices WHERE status IN ('unpaid', 'partial') AND deleted_at IS NULL) AS unpaid_total,
			(SELECT COUNT(*) FROM invoices WHERE status IN ('unpaid', 'partial') AND deleted_at IS NULL) AS unpaid_invoices`
	);
	return { activeSubscriptions: num(row.active), isolated: num(row.isolated), unpaidTotal: num(row.unpaid_total), unpaidInvoices: num(row.unpaid_invoices) };
}

export interface AttentionCounts {
	/** Payments the ledger flagged for the office (amount mismatch, cash for a paid invoice, …) that nobody has reviewed yet. */
	flaggedPayments: number;
	/** Technicians' cash hand-overs nobody at the office has counted yet. */
	pendingHandovers: number;
	/** Phone operations the server refused that nobody has dealt with yet. */
	rejectedSyncOps: number;
}

/** What waits for a person: each count reads one range of an index led by its filter (flags: payments_flag_review_idx). */
export async function attentionCounts(db: Db): Promise<AttentionCounts> {
	const [row] = await selectRows(
		db,
		sql`SELECT
			(SELECT COUNT(*) FROM payments WHERE flag_reviewed_at IS NULL AND flag IS NOT NULL) AS flagged,
			(SELECT COUNT(*) FROM cash_handovers WHERE status = 'pending' AND deleted_at IS NULL) AS handovers,
			(SELECT COUNT(*) FROM sync_ops WHERE status = 'rejected' AND reviewed_at IS NULL) AS rejected`
	);
	return { flaggedPayments: num(row.flagged), pendingHandovers: num(row.handovers), rejectedSyncOps: num(row.rejected) };
}

export interface MethodTotal {
	method: MoneyMethod;
	/** Money in minus voids recorded this month. */
	amount: number;
	payments: number;
}

/** Money received this local month per method, voids netted (a void counts in the month it is recorded). */
export async function collectedThisMonth(db: Db, clock: DashboardClock): Promise<MethodTotal[]> {
	const [month] = lastMonths(clock.now, 1, clock.timeZone);
	const rows = await selectRows(
		db,
		sql`SELECT method, SUM(amount) AS amount, SUM(amount > 0) AS payments FROM payments
			WHERE ${instantInMonths(sql`received_at`, [month])} AND method <> 'credit'
			GROUP BY method`
	);
	const by = new Map(rows.map((r) => [String(r.method), r]));
	return MONEY_METHODS.map((method) => ({ method, amount: num(by.get(method)?.amount), payments: num(by.get(method)?.payments) }));
}

export interface MonthRevenue {
	month: string;
	/** Net per method (money in minus voids). */
	byMethod: Record<MoneyMethod, number>;
	/** Money in (positive entries). */
	received: number;
	/** Voiding entries (zero or negative). */
	voided: number;
	net: number;
}

/** Payments received per local month (money methods only), voids netted in the month they were recorded. */
export async function revenueByMonth(db: Db, clock: DashboardClock, count = 12): Promise<MonthRevenue[]> {
	return revenueInMonths(db, lastMonths(clock.now, count, clock.timeZone));
}

/**
 * One index range per month (payments_received_method_amount_idx covers it), glued with
 * UNION ALL: cheaper than filing every row under its month and grouping in a temporary table.
 */
export async function revenueInMonths(db: Db, months: MonthRange[]): Promise<MonthRevenue[]> {
	const perMonth = months.map(
		(m) => sql`SELECT ${m.month} AS month,
				SUM(GREATEST(amount, 0)) AS received, SUM(LEAST(amount, 0)) AS voided,
				SUM(CASE WHEN method = 'cash' THEN amount ELSE 0 END) AS cash,
				SUM(CASE WHEN method = 'transfer' THEN amount ELSE 0 END) AS transfer,
				SUM(CASE WHEN method = 'midtrans' THEN amount ELSE 0 END) AS midtrans
			FROM payments WHERE received_at >= ${m.from} AND received_at < ${m.to} AND method <> 'credit'`
	);
	const rows = await selectRows(db, sql.join(perMonth, sql` UNION ALL `));
	const by = new Map(rows.map((r) => [String(r.month), r]));
	return months.map(({ month }) => {
		const r = by.get(month);
		const received = num(r?.received);
		const voided = num(r?.voided);
		return { month, byMethod: { cash: num(r?.cash), transfer: num(r?.transfer), midtrans: num(r?.midtrans) }, received, voided, net: received + voided };
	});
}

export interface AgingRow {
	bucket: AgingBucket;
	invoices: number;
	/** Still owed on those invoices. */
	amount: number;
}

/**
 * Open invoices by whole days past their due date in the ISP's calendar: `current` (due today or
 * later), 1–30, 31–60, 61–90 and more than 90. The buckets add up to the unpaid total.
 */
export async function arrearsAging(db: Db, clock: DashboardClock): Promise<AgingRow[]> {
	const today = localDateOf(clock.now, clock.timeZone);
	const rows = await selectRows(
		db,
		sql`SELECT ${agingBucketSql(sql`due_date`, today)} AS bucket, COUNT(*) AS invoices, SUM(amount - amount_paid) AS amount
			FROM invoices WHERE status IN ('unpaid', 'partial') AND deleted_at IS NULL
			GROUP BY bucket`
	);
	const by = new Map(rows.map((r) => [String(r.bucket), r]));
	return AGING_BUCKETS.map((bucket) => ({ bucket, invoices: num(by.get(bucket)?.invoices), amount: num(by.get(bucket)?.amount) }));
}

/** The aging bucket of a due-date column on `today` (days past due = today − due date). */
export function agingBucketSql(dueDate: ReturnType<typeof sql>, today: LocalDate) {
	return sql`CASE
		WHEN ${dueDate} >= ${today} THEN 'current'
		WHEN ${dueDate} >= ${addDays(today, -30)} THEN 'd1_30'
		WHEN ${dueDate} >= ${addDays(today, -60)} THEN 'd31_60'
		WHEN ${dueDate} >= ${addDays(today, -90)} THEN 'd61_90'
		ELSE 'd91' END`;
}

export interface SubscriptionFlow {
	month: string;
	started: number;
	terminated: number;
}

/** Subscriptions started (by their local start date) and terminated (by when) per month. */
export async function subscriptionFlow(db: Db, clock: DashboardClock, count = 12): Promise<SubscriptionFlow[]> {
	const months = lastMonths(clock.now, count, clock.timeZone);
	const first = months[0].firstDay;
	const end = addMonthsClamped(months[months.length - 1].firstDay, 1);
	const rows = await selectRows(
		db,
		sql`SELECT 'started' AS kind, DATE_FORMAT(start_date, '%Y-%m') AS month, COUNT(*) AS n FROM subscriptions
				WHERE start_date >= ${first} AND start_date < ${end} AND deleted_at IS NULL GROUP BY month
			UNION ALL
			SELECT 'terminated', ${instantMonthSql(sql`terminated_at`, months)} AS month, COUNT(*) FROM subscriptions
				WHERE ${instantInMonths(sql`terminated_at`, months)} AND deleted_at IS NULL GROUP BY month`
	);
	const key = (kind: string, month: string) => `${kind}:${month}`;
	const by = new Map(rows.map((r) => [key(String(r.kind), String(r.month)), num(r.n)]));
	return months.map(({ month }) => ({ month, started: by.get(key('started', month)) ?? 0, terminated: by.get(key('terminated', month)) ?? 0 }));
}

export interface RouterHealth {
	id: string;
	name: string;
	status: 'unknown' | 'up' | 'down';
	lastCheckedAt: Date | null;
	lastSeenAt: Date | null;
	lastError: string | null;
	cpuLoad: number | null;
	uptimeSeconds: number | null;
	/** Sessions in the monitor's last 'online' reading; null before the first one. */
	online: number | null;
	onlineAt: Date | null;
}

/** Every router's last known state, from routers and router_snapshots only. */
export async function routerHealth(db: Db): Promise<RouterHealth[]> {
	const rows = await selectRows(
		db,
		sql`SELECT r.id, r.name, r.status, r.last_checked_at, r.last_seen_at, r.last_error,
				JSON_VALUE(res.data, '$.cpuLoad') AS cpu_load, JSON_VALUE(res.data, '$.uptimeSeconds') AS uptime_seconds,
				JSON_LENGTH(onl.data, '$.sessions') AS online, onl.taken_at AS online_at
			FROM routers r
			LEFT JOIN router_snapshots res ON res.router_id = r.id AND res.kind = 'resource'
			LEFT JOIN router_snapshots onl ON onl.router_id = r.id AND onl.kind = 'online'
			WHERE r.deleted_at IS NULL
			ORDER BY r.name`
	);
	return rows.map((r) => ({
		id: String(r.id),
		name: String(r.name),
		status: String(r.status) as RouterHealth['status'],
		lastCheckedAt: instantOrNull(r.last_checked_at),
		lastSeenAt: instantOrNull(r.last_seen_at),
		lastError: r.last_error === null ? null : String(r.last_error),
		cpuLoad: numOrNull(r.cpu_load),
		uptimeSeconds: numOrNull(r.uptime_seconds),
		online: numOrNull(r.online),
		onlineAt: instantOrNull(r.online_at)
	}));
}

/**
 * Online now: the routers that answered the monitor last time, summed; a down router's old count
 * is not. `readAt` is the oldest of the readings summed, so the figure is at least that fresh.
 */
export function onlineNow(routers: RouterHealth[]): { online: number; routersUp: number; routersDown: number; readAt: Date | null } {
	let online = 0;
	let routersUp = 0;
	let routersDown = 0;
	let readAt: Date | null = null;
	for (const r of routers) {
		if (r.status === 'up') {
			routersUp += 1;
			online += r.online ?? 0;
			if (r.onlineAt && (readAt === null || r.onlineAt < readAt)) readAt = r.onlineAt;
		} else if (r.status === 'down') routersDown += 1;
	}
	return { online, routersUp, routersDown, readAt };
}

export type Dashboard = Awaited<ReturnType<typeof dashboard>>;

/** Everything the dashboard shows, its queries run side by side. */
export async function dashboard(db: Db, clock: DashboardClock) {
	const [counts, attention, collected, revenue, aging, flow, routers] = await Promise.all([
		dashboardCounts(db),
		attentionCounts(db),
		collectedThisMonth(db, clock),
		revenueByMonth(db, clock),
		arrearsAging(db, clock),
		subscriptionFlow(db, clock),
		routerHealth(db)
	]);
	const online = onlineNow(routers);
	return {
		month: lastMonths(clock.now, 1, clock.timeZone)[0].month,
		today: localDateOf(clock.now, clock.timeZone),
		counts,
		attention,
		online: { ...online, minutesAgo: online.readAt ? Math.max(0, Math.floor((clock.now.getTime() - online.readAt.getTime()) / 60_000)) : null },
		collected,
		collectedTotal: collected.reduce((s, c) => s + c.amount, 0),
		revenue,
		aging,
		flow,
		routers
	};
}
