import { sql } from 'drizzle-orm';
import type { Tx } from './index';

/**
 * Allocates the next number of a scope (e.g. `INV-202611`) inside the caller's transaction.
 * The counter row stays locked until commit; a rollback gives the number back, so numbers
 * are gap-free. Returns the first of `count` consecutive numbers.
 */
export async function allocateNumbers(tx: Tx, scope: string, count = 1): Promise<number> {
	if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
	await tx.execute(
		sql`INSERT INTO number_counters (scope, last_value) VALUES (${scope}, LAST_INSERT_ID(${count}))
		    ON DUPLICATE KEY UPDATE last_value = LAST_INSERT_ID(last_value + ${count})`
	);
	const [rows] = (await tx.execute(sql`SELECT LAST_INSERT_ID() AS v`)) as unknown as [
		Array<{ v: number | string }>
	];
	return Number(rows[0]!.v) - count + 1;
}

/** `INV-202611-000123`: prefix, local year-month, six-digit sequence. */
export function formatDocumentNumber(prefix: string, yearMonth: string, n: number): string {
	return `${prefix}-${yearMonth}-${String(n).padStart(6, '0')}`;
}

/** `C000123`: the customer code from number_counters scope CUSTOMER. */
export function formatCustomerCode(n: number): string {
	return `C${String(n).padStart(6, '0')}`;
}
