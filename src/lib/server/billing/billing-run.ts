/**
 * The billing run: issues every invoice that is due on `today` (DESIGN §4).
 *
 * Subscriptions are walked in id order in batches. Each batch is one transaction: one SELECT
 * finds the batch's subscriptions that need an invoice, the period rules (periods.ts) run in
 * memory, and invoices, their lines, pending adjustments and credit are written with multi-row
 * statements. UNIQUE (subscription_id, period_start) makes a re-run a no-op for what is done;
 * numbers come from counters locked until commit, so a batch killed before commit leaves no
 * row and no gap. Killing the run anywhere and running it again gives what one clean run gives.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index';
import { paymentAllocations, payments } from '../db/schema';
import { bulkInsert } from '../db/bulk-insert';
import { nextVersion } from '../db/version';
import { allocateNumbers, formatDocumentNumber } from '../db/counters';
import { addDays, yearMonthOf, type LocalDate } from '../../shared/dates';
import type { BillingRules } from '../../shared/schemas/billing-rules';
import { dueDateOf, periodAmount, periodsToInvoice, type Period } from './periods';
import { refreshInvoiceStatus, refreshPaidThrough } from './ledger';
import { sqlList, type Rows } from '../db/raw-sql';
import { waInvoicesIssued } from '../whatsapp/events';
import { emitWebhookEvents } from '../webhooks/emit';
import { invoiceIssued } from '../webhooks/events';

export interface BillingRunOptions {
	today: LocalDate;
	rules: BillingRules;
	batchSize?: number;
	/** Only these subscriptions (e.g. right after one is created). */
	subscriptionIds?: string[];
	now?: Date;
	onProgress?: (progress: BillingRunProgress) => void | Promise<void>;
}

export interface BillingRunProgress {
	/** Subscriptions that needed an invoice when the run started. */
	total: number;
	processed: number;
	invoicesCreated: number;
	creditApplied: number;
	batches: number;
}

interface Candidate {
	id: string;
	customerId: string;
	billingDay: number;
	nextStart: LocalDate;
	price: number;
	packageName: string;
}

interface NewInvoice {
	id: string;
	subscriptionId: string;
	customerId: string;
	packageName: string;
	period: Period;
	base: number;
	adjustments: Array<{ id: string; amount: number; description: string }>;
	amount: number;
	number?: string;
}


/**
 * The first day not yet invoiced, per subscription: the day after its last invoice (periods do
 * not overlap, so MAX(period_end) is the last one, found through the (subscription, period)
 * index prefix), else the day after an imported paid-through date, else the start date.
 */
const NEXT_START = sql`COALESCE(
	(SELECT DATE_ADD(MAX(i.period_end), INTERVAL 1 DAY) FROM invoices i WHERE i.subscription_id = s.id),
	DATE_ADD(s.paid_through, INTERVAL 1 DAY),
	s.start_date)`;

/** Complimentary subscriptions are kept on the router but never invoiced. */
const BILLABLE = sql`s.status IN ('active', 'isolated') AND s.auto_renew = 1 AND s.complimentary = 0 AND s.deleted_at IS NULL`;

function scopeTo(only?: string[]) {
	return only ? sql`AND s.id IN (${sqlList(only)})` : sql``;
}

/**
 * The batch's subscriptions due an invoice by `horizon`. Subscriptions alone, walked in
 * primary-key order: a join here lets the optimiser sort every remaining row per batch.
 */
function candidateQuery(afterId: string, horizon: LocalDate, limit: number, only?: string[]) {
	return sql`
		SELECT s.id, s.customer_id AS customerId, s.billing_day AS billingDay, s.package_id AS packageId, ${NEXT_START} AS nextStart
		FROM subscriptions s
		WHERE s.id > ${afterId} AND ${BILLABLE} ${scopeTo(only)}
		HAVING nextStart <= ${horizon}
		ORDER BY s.id
		LIMIT ${limit}`;
}

async function countCandidates(db: Db, horizon: LocalDate, only?: string[]): Promise<number> {
	const [rows] = (await db.execute(sql`
		SELECT COUNT(*) AS n FROM subscriptions s
		WHERE ${BILLABLE} ${scopeTo(only)} AND ${NEXT_START} <= ${horizon}`)) as unknown as Rows<{ n: number }>;
	return Number(rows[0]?.n ?? 0);
}

/** Every package's price and name: a few dozen rows, read once per batch inside its transaction. */
async function packageCatalogue(tx: Tx): Promise<Map<string, { price: number; name: string }>> {
	const [rows] = (await tx.execute(sql`SELECT id, price, name FROM packages`)) as unknown as Rows<{ id: string; price: number; name: string }>;
	return new Map(rows.map((r) => [r.id, { price: Number(r.price), name: r.name }]));
}

function describePeriod(packageName: string, period: Period): string {
	const prorated = period.days < period.fullDays ? ` (prorata ${period.days}/${period.fullDays} hari)` : '';
	return `${packageName}, ${period.start} s.d. ${period.end}${prorated}`;
}

