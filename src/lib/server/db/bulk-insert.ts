import mysql from 'mysql2/promise';
import { sql } from 'drizzle-orm';
import type { Tx } from './index';

/**
 * One multi-row INSERT per `chunk` rows, escaped by mysql2 itself (the same escaping as a
 * `?` placeholder), inside the caller's transaction. drizzle's insert builder spends more
 * time building a 2,000-row statement than MySQL spends running it; hot paths use this.
 * Dates are written as UTC, like the pool's own `timezone: 'Z'`.
 */
export async function bulkInsert(tx: Tx, table: string, columns: readonly string[], rows: unknown[][], chunk = 2000): Promise<void> {
	const head = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`;
	for (let i = 0; i < rows.length; i += chunk) {
		const values = [rows.slice(i, i + chunk)] as Parameters<typeof mysql.format>[1];
		await tx.execute(sql.raw(mysql.format(head, values, false, 'Z')));
	}
}
