/**
 * Conditions the reports share: a local day range as an instant range, the area of the
 * customer, and the collector a ledger entry belongs to.
 */
import { sql, type SQL } from 'drizzle-orm';
import { addDays, localTimeToInstant, type LocalDate } from '../../shared/dates';

/** `column` within local days `from`..`to` inclusive (either end may be open). */
export function instantWithinDays(column: SQL, from: LocalDate | undefined, to: LocalDate | undefined, timeZone: string): SQL[] {
	const out: SQL[] = [];
	if (from) out.push(sql`${column} >= ${localTimeToInstant(from, 0, timeZone)}`);
	if (to) out.push(sql`${column} < ${localTimeToInstant(addDays(to, 1), 0, timeZone)}`);
	return out;
}

/**
 * Who a ledger entry counts for: its collector, and for a voiding entry the collector of the
 * payment it cancels (the void is recorded by whoever voided it, but it undoes that collector's
 * money). Needs `payments p LEFT JOIN payments o ON o.id = p.voids_payment_id`.
 */
export const attributedCollector = sql`COALESCE(o.collected_by, p.collected_by)`;

/** AND of the given conditions; `TRUE` for none. */
export function allOf(conditions: Array<SQL | undefined | false>): SQL {
	const kept = conditions.filter((c): c is SQL => Boolean(c));
	return kept.length ? sql.join(kept, sql` AND `) : sql`TRUE`;
}
