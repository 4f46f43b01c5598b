/**
 * The helpers for raw SQL through drizzle's `execute` — one set, used by the services that write
 * a statement by hand (row locks, UNIONs, aggregates) instead of the query builder.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from './index';

export type Row = Record<string, unknown>;

/** What mysql2 answers a raw SELECT with: `[rows, fields]`. */
export type Rows<T> = [T[], unknown];

/** Runs a raw query and returns its rows, typed as the caller's SELECT list says. */
export async function selectRows<T = Row>(db: DbOrTx, query: SQL): Promise<T[]> {
	const [result] = (await db.execute(query)) as unknown as Rows<T>;
	return result;
}

/** Values as bound parameters separated by commas, for `IN (…)`. An empty list is a syntax error there: callers skip the statement. */
export function sqlList(values: Iterable<string | number>): SQL {
	return sql.join([...values].map((v) => sql`${v}`), sql`, `);
}

/** SUM() of BIGINT comes back as a DECIMAL string; COUNT() as a number; NULL as null. */
export function num(value: unknown): number {
	return value === null || value === undefined ? 0 : Number(value);
}

export function numOrNull(value: unknown): number | null {
	if (value === null || value === undefined || value === 'null') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}

export function instantOrNull(value: unknown): Date | null {
	if (value === null || value === undefined) return null;
	return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
}
