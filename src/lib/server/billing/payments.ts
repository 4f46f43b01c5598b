/**
 * The payments ledger (append-only). Recording a payment allocates it to open invoices, oldest
 * first, puts any surplus on the customer's credit, moves paid-through dates, and lifts arrears
 * isolation with its restore job queued in the same transaction. A mistake is undone by a
 * voiding entry, never by editing. (source, external_id) is UNIQUE: a resent payment lands once.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../db/index';
import { customers, invoices, paymentAllocations, paymentFlags, payments } from '../db/schema';
import { nextVersion } from '../db/version';
import { allocateNumbers, formatDocumentNumber } from '../db/counters';
import { audit, auditMany } from '../audit';
import { FieldValidationError } from '../trpc/trpc';
import { localDateOf, yearMonthOf } from '../../shared/dates';
import { isAcceptedInstant, MIN_INPUT_YEAR } from '../../shared/schemas/dates';
import { formatRupiah, MAX_AMOUNT } from '../../shared/money';
import { planAllocation, type PlannableInvoice } from '../../shared/allocation';
import type { BillingRules } from '../../shared/schemas/billing-rules';
import type { PaymentMethod, PaymentSource } from '../../shared/domain';
import type { Translator } from '../../shared/i18n/index';
import { liftArrearsIsolation, refreshInvoiceStatus, refreshPaidThrough } from './ledger';
import { emitWebhookEvents } from '../webhooks/emit';
import { paymentRecorded } from '../webhooks/events';
import { latestIsolatingDueDate } from './periods';
import { isDuplicateKey } from '../db/errors';
import { conflict } from '../errors';
import { sqlList, type Rows } from '../db/raw-sql';
import { isFarAboveOwed, type CashBound } from '../../shared/cash-bound';
import type { PaymentFlagReason } from '../../shared/domain';
import { DUPLICATE_WINDOW_DAYS, likelyDuplicateFlag, likelyDuplicateOf, type ChannelPayment } from './duplicate-rule';
import { waPaymentsReceived } from '../whatsapp/events';

export interface LedgerContext {
	timeZone: string;
	rules: BillingRules;
	actorUserId: string | null;
	ipAddress: string | null;
	t: Translator;
	now?: Date;
}

/** "Today" in the ISP's calendar for this request. */
export function todayOf(ctx: LedgerContext): string {
	return localDateOf(ctx.now ?? new Date(), ctx.timeZone);
}

export interface RecordPaymentInput {
	/** Client-generated when the payer's device made it; otherwise a new UUID. */
	id?: string;
	customerId: string;
	/** The invoice the payer pointed at: its subscription's oldest invoices are paid first. */
	invoiceId?: string | null;
	amount: number;
	method: Exclude<PaymentMethod, 'credit'>;
	receivedAt: Date;
	source: PaymentSource;
	/** The idempotency key: office form key, device operation id, Midtrans transaction id. */
	externalId: string;
	collectedBy: string | null;
	note?: string | null;
	flag?: string | null;
	/**
	 * Stored as the flag (after `flag`) when the invoice pointed at owes nothing by the time this
	 * payment is applied — paid meanwhile, possibly by an earlier payment of the same batch.
	 */
	flagWhenPointedPaid?: string;
	/**
	 * Flags the payment `cash-above-owed` when it is far above what the customer owes as it is
	 * applied (shared/cash-bound.ts); absent = no bound (Midtrans: the gateway asked the amount).
	 */
	cashBound?: CashBound | null;
	/**
	 * Whether the person recording saw and confirmed an amount beyond `cashBound`. `false` (the
	 * office form before its confirmation) refuses such an amount, naming it and what is owed, so
	 * the form asks first; absent (a phone, which asked before queuing) records and flags it.
	 */
	farAboveConfirmed?: boolean;
}

export interface PaymentOutcome {
	paymentId: string;
	receiptNumber: string | null;
	/** True when this was a resend of a payment already recorded; nothing changed. */
	duplicate: boolean;
	allocations: Array<{ invoiceId: string; amount: number }>;
	creditAdded: number;
	restoredSubscriptionIds: string[];
	/** What the office is asked to look at on this payment, if anything. */
	flag: string | null;
}


