import { sql } from 'drizzle-orm';
import type { Tx } from './index';

/**
 * Takes the next sync version inside a writing transaction.
 *
 * The UPDATE locks the single sync_counter row until the transaction ends, so a second writer
 * waits for the first to commit before it can take a higher number. Versions therefore become
 * visible in the order they were taken, and a phone that has pulled up to N can never later
 * miss a row with a version ≤ N (the "hole" of DESIGN §3). Every row a transaction writes
 * carries the same version; pull pages by (version, id).
 */
export async function nextVersion(tx: Tx): Promise<number> {
	await tx.execute(sql`UPDATE sync_counter SET value = LAST_INSERT_ID(value + 1) WHERE id = 1`);
	const [rows] = (await tx.execute(sql`SELECT LAST_INSERT_ID() AS v`)) as unknown as [
		Array<{ v: number | string }>
	];
	const v = Number(rows[0]?.v);
	if (!Number.isSafeInteger(v) || v <= 0) throw new Error('sync_counter row is missing (run migrations)');
	return v;
}
