/** Monthly revenue: money received per local month and method, voids netted, filterable by area and collector. */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { MAX_REPORT_MONTHS, type revenueReportInput } from '../../shared/schemas/reports';
import { invalidField } from '../errors';
import { addMonthsClamped } from '../../shared/dates';
import { lastMonths, monthIndex, monthOf, monthsBetween, type MonthRange } from './months';
import { allOf, attributedCollector } from './filters';
import { num, selectRows } from '../db/raw-sql';

export interface RevenueReportRow {
	month: string;
	cash: number;
	transfer: number;
	midtrans: number;
	/** Positive entries: money in. */
	received: number;
	/** Voiding entries recorded in the month (≤ 0). */
	voided: number;
	net: number;
	payments: number;
}

export function revenueMonths(input: z.output<typeof revenueReportInput>, now: Date, timeZone: string): MonthRange[] {
	const current = lastMonths(now, 1, timeZone)[0].month;
	const to = input.to ?? (input.from && input.from > current ? input.from : current);
	const from = input.from ?? monthOf(addMonthsClamped(`${to}-01`, -11));
	// The schema bounds a span whose both ends were given; a lone `from` is bounded here, after
	// `to` defaulted to this month (one far-past `from` once built tens of thousands of months).
	if (monthIndex(to) - monthIndex(from) >= MAX_REPORT_MONTHS) throw invalidField(input.from ? 'from' : 'to', 'validation.rangeTooLong');
	return monthsBetween(from, to, timeZone);
}

export async function revenueReport(db: Db, input: z.output<typeof revenueReportInput>, now: Date, timeZone: string) {
	const months = revenueMonths(input, now, timeZone);
	// One index range per month glued with UNION ALL (see revenueInMonths); the original of a
	// void is joined only when the collector filter needs it.
	const perMonth = months.map(
		(m) => sql`SELECT ${m.month} AS month,
				SUM(CASE WHEN p.method = 'cash' THEN p.amount ELSE 0 END) AS cash,
				SUM(CASE WHEN p.method = 'transfer' THEN p.amount ELSE 0 END) AS transfer,
				SUM(CASE WHEN p.method = 'midtrans' THEN p.amount ELSE 0 END) AS midtrans,
				SUM(GREATEST(p.amount, 0)) AS received,
				SUM(LEAST(p.amount, 0)) AS voided,
				SUM(p.amount > 0) AS payments
			FROM payments p
			${input.collectedBy ? sql`LEFT JOIN payments o ON o.id = p.voids_payment_id` : sql``}
			${input.areaId ? sql`JOIN customers c ON c.id = p.customer_id` : sql``}
			WHERE ${allOf([
				sql`p.received_at >= ${m.from} AND p.received_at < ${m.to}`,
				sql`p.method <> 'credit'`,
				input.areaId ? sql`c.area_id = ${input.areaId}` : undefined,
				input.collectedBy ? sql`${attributedCollector} = ${input.collectedBy}` : undefined
			])}`
	);
	const rows = await selectRows(db, sql.join(perMonth, sql` UNION ALL `));
	const by = new Map(rows.map((r) => [String(r.month), r]));
	const out: RevenueReportRow[] = months.map(({ month }) => {
		const r = by.get(month);
		const received = num(r?.received);
		const voided = num(r?.voided);
		return { month, cash: num(r?.cash), transfer: num(r?.transfer), midtrans: num(r?.midtrans), received, voided, net: received + voided, payments: num(r?.payments) };
	});
	const total = out.reduce(
		(t, r) => ({ cash: t.cash + r.cash, transfer: t.transfer + r.transfer, midtrans: t.midtrans + r.midtrans, received: t.received + r.received, voided: t.voided + r.voided, net: t.net + r.net, payments: t.payments + r.payments }),
		{ cash: 0, transfer: 0, midtrans: 0, received: 0, voided: 0, net: 0, payments: 0 }
	);
	return { from: months[0].month, to: months[months.length - 1].month, rows: out, total };
}