/** What a payment of a batch came to: recorded (or found recorded), or refused with the field named. */
export type PaymentAttempt = { ok: true; outcome: PaymentOutcome } | { ok: false; error: FieldValidationError };

/** The checks that need no database. */
function inputError(input: RecordPaymentInput, ctx: LedgerContext): FieldValidationError | null {
	if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > MAX_AMOUNT) {
		return new FieldValidationError({ amount: [ctx.t('validation.amount')] });
	}
	// Year 1 or 1970 would number a receipt RCP-000101-… and file the money under a month no report shows.
	if (!isAcceptedInstant(input.receivedAt)) {
		return new FieldValidationError({ receivedAt: [ctx.t('validation.paymentDate', { min: MIN_INPUT_YEAR })] });
	}
	const now = ctx.now ?? new Date();
	if (input.receivedAt.getTime() > now.getTime() + 5 * 60_000) {
		return new FieldValidationError({ receivedAt: [ctx.t('validation.futureDate')] });
	}
	return null;
}

const keyOf = (source: string, externalId: string) => `${source}\u0000${externalId}`;

interface OpenInvoice extends PlannableInvoice {
	customerId: string;
	/** Due on or before the isolation cutoff: while any such money is owed, arrears isolation stays. */
	overdue: boolean;
}

interface StoredPayment {
	id: string;
	source: string;
	external_id: string;
	receipt_number: string | null;
	flag: string | null;
	customer_id: string;
	amount: number | string;
	method: string;
	collected_by: string | null;
}

/** A payment found under a request's idempotency key, with what makes it that payment. */
interface Recorded {
	outcome: PaymentOutcome;
	customerId: string;
	amount: number;
	method: string;
	collectedBy: string | null;
}

/**
 * Whether a stored payment is the one this request records again (a resend), rather than another
 * payment whose key the request reuses — by mistake or to read someone else's receipt. Only the
 * same customer, amount, method and collector (the source is part of the key) make it a resend;
 * anything else is refused as a conflict and nothing of the stored payment is answered.
 */
function sameRequest(recorded: Recorded, input: RecordPaymentInput): boolean {
	return recorded.customerId === input.customerId && recorded.amount === input.amount && recorded.method === input.method && recorded.collectedBy === input.collectedBy;
}

/** Payments already recorded under these ids or idempotency keys, with what they paid. */
async function storedPayments(tx: DbOrTx, inputs: RecordPaymentInput[]): Promise<{ byKey: Map<string, Recorded>; takenIds: Set<string> }> {
	const ids = inputs.flatMap((i) => (i.id ? [i.id] : []));
	const keysBySource = new Map<string, string[]>();
	for (const i of inputs) {
		const keys = keysBySource.get(i.source) ?? [];
		keys.push(i.externalId);
		keysBySource.set(i.source, keys);
	}
	// One branch per key (primary, payments_source_external_uq): an OR of both would scan the table.
	const branches = [...keysBySource].map(
		([source, keys]) => sql`SELECT id, source, external_id, receipt_number, flag, customer_id, amount, method, collected_by FROM payments WHERE source = ${source} AND external_id IN (${sqlList(keys)})`
	);
	if (ids.length) branches.push(sql`SELECT id, source, external_id, receipt_number, flag, customer_id, amount, method, collected_by FROM payments WHERE id IN (${sqlList(ids)})`);
	const [rows] = (await tx.execute(sql.join(branches, sql` UNION `))) as unknown as Rows<StoredPayment>;
	const byKey = new Map<string, Recorded>();
	const takenIds = new Set(rows.map((r) => r.id));
	const wanted = new Set(inputs.map((i) => keyOf(i.source, i.externalId)));
	const found = rows.filter((r) => wanted.has(keyOf(r.source, r.external_id)));
	if (found.length === 0) return { byKey, takenIds };
	const [allocations] = (await tx.execute(
		sql`SELECT payment_id, invoice_id, amount FROM payment_allocations WHERE payment_id IN (${sqlList(found.map((r) => r.id))})`
	)) as unknown as Rows<{ payment_id: string; invoice_id: string; amount: number }>;
	for (const r of found) {
		byKey.set(keyOf(r.source, r.external_id), {
			outcome: {
				paymentId: r.id,
				receiptNumber: r.receipt_number,
				duplicate: true,
				allocations: allocations.filter((a) => a.payment_id === r.id).map((a) => ({ invoiceId: a.invoice_id, amount: Number(a.amount) })),
				creditAdded: 0,
				restoredSubscriptionIds: [],
				flag: r.flag
			},
			customerId: r.customer_id,
			amount: Number(r.amount),
			method: r.method,
			collectedBy: r.collected_by
		});
	}
	return { byKey, takenIds };
}

