import { sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { selectRows } from '../db/raw-sql';


/** The technician home: per assigned area, who owes and how much. */
export async function technicianAreas(db: Db, userId: string) {
	const result = await selectRows(
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