/** Plans the batch's invoices in memory; pending adjustments go onto each subscription's first new one. */
function planInvoices(
	candidates: Candidate[],
	today: LocalDate,
	rules: BillingRules,
	pending: Map<string, NewInvoice['adjustments']>
): NewInvoice[] {
	const out: NewInvoice[] = [];
	for (const c of candidates) {
		const periods = periodsToInvoice({ nextStart: c.nextStart, billingDay: c.billingDay, today, leadDays: rules.invoiceLeadDays });
		periods.forEach((period, index) => {
			const base = periodAmount(period, c.price);
			const adjustments = index === 0 ? (pending.get(c.id) ?? []) : [];
			const total = base + adjustments.reduce((sum, a) => sum + a.amount, 0);
			out.push({
				id: randomUUID(),
				subscriptionId: c.id,
				customerId: c.customerId,
				packageName: c.packageName,
				period,
				base,
				adjustments,
				amount: Math.max(0, total)
			});
		});
	}
	return out;
}

/** Gap-free numbers per month of period start; scopes locked in ascending order (no deadlocks). */
async function numberInvoices(tx: Tx, planned: NewInvoice[]): Promise<void> {
	const byScope = new Map<string, NewInvoice[]>();
	for (const inv of planned) {
		const ym = yearMonthOf(inv.period.start);
		const group = byScope.get(ym);
		if (group) group.push(inv);
		else byScope.set(ym, [inv]);
	}
	for (const ym of [...byScope.keys()].sort()) {
		const group = byScope.get(ym)!;
		const first = await allocateNumbers(tx, `INV-${ym}`, group.length);
		group.forEach((inv, i) => (inv.number = formatDocumentNumber('INV', ym, first + i)));
	}
}

/** Adjustments waiting for the batch's subscriptions (ids in [first, last], the batch's key range). */
async function pendingAdjustments(tx: Tx, candidates: Candidate[]): Promise<Map<string, NewInvoice['adjustments']>> {
	const map = new Map<string, NewInvoice['adjustments']>();
	const [rows] = (await tx.execute(sql`
		SELECT id, subscription_id AS subscriptionId, amount, description FROM billing_adjustments
		WHERE invoice_id IS NULL AND subscription_id BETWEEN ${candidates[0].id} AND ${candidates.at(-1)!.id}
		ORDER BY created_at, id
		FOR UPDATE`)) as unknown as Rows<{ id: string; subscriptionId: string; amount: number; description: string }>;
	const inBatch = new Set(candidates.map((c) => c.id));
	for (const r of rows) {
		if (!inBatch.has(r.subscriptionId)) continue;
		const list = map.get(r.subscriptionId) ?? [];
		list.push({ id: r.id, amount: Number(r.amount), description: r.description });
		map.set(r.subscriptionId, list);
	}
	return map;
}

/**
 * Credit pays new invoices first (oldest period first); an adjustment that takes an invoice
 * below zero adds the remainder to credit. Returns how many rupiah of credit were applied.
 */
async function settleCredit(tx: Tx, planned: NewInvoice[], version: number, now: Date): Promise<number> {
	const overshooting = planned.filter((inv) => inv.base + inv.adjustments.reduce((s, a) => s + a.amount, 0) < 0);
	// Few customers hold credit: find them through the credit index, then keep the batch's.
	const batchCustomers = new Set(planned.map((p) => p.customerId));
	const [withCredit] = (await tx.execute(sql`
		SELECT id, credit_balance AS credit FROM customers WHERE credit_balance > 0`)) as unknown as Rows<{ id: string; credit: number }>;
	const lockIds = [...new Set([...withCredit.filter((r) => batchCustomers.has(r.id)).map((r) => r.id), ...overshooting.map((i) => i.customerId)])];
	if (lockIds.length === 0) return 0;
	const [rows] = (await tx.execute(sql`
		SELECT id, credit_balance AS credit FROM customers
		WHERE id IN (${sqlList(lockIds)})
		FOR UPDATE`)) as unknown as Rows<{ id: string; credit: number }>;
	const credit = new Map(rows.map((r) => [r.id, Number(r.credit)]));
	for (const inv of overshooting) {
		const overshoot = inv.base + inv.adjustments.reduce((s, a) => s + a.amount, 0);
		credit.set(inv.customerId, (credit.get(inv.customerId) ?? 0) - overshoot);
	}
	const creditPayments: Array<typeof payments.$inferInsert> = [];
	const allocations: Array<typeof paymentAllocations.$inferInsert> = [];
	const paidByCredit = new Map<string, number>();
	for (const inv of planned) {
		const available = credit.get(inv.customerId) ?? 0;
		const use = Math.min(available, inv.amount);
		if (use <= 0) continue;
		const paymentId = randomUUID();
		creditPayments.push({
			id: paymentId,
			customerId: inv.customerId,
			invoiceId: inv.id,
			amount: use,
			method: 'credit',
			receivedAt: now,
			source: 'system',
			externalId: `credit:${inv.id}`,
			note: 'Saldo kredit dipakai otomatis',
			version
		});
		allocations.push({ paymentId, invoiceId: inv.id, amount: use });
		paidByCredit.set(inv.id, use);
		credit.set(inv.customerId, available - use);
	}
	const changed = rows.filter((r) => credit.get(r.id) !== Number(r.credit));
	for (const r of changed) {
		await tx.execute(sql`UPDATE customers SET credit_balance = ${credit.get(r.id)!}, version = ${version} WHERE id = ${r.id}`);
	}
	if (creditPayments.length === 0) return 0;
	await tx.insert(payments).values(creditPayments);
	await tx.insert(paymentAllocations).values(allocations);
	for (const [invoiceId, amount] of paidByCredit) {
		await tx.execute(sql`UPDATE invoices SET amount_paid = amount_paid + ${amount} WHERE id = ${invoiceId}`);
	}
	await refreshInvoiceStatus(tx, [...paidByCredit.keys()], version);
	return [...paidByCredit.values()].reduce((a, b) => a + b, 0);
}