/**
 * Money in of these customers already in the ledger around these payments' dates (the duplicate
 * rule's window): not credit, not a reversal, not voided.
 */
async function recentMoneyIn(tx: Tx, inputs: RecordPaymentInput[]): Promise<Map<string, ChannelPayment[]>> {
	const byCustomer = new Map<string, ChannelPayment[]>();
	const times = inputs.map((i) => i.receivedAt.getTime());
	const window = DUPLICATE_WINDOW_DAYS * 86_400_000;
	const [rows] = (await tx.execute(sql`
		SELECT p.id, p.customer_id, p.amount, p.source, p.collected_by, p.received_at, p.receipt_number FROM payments p
		WHERE p.customer_id IN (${sqlList([...new Set(inputs.map((i) => i.customerId))])})
			AND p.received_at BETWEEN ${new Date(Math.min(...times) - window)} AND ${new Date(Math.max(...times) + window)}
			AND p.amount > 0 AND p.method <> 'credit' AND p.voids_payment_id IS NULL
			AND NOT EXISTS (SELECT 1 FROM payments v WHERE v.voids_payment_id = p.id)`)) as unknown as Rows<{
		id: string;
		customer_id: string;
		amount: number | string;
		source: string;
		collected_by: string | null;
		received_at: Date;
		receipt_number: string | null;
	}>;
	for (const r of rows) {
		const list = byCustomer.get(r.customer_id) ?? [];
		list.push({ id: r.id, amount: Number(r.amount), source: r.source, collectedBy: r.collected_by, receivedAt: new Date(r.received_at), receiptNumber: r.receipt_number });
		byCustomer.set(r.customer_id, list);
	}
	return byCustomer;
}

/** Open invoices of these customers, locked, in the order money pays them before any is pointed at. */
async function openInvoicesOf(tx: Tx, customerIds: string[], cutoff: string): Promise<Map<string, OpenInvoice[]>> {
	const byCustomer = new Map<string, OpenInvoice[]>();
	if (customerIds.length === 0) return byCustomer;
	const [rows] = (await tx.execute(sql`
		SELECT id, customer_id, subscription_id, period_start, due_date, number, amount - amount_paid AS outstanding, due_date <= ${cutoff} AS overdue FROM invoices
		WHERE customer_id IN (${sqlList(customerIds)}) AND status IN ('unpaid', 'partial') AND deleted_at IS NULL
		ORDER BY customer_id, period_start, due_date, number
		FOR UPDATE`)) as unknown as Rows<{
		id: string;
		customer_id: string;
		subscription_id: string;
		period_start: string;
		due_date: string;
		number: string;
		outstanding: number | string;
		overdue: number;
	}>;
	for (const r of rows) {
		const list = byCustomer.get(r.customer_id) ?? [];
		list.push({
			id: r.id,
			customerId: r.customer_id,
			subscriptionId: r.subscription_id,
			periodStart: r.period_start,
			dueDate: r.due_date,
			number: r.number,
			outstanding: Number(r.outstanding),
			overdue: Number(r.overdue) === 1
		});
		byCustomer.set(r.customer_id, list);
	}
	return byCustomer;
}

interface PlannedPayment {
	index: number;
	input: RecordPaymentInput;
	paymentId: string;
	ym: string;
	receiptNumber: string;
	allocations: Array<{ invoiceId: string; amount: number; subscriptionId: string }>;
	creditAdded: number;
	restored: string[];
	flag: string | null;
	reasons: PaymentFlagReason[];
}

