/**
 * Finished webhook deliveries (delivered or dead) leave the log after the retention period
 * (retention.ts), their attempt rows first (foreign key). Found through the claim index:
 * `next_attempt_at` of a finished delivery is the time of its last attempt. Queued and sending
 * ones are never pruned.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index';

type Rows<T> = [T[], unknown];

export async function pruneFinishedDeliveries(db: Db, before: Date, batch: number, maxBatches: number): Promise<number> {
	let total = 0;
	for (let i = 0; i < maxBatches; i++) {
		const deleted = await db.transaction(async (tx) => {
			const [rows] = (await tx.execute(sql`
				SELECT id FROM webhook_deliveries WHERE status IN ('delivered', 'dead') AND next_attempt_at < ${before}
				LIMIT ${batch} FOR UPDATE SKIP LOCKED`)) as unknown as Rows<{ id: number | string }>;
			if (rows.length === 0) return 0;
			const ids = sql.join(rows.map((r) => sql`${Number(r.id)}`), sql`, `);
			await tx.execute(sql`DELETE FROM webhook_delivery_attempts WHERE delivery_id IN (${ids})`);
			await tx.execute(sql`DELETE FROM webhook_deliveries WHERE id IN (${ids})`);
			return rows.length;
		});
		total += deleted;
		if (deleted < batch) break;
	}
	return total;
}
