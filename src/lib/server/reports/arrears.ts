/** Arrears per area: who owes, how much, and how old, from open invoices; plus who is isolated there. */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import type { arrearsReportInput } from '../../shared/schemas/reports';
import { localDateOf } from '../../shared/dates';
import { agingBucketSql } from './dashboard';
import { allOf } from './filters';
import { num, selectRows } from '../db/raw-sql';

export interface ArrearsAreaRow {
	areaId: string;
	areaName: string;
	customers: number;
	invoices: number;
	owed: number;
	current: number;
	d1_30: number;
	d31_60: number;
	d61_90: number;
	d91: number;
	isolated: number;
}

export async function arrearsReport(db: Db, input: z.output<typeof arrearsReportInput>, now: Date, timeZone: string) {
	const today = localDateOf(now, timeZone);
	const bucket = agingBucketSql(sql`i.due_date`, today);
	const owedIn = (name: string) => sql`SUM(CASE WHEN ${bucket} = ${name} THEN i.amount - i.amount_paid ELSE 0 END)`;
	const areaFilter = input.areaId ? sql`a.id = ${input.areaId}` : undefined;
	const rows = await selectRows(
		db,
		sql`SELECT a.id, a.name,
				COALESCE(o.customers, 0) AS customers, COALESCE(o.invoices, 0) AS invoices, COALESCE(o.owed, 0) AS owed,
				COALESCE(o.b_current, 0) AS b_current, COALESCE(o.b1, 0) AS b1, COALESCE(o.b2, 0) AS b2, COALESCE(o.b3, 0) AS b3, COALESCE(o.b4, 0) AS b4,
				COALESCE(s.isolated, 0) AS isolated
			FROM areas a
			LEFT JOIN (
				SELECT c.area_id, COUNT(DISTINCT i.customer_id) AS customers, COUNT(*) AS invoices, SUM(i.amount - i.amount_paid) AS owed,
					${owedIn('current')} AS b_current, ${owedIn('d1_30')} AS b1, ${owedIn('d31_60')} AS b2, ${owedIn('d61_90')} AS b3, ${owedIn('d91')} AS b4
				FROM invoices i JOIN customers c ON c.id = i.customer_id
				WHERE ${allOf([
					sql`i.status IN ('unpaid', 'partial') AND i.deleted_at IS NULL`,
					input.from ? sql`i.due_date >= ${input.from}` : undefined,
					input.to ? sql`i.due_date <= ${input.to}` : undefined
				])}
				GROUP BY c.area_id
			) o ON o.area_id = a.id
			LEFT JOIN (
				SELECT c.area_id, COUNT(*) AS isolated FROM subscriptions s JOIN customers c ON c.id = s.customer_id
				WHERE s.status = 'isolated' AND s.deleted_at IS NULL GROUP BY c.area_id
			) s ON s.area_id = a.id
			WHERE ${allOf([sql`a.deleted_at IS NULL`, areaFilter])}
			ORDER BY owed DESC, a.name`
	);
	const out: ArrearsAreaRow[] = rows.map((r) => ({
		areaId: String(r.id),
		areaName: String(r.name),
		customers: num(r.customers),
		invoices: num(r.invoices),
		owed: num(r.owed),
		current: num(r.b_current),
		d1_30: num(r.b1),
		d31_60: num(r.b2),
		d61_90: num(r.b3),
		d91: num(r.b4),
		isolated: num(r.isolated)
	}));
	const sum = (k: keyof Omit<ArrearsAreaRow, 'areaId' | 'areaName'>) => out.reduce((s, r) => s + r[k], 0);
	return {
		today,
		rows: out,
		total: { customers: sum('customers'), invoices: sum('invoices'), owed: sum('owed'), current: sum('current'), d1_30: sum('d1_30'), d31_60: sum('d31_60'), d61_90: sum('d61_90'), d91: sum('d91'), isolated: sum('isolated') }
	};
}