/**
 * Records payments in the given order inside the caller's transaction, which already holds
 * `version`; every row written carries it. The work is set-based — a fixed number of statements
 * for the whole list — because a phone's sync brings hundreds of payments at once and a
 * statement per step made each payment cost ~15 round trips. Each payment still sees the ones
 * before it (a customer's second payment pays what the first left open), and a refused payment
 * writes nothing: every refusal is decided before the first write.
 */
export async function recordPaymentsInTx(tx: Tx, version: number, inputs: RecordPaymentInput[], ctx: LedgerContext): Promise<PaymentAttempt[]> {
	const attempts: Array<PaymentAttempt | undefined> = inputs.map((input) => {
		const error = inputError(input, ctx);
		return error ? { ok: false, error } : undefined;
	});
	const live = inputs.filter((_, k) => !attempts[k]);
	if (live.length === 0) return attempts as PaymentAttempt[];

	const customerIds = [...new Set(live.map((i) => i.customerId))];
	const [lockedCustomers] = (await tx.execute(
		sql`SELECT id FROM customers WHERE id IN (${sqlList(customerIds)}) AND deleted_at IS NULL FOR UPDATE`
	)) as unknown as Rows<{ id: string }>;
	const known = new Set(lockedCustomers.map((c) => c.id));
	const { byKey: stored, takenIds } = await storedPayments(tx, live);
	const pointedIds = [...new Set(live.flatMap((i) => (i.invoiceId ? [i.invoiceId] : [])))];
	const pointed = new Map<string, { customer_id: string; subscription_id: string; status: string }>();
	if (pointedIds.length) {
		const [rows] = (await tx.execute(
			sql`SELECT id, customer_id, subscription_id, status FROM invoices WHERE id IN (${sqlList(pointedIds)})`
		)) as unknown as Rows<{ id: string; customer_id: string; subscription_id: string; status: string }>;
		for (const r of rows) pointed.set(r.id, r);
	}
	const today = todayOf(ctx);
	const recent = await recentMoneyIn(tx, live);
	const open = await openInvoicesOf(tx, [...known], latestIsolatingDueDate(today, ctx.rules.graceDays));

	const planned: PlannedPayment[] = [];
	const plannedByKey = new Map<string, PlannedPayment>();
	/** The payment after which each touched subscription owed nothing overdue: the one that restores it. */
	const clearedBy = new Map<string, PlannedPayment>();
	const repeats: Array<{ index: number; of: PlannedPayment }> = [];
	inputs.forEach((input, index) => {
		if (attempts[index]) return;
		const refuse = (field: string, key: Parameters<Translator>[0]) => {
			attempts[index] = { ok: false, error: new FieldValidationError({ [field]: [ctx.t(key)] }) };
		};
		if (!known.has(input.customerId)) return refuse('customerId', 'validation.unknown');
		const key = keyOf(input.source, input.externalId);
		const recorded = stored.get(key);
		if (recorded) return sameRequest(recorded, input) ? void (attempts[index] = { ok: true, outcome: recorded.outcome }) : refuse('id', 'validation.idConflict');
		const earlier = plannedByKey.get(key);
		// Sent twice in one batch: answered as the first once that one has its receipt number.
		if (earlier) return isSamePlanned(earlier.input, input) ? void repeats.push({ index, of: earlier }) : refuse('id', 'validation.idConflict');
		// The id belongs to another payment: resending this one will never succeed.
		if (input.id && takenIds.has(input.id)) return refuse('id', 'validation.taken');
		let pointedSubscription: string | null = null;
		if (input.invoiceId) {
			const inv = pointed.get(input.invoiceId);
			if (!inv || inv.customer_id !== input.customerId) return refuse('invoiceId', 'validation.unknown');
			if (inv.status === 'void') return refuse('invoiceId', 'validation.invoiceVoid');
			pointedSubscription = inv.subscription_id;
		}
		const invoicesOfCustomer = open.get(input.customerId) ?? [];
		const pointedOwes = invoicesOfCustomer.some((i) => i.id === input.invoiceId && i.outstanding > 0);
		const flags = [input.flag, input.invoiceId && !pointedOwes ? input.flagWhenPointedPaid : undefined].filter(Boolean);
		// What the customer owes as this payment lands (after the ones before it in this batch).
		const owed = invoicesOfCustomer.reduce((sum, i) => sum + i.outstanding, 0);
		const reasons: PaymentFlagReason[] = [];
		if (input.cashBound && isFarAboveOwed(input.amount, owed, input.cashBound)) {
			if (input.farAboveConfirmed === false) {
				return void (attempts[index] = {
					ok: false,
					error: new FieldValidationError({ amount: [ctx.t('validation.farAboveOwed', { amount: formatRupiah(input.amount), owed: formatRupiah(owed) })] })
				});
			}
			reasons.push('cash-above-owed');
			flags.push(`cash-above-owed:${input.amount}:${owed}`);
		}
		// Paid twice through two channels (duplicate-rule.ts): recorded, and the office is told.
		const repeated = likelyDuplicateOf(input, owed, recent.get(input.customerId) ?? []);
		if (repeated) {
			reasons.push('likely-duplicate');
			flags.push(likelyDuplicateFlag(repeated));
		}
		// The one allocation rule the phone shows offline too (shared/allocation.ts).
		const plan = planAllocation(invoicesOfCustomer, input.amount, pointedSubscription);
		const allocations: PlannedPayment['allocations'] = plan.allocations.map(({ invoice, amount }) => {
			invoice.outstanding -= amount; // the next payment of this set sees what this one left open
			return { invoiceId: invoice.id, amount, subscriptionId: invoice.subscriptionId };
		});
		const left = plan.surplus;
		const paymentId = input.id ?? randomUUID();
		takenIds.add(paymentId);
		const payment: PlannedPayment = {
			index,
			input,
			paymentId,
			ym: yearMonthOf(localDateOf(input.receivedAt, ctx.timeZone)),
			receiptNumber: '',
			allocations,
			creditAdded: left,
			restored: [],
			flag: flags.length ? flags.join('; ') : null,
			reasons
		};
		planned.push(payment);
		plannedByKey.set(key, payment);
		for (const subscriptionId of new Set(allocations.map((a) => a.subscriptionId))) {
			const stillOverdue = invoicesOfCustomer.some((i) => i.subscriptionId === subscriptionId && i.overdue && i.outstanding > 0);
			if (!stillOverdue && !clearedBy.has(subscriptionId)) clearedBy.set(subscriptionId, payment);
		}
	});
	if (planned.length === 0) return attempts as PaymentAttempt[];

	// Receipt numbers: one allocation per month, handed out in the order the payments came.
	const byMonth = new Map<string, PlannedPayment[]>();
	for (const p of planned) {
		const group = byMonth.get(p.ym) ?? [];
		group.push(p);
		byMonth.set(p.ym, group);
	}
	for (const [ym, group] of byMonth) {
		const first = await allocateNumbers(tx, `RCP-${ym}`, group.length);
		group.forEach((p, k) => (p.receiptNumber = formatDocumentNumber('RCP', ym, first + k)));
	}

	await tx.insert(payments).values(
		planned.map((p) => ({
			id: p.paymentId,
			receiptNumber: p.receiptNumber,
			customerId: p.input.customerId,
			invoiceId: p.input.invoiceId ?? null,
			amount: p.input.amount,
			method: p.input.method,
			collectedBy: p.input.collectedBy,
			receivedAt: p.input.receivedAt,
			source: p.input.source,
			externalId: p.input.externalId,
			note: p.input.note ?? null,
			flag: p.flag,
			version
		}))
	);
	const reasons = planned.flatMap((p) => p.reasons.map((reason) => ({ paymentId: p.paymentId, reason })));
	if (reasons.length) await tx.insert(paymentFlags).values(reasons);
	const allocations = planned.flatMap((p) => p.allocations.map((a) => ({ paymentId: p.paymentId, ...a })));
	if (allocations.length) {
		await tx.insert(paymentAllocations).values(allocations.map(({ paymentId, invoiceId, amount }) => ({ paymentId, invoiceId, amount })));
		await addPerRow(tx, 'invoices', 'amount_paid', sumBy(allocations, (a) => a.invoiceId), null);
		await refreshInvoiceStatus(tx, [...new Set(allocations.map((a) => a.invoiceId))], version);
	}
	const credit = sumBy(planned.filter((p) => p.creditAdded > 0), (p) => p.input.customerId, (p) => p.creditAdded);
	if (credit.size) await addPerRow(tx, 'customers', 'credit_balance', credit, version);
	const touched = [...new Set(allocations.map((a) => a.subscriptionId))];
	await refreshPaidThrough(tx, touched, version);
	const restoring = (subscriptionId: string) =>
		clearedBy.get(subscriptionId) ?? planned.findLast((p) => p.allocations.some((a) => a.subscriptionId === subscriptionId))!;
	const restored = await liftArrearsIsolation(tx, touched, today, ctx.rules, version, (id) => restoring(id).paymentId);
	for (const subscriptionId of restored) restoring(subscriptionId).restored.push(subscriptionId);

	await auditMany(
		tx,
		planned.map((p) => ({
			userId: ctx.actorUserId,
			action: 'payment.record',
			entity: 'payment',
			entityId: p.paymentId,
			after: {
				customerId: p.input.customerId,
				receiptNumber: p.receiptNumber,
				amount: p.input.amount,
				method: p.input.method,
				source: p.input.source,
				allocations: p.allocations,
				creditAdded: p.creditAdded,
				restored: p.restored
			},
			ipAddress: ctx.ipAddress
		}))
	);
	await waPaymentsReceived(tx, planned.map((p) => p.paymentId));
	await emitWebhookEvents(tx, planned.map((p) => paymentRecorded({ ...p.input, id: p.paymentId, receiptNumber: p.receiptNumber })));
	for (const p of planned) attempts[p.index] = { ok: true, outcome: outcomeOf(p) };
	for (const r of repeats) attempts[r.index] = { ok: true, outcome: { ...outcomeOf(r.of), duplicate: true, creditAdded: 0, restoredSubscriptionIds: [] } };
	return attempts as PaymentAttempt[];
}

