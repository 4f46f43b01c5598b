/**
 * The cash a collector still owes the office: a running balance, not a per-hand-over figure.
 *
 *   owed = cash collected and in no hand-over yet
 *        + what the ledger says the pending hand-overs carry (owed until the office counts it)
 *        + Σ over confirmed hand-overs of (carried − counted)   (a shortfall stays owed; a hand-over
 *          of no new payments, or one counted above what it carried, pays the balance down)
 *        − shortfalls an admin wrote off (cash_writeoffs, with a reason, audited)
 *
 * Cash collected means the collector's own positive cash entries recorded by a phone (source
 * `device`; cash taken at the office counter is already in the office) that were not voided. A
 * hand-over keeps what it carried as `expected_amount` when it was made, so a payment voided
 * after its cash changed hands does not change what the collector owed. Everything that shows
 * a collector's balance — the hand-over page, the collectors report, the phone (via pull) —
 * reads it here.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/index';
import { sqlList } from '../db/raw-sql';

export interface CollectorBalance {
	/** Cash collected that is in no hand-over yet. */
	notHandedOver: number;
	/** Carried by hand-overs the office has not counted yet. */
	pending: number;
	/** Carried minus counted over confirmed hand-overs (negative: more came in than carried). */
	shortfall: number;
	writtenOff: number;
	/** The sum: what the collector still owes the office. */
	owed: number;
}

type Rows = [Array<{ user_id: string; amount: number | string | null }>, unknown];

const ZERO: CollectorBalance = { notHandedOver: 0, pending: 0, shortfall: 0, writtenOff: 0, owed: 0 };

/** Balances of these collectors (all collectors with any cash history when `userIds` is omitted). */
export async function collectorBalances(db: DbOrTx, userIds?: string[]): Promise<Map<string, CollectorBalance>> {
	const out = new Map<string, CollectorBalance>();
	if (userIds && userIds.length === 0) return out;
	const only = (column: SQL) => (userIds ? sql`AND ${column} IN (${sqlList(userIds)})` : sql``);
	const sums = async (query: SQL) => ((await db.execute(query)) as unknown as Rows)[0];
	const [notHanded, pending, shortfall, writtenOff] = await Promise.all([
		sums(sql`SELECT p.collected_by AS user_id, SUM(p.amount) AS amount
			FROM payments p LEFT JOIN handover_payments hp ON hp.payment_id = p.id
			WHERE p.collected_by IS NOT NULL ${only(sql`p.collected_by`)} AND p.method = 'cash' AND p.source = 'device' AND p.amount > 0
				AND p.voids_payment_id IS NULL AND hp.payment_id IS NULL
				AND NOT EXISTS (SELECT 1 FROM payments v WHERE v.voids_payment_id = p.id)
			GROUP BY p.collected_by`),
		sums(sql`SELECT technician_id AS user_id, SUM(expected_amount) AS amount FROM cash_handovers
			WHERE status = 'pending' AND deleted_at IS NULL ${only(sql`technician_id`)} GROUP BY technician_id`),
		sums(sql`SELECT technician_id AS user_id, SUM(expected_amount - counted_amount) AS amount FROM cash_handovers
			WHERE status = 'confirmed' AND deleted_at IS NULL ${only(sql`technician_id`)} GROUP BY technician_id`),
		sums(sql`SELECT collector_id AS user_id, SUM(amount) AS amount FROM cash_writeoffs
			WHERE TRUE ${only(sql`collector_id`)} GROUP BY collector_id`)
	]);
	const add = (rows: Rows[0], part: Exclude<keyof CollectorBalance, 'owed'>) => {
		for (const r of rows) {
			const b = out.get(r.user_id) ?? { ...ZERO };
			b[part] += Number(r.amount ?? 0);
			out.set(r.user_id, b);
		}
	};
	add(notHanded, 'notHandedOver');
	add(pending, 'pending');
	add(shortfall, 'shortfall');
	add(writtenOff, 'writtenOff');
	for (const b of out.values()) b.owed = b.notHandedOver + b.pending + b.shortfall - b.writtenOff;
	for (const id of userIds ?? []) if (!out.has(id)) out.set(id, { ...ZERO });
	return out;
}

/** One collector's balance. */
export async function collectorBalance(db: DbOrTx, userId: string): Promise<CollectorBalance> {
	return (await collectorBalances(db, [userId])).get(userId) ?? { ...ZERO };
}
