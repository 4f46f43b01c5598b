import { sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { addMonthsClamped, localDateOf, localTimeToInstant } from '../../shared/dates';

type Row = Record<string, unknown>;
async function rows(db: Db, query: ReturnType<typeof sql>): Promise<Row[]> {
	const [result] = (await db.execute(query)) as unknown as [Row[]];
	return result;
}

/** The office home's figures, straight from the ledger. */
export async function officeOverview(db: Db, timeZone: string, now = new Date()) {
	const today = localDateOf(now, timeZone);
	const monthStart = `${today.slice(0, 8)}01`;
	const from = localTimeToInstant(monthStart, 0, timeZone);
	const to = localTimeToInstant(addMonthsClamped(monthStart, 1), 0, timeZone);

	const [counts] = await rows(
		db,
		sql`SELECT
			(SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL) AS customers,
			(SELECT COUNT(*) FROM subscriptions WHERE status = 'active' AND deleted_at IS NULL) AS active_subscriptions,
			(SELECT COUNT(*) FROM subscriptions WHERE status = 'isolated' AND deleted_at IS NULL) AS isolated,
			(SELECT COALESCE(SUM(amount - amount_paid), 0) FROM invoices WHERE status IN ('unpaid', 'partial') AND deleted_at IS NULL) AS unpaid_total,
			(SELECT COALESCE(SUM(amount), 0) FROM payments WHERE method <> 'credit' AND received_at >= ${from} AND received_at < ${to}) AS collected_this_month`
	);
	const recent = await rows(
		db,
		sql`SELECT p.id, p.receipt_number, p.amount, p.method, p.received_at, c.name AS customer_name, c.code AS customer_code
			FROM payments p JOIN customers c ON c.id = p.customer_id
			ORDER BY p.received_at DESC, p.id LIMIT 10`
	);
	return {
		customers: Number(counts.customers),
		activeSubscriptions: Number(counts.active_subscriptions),
		isolated: Number(counts.isolated),
		unpaidTotal: Number(counts.unpaid_total),
		collectedThisMonth: Number(counts.collected_this_month),
		recentPayments: recent.map((r) => ({
			id: String(r.id),
			receiptNumber: String(r.receipt_number),
			amount: Number(r.amount),
			method: String(r.method),
			receivedAt: new Date(r.received_at as string | Date),
			customerName: String(r.customer_name),
			customerCode: String(r.customer_code)
		}))
	};
}

/** The technician home: per assigned area, who owes and how much. */
export async function technicianAreas(db: Db, userId: string) {
	const result = await rows(
		db,
		sql`SELECT a.id, a.name,
				COUNT(DISTINCT CASE WHEN i.id IS NOT NULL THEN c.id END) AS owing_customers,
				COALESCE(SUM(i.amount - i.amount_paid), 0) AS owed
			FROM user_areas ua
			JOIN areas a ON a.id = ua.area_id AND a.deleted_at IS NULL
			LEFT JOIN customers c ON c.area_id = a.id AND c.deleted_at IS NULL
			LEFT JOIN invoices i ON i.customer_id = c.id AND i.status IN ('unpaid', 'partial') AND i.deleted_at IS NULL
			WHERE ua.user_id = ${userId}
			GROUP BY a.id, a.name
			ORDER BY a.name`
	);
	return result.map((r) => ({ id: String(r.id), name: String(r.name), owingCustomers: Number(r.owing_customers), owed: Number(r.owed) }));
}