function isSamePlanned(first: RecordPaymentInput, again: RecordPaymentInput): boolean {
	return sameRequest({ customerId: first.customerId, amount: first.amount, method: first.method, collectedBy: first.collectedBy } as Recorded, again);
}

function outcomeOf(p: PlannedPayment): PaymentOutcome {
	return {
		paymentId: p.paymentId,
		receiptNumber: p.receiptNumber,
		duplicate: false,
		allocations: p.allocations.map(({ invoiceId, amount }) => ({ invoiceId, amount })),
		creditAdded: p.creditAdded,
		restoredSubscriptionIds: p.restored,
		flag: p.flag
	};
}

function sumBy<T>(items: T[], keyOf: (item: T) => string, valueOf: (item: T) => number = (item) => (item as { amount: number }).amount): Map<string, number> {
	const sums = new Map<string, number>();
	for (const item of items) sums.set(keyOf(item), (sums.get(keyOf(item)) ?? 0) + valueOf(item));
	return sums;
}

/** Adds a different amount to a column of each row in one statement; `version` stamps the rows when given. */
async function addPerRow(tx: Tx, table: 'invoices' | 'customers', column: 'amount_paid' | 'credit_balance', amounts: Map<string, number>, version: number | null): Promise<void> {
	const cases = sql.join([...amounts].map(([id, amount]) => sql`WHEN ${id} THEN ${amount}`), sql` `);
	await tx.execute(sql`
		UPDATE ${sql.raw(table)} SET ${sql.raw(column)} = ${sql.raw(column)} + CASE id ${cases} END
			${version === null ? sql`` : sql`, version = ${version}`}
		WHERE id IN (${sqlList(amounts.keys())})`);
}

