/**
 * Statements shared by everything that moves money onto invoices (billing run, payments,
 * voids): recompute invoice status, paid-through dates, and lift arrears isolation.
 * All run inside the caller's transaction, which must already hold the sync version.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/index';
import { subscriptions } from '../db/schema';
import { enqueueRouterJob } from '../router-jobs/enqueue';
import type { LocalDate } from '../../shared/dates';
import { latestIsolatingDueDate } from './periods';
import type { BillingRules } from '../../shared/schemas/billing-rules';
import { sqlList, type Rows } from '../db/raw-sql';
import { waRestored } from '../whatsapp/events';
import { emitWebhookEvents } from '../webhooks/emit';
import { subscriptionRestored } from '../webhooks/events';


/** Status follows the money: paid when covered, partial when something is paid, else unpaid. */
export async function refreshInvoiceStatus(tx: Tx, invoiceIds: string[], version: number): Promise<void> {
	if (invoiceIds.length === 0) return;
	await tx.execute(sql`
		UPDATE invoices SET
			status = CASE WHEN amount_paid >= amount THEN 'paid' WHEN amount_paid > 0 THEN 'partial' ELSE 'unpaid' END,
			version = ${version}
		WHERE id IN (${sqlList(invoiceIds)}) AND status <> 'void'`);
}

/**
 * paid_through = the day before the oldest open invoice's period, or the end of the last paid
 * period when nothing is open; an imported paid_through is kept when no invoice says otherwise.
 */
export async function refreshPaidThrough(tx: Tx, subscriptionIds: string[], version: number): Promise<void> {
	if (subscriptionIds.length === 0) return;
	await tx.execute(sql`
		UPDATE subscriptions s SET
			paid_through = COALESCE(
				(SELECT DATE_SUB(MIN(i.period_start), INTERVAL 1 DAY) FROM invoices i
					WHERE i.subscription_id = s.id AND i.status IN ('unpaid', 'partial')),
				(SELECT MAX(i.period_end) FROM invoices i WHERE i.subscription_id = s.id AND i.status = 'paid'),
				s.paid_through),
			version = ${version}
		WHERE s.id IN (${sqlList(subscriptionIds)})`);
}

/**
 * Subscriptions isolated for arrears whose arrears are gone go back to active, and their
 * restore job is queued in the same transaction. Returns the ids restored. The reason names the
 * payment (or run) that lifted it; a batch of payments names each subscription's own.
 */
export async function liftArrearsIsolation(
	tx: Tx,
	subscriptionIds: string[] | 'all',
	today: LocalDate,
	rules: BillingRules,
	version: number,
	reasonKey: string | ((subscriptionId: string) => string)
): Promise<string[]> {
	const cutoff = latestIsolatingDueDate(today, rules.graceDays);
	const scope = subscriptionIds === 'all' ? sql`` : sql`AND s.id IN (${sqlList(subscriptionIds)})`;
	if (subscriptionIds !== 'all' && subscriptionIds.length === 0) return [];
	const [rows] = (await tx.execute(sql`
		SELECT s.id, s.router_id, s.customer_id FROM subscriptions s
		WHERE s.status = 'isolated' AND s.isolation_reason = 'arrears' AND s.deleted_at IS NULL ${scope}
			AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.subscription_id = s.id
				AND i.status IN ('unpaid', 'partial') AND i.due_date <= ${cutoff})
		FOR UPDATE`)) as unknown as Rows<{ id: string; router_id: string | null; customer_id: string }>;
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	await tx
		.update(subscriptions)
		.set({ status: 'active', desiredRouterState: 'active', isolationReason: null, isolatedAt: null, version })
		.where(inArray(subscriptions.id, ids));
	await waRestored(tx, ids, (id) => (typeof reasonKey === 'string' ? reasonKey : reasonKey(id)));
	for (const row of rows) {
		if (!row.router_id) continue;
		await enqueueRouterJob(tx, {
			routerId: row.router_id,
			subscriptionId: row.id,
			action: 'restore',
			desiredState: 'active',
			dedupeKey: `restore:${row.id}:${typeof reasonKey === 'string' ? reasonKey : reasonKey(row.id)}`
		});
	}
	await emitWebhookEvents(tx, rows.map((r) => subscriptionRestored({ subscriptionId: r.id, customerId: r.customer_id, reason: 'arrearsCleared', version })));
	return ids;
}
