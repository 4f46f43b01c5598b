import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/index';

export type Row = Record<string, unknown>;

/** Runs a raw aggregate query and returns its rows (mysql2 answers `[rows, fields]`). */
export async function selectRows(db: DbOrTx, query: SQL): Promise<Row[]> {
	const [result] = (await db.execute(query)) as unknown as [Row[]];
	return result;
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