export async function recordPayment(db: Db, input: RecordPaymentInput, ctx: LedgerContext): Promise<PaymentOutcome> {
	const invalid = inputError(input, ctx);
	if (invalid) throw invalid;
	try {
		return await db.transaction(async (tx) => {
			const [attempt] = await recordPaymentsInTx(tx, await nextVersion(tx), [input], ctx);
			if (!attempt.ok) throw attempt.error;
			return attempt.outcome;
		});
	} catch (err) {
		// Two resends racing: the loser's insert hits the UNIQUE key; answer with the winner's payment.
		if (isDuplicateKey(err)) {
			const existing = (await storedPayments(db, [input])).byKey.get(keyOf(input.source, input.externalId));
			if (existing && sameRequest(existing, input)) return existing.outcome;
			if (existing) throw new FieldValidationError({ id: [ctx.t('validation.idConflict')] });
		}
		throw err;
	}
}

export interface VoidOutcome {
	voidPaymentId: string;
	duplicate: boolean;
	/** Credit the customer had already spent that the void takes back (they now owe it). */
	creditShortfall: number;
}

/**
 * Reverses a payment with a negative entry and negative allocations; the invoices it paid
 * reopen. Voiding twice returns the first void.
 */
export async function voidPayment(db: Db, input: { paymentId: string; reason: string }, ctx: LedgerContext): Promise<VoidOutcome> {
	const now = ctx.now ?? new Date();
	return db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const [original] = await tx.select().from(payments).where(eq(payments.id, input.paymentId)).for('update');
		if (!original || original.voidsPaymentId || original.refundsPaymentId || original.method === 'credit' || original.amount <= 0) {
			throw new FieldValidationError({ paymentId: [ctx.t('validation.unknown')] });
		}
		const [already] = await tx.select({ id: payments.id }).from(payments).where(eq(payments.voidsPaymentId, original.id));
		if (already) return { voidPaymentId: already.id, duplicate: true, creditShortfall: 0 };
		// Part of it went back to the customer: a void would take that money back from credit a second time.
		const [refunded] = await tx.select({ id: payments.id }).from(payments).where(eq(payments.refundsPaymentId, original.id)).limit(1);
		if (refunded) throw conflict('payments.refund.voidRefunded');

		const [customer] = await tx.select({ credit: customers.creditBalance }).from(customers).where(eq(customers.id, original.customerId)).for('update');
		const allocations = await tx
			.select({ invoiceId: paymentAllocations.invoiceId, amount: paymentAllocations.amount })
			.from(paymentAllocations)
			.where(eq(paymentAllocations.paymentId, original.id));
		const allocated = allocations.reduce((s, a) => s + a.amount, 0);
		const surplus = original.amount - allocated;
		const shortfall = Math.max(0, surplus - Math.max(0, customer?.credit ?? 0));

		const voidId = randomUUID();
		await tx.insert(payments).values({
			id: voidId,
			receiptNumber: null,
			customerId: original.customerId,
			invoiceId: original.invoiceId,
			amount: -original.amount,
			method: original.method,
			collectedBy: ctx.actorUserId,
			receivedAt: now,
			source: 'system',
			externalId: `void:${original.id}`,
			voidsPaymentId: original.id,
			voidReason: input.reason,
			flag: shortfall > 0 ? `credit-shortfall:${shortfall}` : null,
			version
		});
		if (allocations.length) {
			await tx.insert(paymentAllocations).values(allocations.map((a) => ({ paymentId: voidId, invoiceId: a.invoiceId, amount: -a.amount })));
			for (const a of allocations) {
				await tx.execute(sql`UPDATE invoices SET amount_paid = amount_paid - ${a.amount} WHERE id = ${a.invoiceId}`);
			}
			await refreshInvoiceStatus(tx, allocations.map((a) => a.invoiceId), version);
			const [subs] = (await tx.execute(sql`
				SELECT DISTINCT subscription_id AS id FROM invoices
				WHERE id IN (${sql.join(allocations.map((a) => sql`${a.invoiceId}`), sql`, `)})`)) as unknown as Rows<{ id: string }>;
			await refreshPaidThrough(tx, subs.map((s) => s.id), version);
		}
		if (surplus > 0) {
			// Credit may go below zero when it was already spent: the customer owes it, and the flag says so.
			await tx.execute(sql`UPDATE customers SET credit_balance = credit_balance - ${surplus}, version = ${version} WHERE id = ${original.customerId}`);
		}
		await audit(tx, {
			userId: ctx.actorUserId,
			action: 'payment.void',
			entity: 'payment',
			entityId: original.id,
			before: { amount: original.amount, receiptNumber: original.receiptNumber, allocations },
			after: { voidPaymentId: voidId, reason: input.reason, creditShortfall: shortfall },
			ipAddress: ctx.ipAddress
		});
		return { voidPaymentId: voidId, duplicate: false, creditShortfall: shortfall };
	});
}