async function writeInvoices(tx: Tx, planned: NewInvoice[], rules: BillingRules, version: number, now: Date): Promise<void> {
	await bulkInsert(
		tx,
		'invoices',
		['id', 'number', 'subscription_id', 'customer_id', 'period_start', 'period_end', 'amount', 'amount_paid', 'due_date', 'status', 'pay_token', 'issued_at', 'created_at', 'updated_at', 'version'],
		planned.map((inv) => [
			inv.id,
			inv.number!,
			inv.subscriptionId,
			inv.customerId,
			inv.period.start,
			inv.period.end,
			inv.amount,
			0,
			dueDateOf(inv.period.start, rules.dueDays),
			inv.amount === 0 ? 'paid' : 'unpaid',
			randomBytes(24).toString('base64url'),
			now,
			now,
			now,
			version
		])
	);
	const items: unknown[][] = [];
	for (const inv of planned) {
		items.push([inv.id, inv.period.days < inv.period.fullDays ? 'proration' : 'package', describePeriod(inv.packageName, inv.period), inv.base]);
		for (const adj of inv.adjustments) items.push([inv.id, 'adjustment', adj.description, adj.amount]);
	}
	await bulkInsert(tx, 'invoice_items', ['invoice_id', 'kind', 'description', 'amount'], items);
	await emitWebhookEvents(tx, planned.map((inv) => invoiceIssued({ ...inv, number: inv.number!, periodStart: inv.period.start, periodEnd: inv.period.end, dueDate: dueDateOf(inv.period.start, rules.dueDays) })));
	for (const inv of planned) {
		for (const adj of inv.adjustments) {
			await tx.execute(sql`UPDATE billing_adjustments SET invoice_id = ${inv.id} WHERE id = ${adj.id}`);
		}
	}
}

export async function runBilling(db: Db, opts: BillingRunOptions): Promise<BillingRunProgress> {
	const batchSize = opts.batchSize ?? 2000;
	const horizon = addDays(opts.today, opts.rules.invoiceLeadDays);
	const progress: BillingRunProgress = {
		total: await countCandidates(db, horizon, opts.subscriptionIds),
		processed: 0,
		invoicesCreated: 0,
		creditApplied: 0,
		batches: 0
	};
	await opts.onProgress?.(progress);
	let afterId = '';
	for (;;) {
		const batch = await db.transaction(async (tx) => {
			// The version first: every writer takes it before any other lock (no deadlocks).
			const version = await nextVersion(tx);
			const [rows] = (await tx.execute(candidateQuery(afterId, horizon, batchSize, opts.subscriptionIds))) as unknown as Rows<
				Omit<Candidate, 'price' | 'packageName'> & { packageId: string }
			>;
			const catalogue = await packageCatalogue(tx);
			const candidates: Candidate[] = rows.map((r) => {
				const pkg = catalogue.get(r.packageId)!;
				return { ...r, billingDay: Number(r.billingDay), price: pkg.price, packageName: pkg.name };
			});
			if (candidates.length === 0) return null;
			const now = opts.now ?? new Date();
			const pending = await pendingAdjustments(tx, candidates);
			const planned = planInvoices(candidates, opts.today, opts.rules, pending);
			if (planned.length > 0) {
				await numberInvoices(tx, planned);
				await writeInvoices(tx, planned, opts.rules, version, now);
				const credit = await settleCredit(tx, planned, version, now);
				await waInvoicesIssued(tx, planned.map((p) => p.id));
				if (credit > 0 || planned.some((p) => p.amount === 0)) {
					await refreshPaidThrough(tx, [...new Set(planned.map((p) => p.subscriptionId))], version);
				}
				return { lastId: candidates.at(-1)!.id, processed: candidates.length, created: planned.length, credit };
			}
			return { lastId: candidates.at(-1)!.id, processed: candidates.length, created: 0, credit: 0 };
		});
		if (!batch) break;
		afterId = batch.lastId;
		progress.processed += batch.processed;
		progress.invoicesCreated += batch.created;
		progress.creditApplied += batch.credit;
		progress.batches += 1;
		await opts.onProgress?.(progress);
	}
	return progress;
}
