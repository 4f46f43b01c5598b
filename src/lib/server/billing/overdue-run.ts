/**
 * The overdue run (DESIGN §4): marks invoices past their due date as overdue and, after the
 * grace period, isolates their subscriptions — status, desired router state and the isolate
 * job change in one transaction. It also lifts arrears isolation whose cause has gone (an
 * invoice voided, a payment recorded while the router was down). Set-based and idempotent:
 * the job's dedupe key names the invoice that caused it.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { nextVersion } from '../db/version';
import type { LocalDate } from '../../shared/dates';
import type { BillingRules } from '../../shared/schemas/billing-rules';
import { liftArrearsIsolation } from './ledger';
import { latestIsolatingDueDate } from './periods';
import type { Rows } from '../db/raw-sql';
import { waIsolated } from '../whatsapp/events';
import { emitWebhookEvents } from '../webhooks/emit';
import { subscriptionIsolated } from '../webhooks/events';

export interface OverdueRunResult {
	invoicesMarkedOverdue: number;
	subscriptionsIsolated: number;
	subscriptionsRestored: number;
	jobsQueued: number;
}

type Header = [{ affectedRows: number }, unknown];

export async function runOverdue(
	db: Db,
	opts: { today: LocalDate; rules: BillingRules; batchSize?: number; onProgress?: (r: OverdueRunResult) => void | Promise<void> }
): Promise<OverdueRunResult> {
	const batchSize = opts.batchSize ?? 2000;
	const cutoff = latestIsolatingDueDate(opts.today, opts.rules.graceDays);
	const result: OverdueRunResult = { invoicesMarkedOverdue: 0, subscriptionsIsolated: 0, subscriptionsRestored: 0, jobsQueued: 0 };

	// 1. Overdue marks, in bounded batches so no transaction holds the version lock for long.
	for (;;) {
		const marked = await db.transaction(async (tx) => {
			const version = await nextVersion(tx);
			const [header] = (await tx.execute(sql`
				UPDATE invoices SET overdue_since = DATE_ADD(due_date, INTERVAL 1 DAY), version = ${version}
				WHERE status IN ('unpaid', 'partial') AND due_date < ${opts.today} AND overdue_since IS NULL AND deleted_at IS NULL
				LIMIT ${batchSize}`)) as unknown as Header;
			return header.affectedRows;
		});
		result.invoicesMarkedOverdue += marked;
		await opts.onProgress?.(result);
		if (marked < batchSize) break;
	}

	// 2. Isolation for arrears past the grace period, unless a promise to pay holds it off.
	for (;;) {
		const isolated = await db.transaction(async (tx) => {
			const version = await nextVersion(tx);
			const [rows] = (await tx.execute(sql`
				SELECT s.id, s.router_id AS routerId, s.customer_id AS customerId,
					(SELECT i.id FROM invoices i WHERE i.subscription_id = s.id AND i.status IN ('unpaid', 'partial')
						AND i.due_date <= ${cutoff} ORDER BY i.period_start LIMIT 1) AS invoiceId
				FROM subscriptions s
				WHERE s.status = 'active' AND s.deleted_at IS NULL AND s.complimentary = 0
					AND (s.isolation_hold_until IS NULL OR s.isolation_hold_until < ${opts.today})
				HAVING invoiceId IS NOT NULL
				ORDER BY s.id
				LIMIT ${batchSize}
				FOR UPDATE`)) as unknown as Rows<{ id: string; routerId: string | null; customerId: string; invoiceId: string }>;
			if (rows.length === 0) return 0;
			const ids = sql.join(rows.map((r) => sql`${r.id}`), sql`, `);
			await tx.execute(sql`
				UPDATE subscriptions SET status = 'isolated', desired_router_state = 'isolated', isolation_reason = 'arrears',
					isolated_at = ${new Date()}, version = ${version}
				WHERE id IN (${ids})`);
			await waIsolated(tx, rows);
			const jobs = rows.filter((r) => r.routerId);
			if (jobs.length) {
				const [header] = (await tx.execute(sql`
					INSERT INTO router_jobs (router_id, subscription_id, action, desired_state, dedupe_key)
					VALUES ${sql.join(
						jobs.map((r) => sql`(${r.routerId}, ${r.id}, 'isolate', 'isolated', ${`isolate:${r.id}:${r.invoiceId}`})`),
						sql`, `
					)}
					ON DUPLICATE KEY UPDATE id = id`)) as unknown as Header;
				result.jobsQueued += header.affectedRows;
			}
			await emitWebhookEvents(tx, rows.map((r) => subscriptionIsolated({ subscriptionId: r.id, customerId: r.customerId, reason: 'arrears', version })));
			return rows.length;
		});
		result.subscriptionsIsolated += isolated;
		await opts.onProgress?.(result);
		if (isolated < batchSize) break;
	}

	// 3. Arrears isolation whose arrears are gone (safety net behind the payment path).
	const restored = await db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		return liftArrearsIsolation(tx, 'all', opts.today, opts.rules, version, `sweep:${opts.today}`);
	});
	result.subscriptionsRestored = restored.length;
	await opts.onProgress?.(result);
	return result;
}

