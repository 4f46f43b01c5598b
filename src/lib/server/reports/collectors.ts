/**
 * Collector performance: per staff member, the money they took in a period by method, voids of
 * it, the cash not yet in a hand-over, and their hand-overs (what the payments add up to, what
 * the office counted, and the difference) — and, whatever the period, the cash they still owe
 * now (the running balance of sync/collector-balance.ts, short hand-overs included).
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { MAX_REPORT_DAYS, type collectorReportInput } from '../../shared/schemas/reports';
import { daysBetween, localDateOf } from '../../shared/dates';
import { invalidField } from '../errors';
import type { Role } from '../../shared/domain';
import { allOf, attributedCollector, instantWithinDays } from './filters';
import { num, selectRows, sqlList } from '../db/raw-sql';
import { collectorBalances } from '../sync/collector-balance';

export interface CollectorRow {
	/** null: entries nobody collected by hand (Midtrans). */
	userId: string | null;
	name: string | null;
	role: Role | null;
	payments: number;
	cash: number;
	transfer: number;
	midtrans: number;
	voided: number;
	net: number;
	/** Cash taken in the period that is in no hand-over yet. */
	cashNotHandedOver: number;
	handovers: number;
	handoversPending: number;
	/** What the ledger says the hand-overs carry. */
	handedOverExpected: number;
	/** What the office counted, for the confirmed ones. */
	handedOverCounted: number;
	/** Counted minus expected over the confirmed hand-overs (negative: money short). */
	handoverDifference: number;
	/** Cash still owed to the office now, whatever the period: the collector's running balance. */
	cashOwed: number;
}

export function collectorRange(input: z.output<typeof collectorReportInput>, now: Date, timeZone: string) {
	const today = localDateOf(now, timeZone);
	const range = { from: input.from ?? `${today.slice(0, 8)}01`, to: input.to ?? today };
	// The schema bounds a span whose ends were both given; one filled in by default is bounded here.
	const span = daysBetween(range.from, range.to);
	if (span < 0) throw invalidField(input.to ? 'to' : 'from', 'validation.rangeOrder');
	if (span >= MAX_REPORT_DAYS) throw invalidField(input.from ? 'from' : 'to', 'validation.rangeTooLong');
	return range;
}

export async function collectorReport(db: Db, input: z.output<typeof collectorReportInput>, now: Date, timeZone: string) {
	const { from, to } = collectorRange(input, now, timeZone);
	const [money, handovers] = await Promise.all([
		selectRows(
			db,
		sql`SELECT ${attributedCollector} AS user_id,
				SUM(p.amount > 0) AS payments,
				SUM(CASE WHEN p.method = 'cash' THEN p.amount ELSE 0 END) AS cash,
				SUM(CASE WHEN p.method = 'transfer' THEN p.amount ELSE 0 END) AS transfer,
				SUM(CASE WHEN p.method = 'midtrans' THEN p.amount ELSE 0 END) AS midtrans,
				SUM(LEAST(p.amount, 0)) AS voided,
				SUM(p.amount) AS net,
				SUM(CASE WHEN p.method = 'cash' AND p.amount > 0 AND hp.payment_id IS NULL
					AND NOT EXISTS (SELECT 1 FROM payments v WHERE v.voids_payment_id = p.id) THEN p.amount ELSE 0 END) AS not_handed
			FROM payments p
			LEFT JOIN payments o ON o.id = p.voids_payment_id
			LEFT JOIN handover_payments hp ON hp.payment_id = p.id
			${input.areaId ? sql`JOIN customers c ON c.id = p.customer_id` : sql``}
			WHERE ${allOf([
				...instantWithinDays(sql`p.received_at`, from, to, timeZone),
				sql`p.method <> 'credit'`,
				input.areaId ? sql`c.area_id = ${input.areaId}` : undefined,
				input.collectedBy ? sql`${attributedCollector} = ${input.collectedBy}` : undefined
			])}
			GROUP BY user_id`
		),
		// Hand-overs belong to a technician, not an area: the area filter does not narrow them.
		selectRows(
			db,
		sql`SELECT technician_id AS user_id, COUNT(*) AS n, SUM(status = 'pending') AS pending, SUM(expected_amount) AS expected,
				SUM(CASE WHEN status = 'confirmed' THEN counted_amount ELSE 0 END) AS counted,
				SUM(CASE WHEN status = 'confirmed' THEN counted_amount - expected_amount ELSE 0 END) AS difference
			FROM cash_handovers
			WHERE ${allOf([
				sql`deleted_at IS NULL`,
				...instantWithinDays(sql`handed_over_at`, from, to, timeZone),
				input.collectedBy ? sql`technician_id = ${input.collectedBy}` : undefined
			])}
			GROUP BY technician_id`
		)
	]);
	// Everyone who still owes cash is listed, active in the period or not (a balance belongs to no area).
	const balances = await collectorBalances(db, input.collectedBy ? [input.collectedBy] : undefined);
	const owing = input.areaId ? [] : [...balances].filter(([, b]) => b.owed !== 0).map(([id]) => id);
	const ids = [...new Set([...[...money, ...handovers].map((r) => r.user_id).filter((id): id is string => typeof id === 'string'), ...owing])];
	const people = ids.length
		? await selectRows(db, sql`SELECT id, name, role FROM users WHERE id IN (${sqlList(ids)})`)
		: [];
	const person = new Map(people.map((p) => [String(p.id), p]));
	const handover = new Map(handovers.map((h) => [String(h.user_id), h]));
	const keys: Array<string | null> = [
		...new Set([...money.map((m) => (m.user_id === null ? null : String(m.user_id))), ...handovers.map((h) => String(h.user_id)), ...owing])
	];
	const byMoney = new Map(money.map((m) => [m.user_id === null ? null : String(m.user_id), m]));
	const rows: CollectorRow[] = keys.map((userId) => {
		const m = byMoney.get(userId);
		const h = userId ? handover.get(userId) : undefined;
		const p = userId ? person.get(userId) : undefined;
		return {
			userId,
			name: p ? String(p.name) : null,
			role: p ? (String(p.role) as Role) : null,
			payments: num(m?.payments),
			cash: num(m?.cash),
			transfer: num(m?.transfer),
			midtrans: num(m?.midtrans),
			voided: num(m?.voided),
			net: num(m?.net),
			cashNotHandedOver: num(m?.not_handed),
			handovers: num(h?.n),
			handoversPending: num(h?.pending),
			handedOverExpected: num(h?.expected),
			handedOverCounted: num(h?.counted),
			handoverDifference: num(h?.difference),
			cashOwed: userId ? (balances.get(userId)?.owed ?? 0) : 0
		};
	});
	// People by name; money nobody collected by hand last.
	rows.sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name, 'id')));
	return { from, to, rows };
}
