/**
 * The payments ledger as a report: every entry (money in, voids, credit applied) with its
 * customer, area and collector, filtered by day range, area, collector and method. The screen
 * pages it by keyset; the CSV export walks the same order in batches so a large ledger is never
 * held in memory at once.
 */
import { aliasedTable, and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { areas, customers, payments, users } from '../db/schema';
import { keysetQuery, paginate } from '../db/keyset';
import type { ledgerExportInput, ledgerListInput } from '../../shared/schemas/reports';
import type { PaymentMethod, PaymentSource } from '../../shared/domain';
import { instantWithinDays } from './filters';
import { num, selectRows } from '../db/raw-sql';

export interface LedgerRow {
	id: string;
	receivedAt: Date;
	receiptNumber: string | null;
	customerId: string;
	customerCode: string;
	customerName: string;
	areaName: string;
	method: PaymentMethod;
	source: PaymentSource;
	amount: number;
	collectorName: string | null;
	voidsPaymentId: string | null;
	voidReason: string | null;
	note: string | null;
}

const original = aliasedTable(payments, 'original');
const collector = aliasedTable(users, 'collector');
/** A void counts for the collector of the payment it cancels (see filters.ts). */
const attributed = sql`COALESCE(${original.collectedBy}, ${payments.collectedBy})`;

function ledgerFilter(input: z.output<typeof ledgerExportInput>, timeZone: string): SQL | undefined {
	return and(
		...instantWithinDays(sql`${payments.receivedAt}`, input.from, input.to, timeZone),
		input.areaId ? eq(customers.areaId, input.areaId) : undefined,
		input.method ? eq(payments.method, input.method) : undefined,
		input.collectedBy ? sql`${attributed} = ${input.collectedBy}` : undefined
	);
}

/**
 * A page is found in two steps: the ids, from payments (plus only the joins the filter needs),
 * so MySQL walks the received_at index and stops after one page; then those rows' details.
 * Joined all at once, the optimiser starts from areas and sorts the whole ledger.
 */
function ledgerIds(db: Db, input: z.output<typeof ledgerExportInput>, where: SQL | undefined, orderBy: SQL[], limit: number) {
	let query = db.select({ id: payments.id, receivedAt: payments.receivedAt }).from(payments).$dynamic();
	if (input.areaId) query = query.innerJoin(customers, eq(customers.id, payments.customerId));
	if (input.collectedBy) query = query.leftJoin(original, eq(original.id, payments.voidsPaymentId));
	return query.where(where).orderBy(...orderBy).limit(limit);
}

async function ledgerRows(db: Db, ids: string[]): Promise<LedgerRow[]> {
	if (ids.length === 0) return [];
	// drizzle types a second alias of `payments` in one select as never; the columns are as listed.
	const rows = (await db
		.select({
			id: payments.id,
			receivedAt: payments.receivedAt,
			receiptNumber: payments.receiptNumber,
			customerId: customers.id,
			customerCode: customers.code,
			customerName: customers.name,
			areaName: areas.name,
			method: payments.method,
			source: payments.source,
			amount: payments.amount,
			collectorName: collector.name,
			voidsPaymentId: payments.voidsPaymentId,
			voidReason: payments.voidReason,
			note: payments.note
		})
		.from(payments)
		.innerJoin(customers, eq(customers.id, payments.customerId))
		.innerJoin(areas, eq(areas.id, customers.areaId))
		.leftJoin(original, eq(original.id, payments.voidsPaymentId))
		.leftJoin(collector, sql`${collector.id} = ${attributed}`)
		.where(inArray(payments.id, ids))) as unknown as LedgerRow[];
	const byId = new Map(rows.map((r) => [r.id, r]));
	return ids.map((id) => byId.get(id)).filter((r): r is LedgerRow => r !== undefined);
}

const SORT = { receivedAt: payments.receivedAt };

/** Count and money totals of the filtered ledger; joins only what the filter needs (every payment has its customer). */
async function ledgerSums(db: Db, input: z.output<typeof ledgerExportInput>, where: SQL | undefined) {
	const [row] = await selectRows(
		db,
		sql`SELECT COUNT(*) AS n,
				COALESCE(SUM(CASE WHEN ${payments.method} <> 'credit' THEN GREATEST(${payments.amount}, 0) ELSE 0 END), 0) AS money_in,
				COALESCE(SUM(CASE WHEN ${payments.method} <> 'credit' THEN LEAST(${payments.amount}, 0) ELSE 0 END), 0) AS reversed
			FROM ${payments}
			${input.areaId ? sql`JOIN ${customers} ON ${customers.id} = ${payments.customerId}` : sql``}
			${input.collectedBy ? sql`LEFT JOIN ${payments} ${sql.raw('`original`')} ON ${original.id} = ${payments.voidsPaymentId}` : sql``}
			WHERE ${where ?? sql`TRUE`}`
	);
	return { count: num(row.n), moneyIn: num(row.money_in), reversed: num(row.reversed) };
}

/** How many rows the export of this filter will have, so the download can show its progress. */
export async function ledgerCount(db: Db, input: z.output<typeof ledgerExportInput>, timeZone: string): Promise<number> {
	return (await ledgerSums(db, input, ledgerFilter(input, timeZone))).count;
}

export async function ledgerPage(db: Db, input: z.output<typeof ledgerListInput>, timeZone: string) {
	const filter = ledgerFilter(input, timeZone);
	let sums = { moneyIn: 0, reversed: 0 };
	const page = await paginate({
		input,
		columns: SORT,
		id: payments.id,
		filter,
		rows: async ({ where, orderBy, limit }) => ledgerRows(db, (await ledgerIds(db, input, where, orderBy, limit)).map((r) => r.id)),
		// One pass gives the count and the totals of the whole filtered ledger, not just the page.
		count: async (where) => {
			const row = await ledgerSums(db, input, where);
			sums = { moneyIn: row.moneyIn, reversed: row.reversed };
			return row.count;
		}
	});
	return { ...page, totals: { moneyIn: sums.moneyIn, reversed: sums.reversed, net: sums.moneyIn + sums.reversed } };
}

/** The whole filtered ledger, oldest first, `batchSize` rows at a time. */
export async function* ledgerBatches(db: Db, input: z.output<typeof ledgerExportInput>, timeZone: string, batchSize = 2000): AsyncGenerator<LedgerRow[]> {
	const filter = ledgerFilter(input, timeZone);
	let cursor: { sort: 'receivedAt'; dir: 'asc'; way: 'next'; value: Date; id: string } | undefined;
	for (;;) {
		const { seek, orderBy, limit } = keysetQuery({ sort: 'receivedAt', dir: 'asc', pageSize: batchSize, cursor }, SORT, payments.id);
		const rows = await ledgerRows(db, (await ledgerIds(db, input, and(filter, seek), orderBy, limit - 1)).map((r) => r.id));
		if (rows.length === 0) return;
		yield rows;
		if (rows.length < batchSize) return;
		const last = rows[rows.length - 1];
		cursor = { sort: 'receivedAt', dir: 'asc', way: 'next', value: last.receivedAt, id: last.id };
	}
}
