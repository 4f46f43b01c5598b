/**
 * Acting on what the status API confirmed about one attempt. The notification only tells us to
 * ask (its signature does not cover transaction_status); this is where money moves, and only
 * through the ledger, whose UNIQUE (source, external_id) makes every repeat a no-op.
 *
 * Status never goes backwards: once an attempt is paid, a late `pending`/`expire` changes
 * nothing; only a refund may follow a payment.
 */
import { and, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/mysql-core';
import type { Db } from '../db/index';
import { invoices, midtransStatusChecks, midtransTransactions, payments } from '../db/schema';
import { recordPayment, voidPayment, type LedgerContext } from '../billing/payments';
import { FieldValidationError } from '../trpc/trpc';
import { log } from '../log';
import type { MidtransGateway, MidtransStatus } from './gateway';
import { systemLedgerContext } from './context';

export type Attempt = typeof midtransTransactions.$inferSelect;

const OPEN = ['created', 'pending'];
const CLOSING = ['deny', 'cancel', 'expire', 'failure'];
const REFUNDS = ['refund', 'partial_refund'];

export interface ApplyOutcome {
	outcome: string;
	detail?: string;
}

/** "150000.00" → 150000; null when it is not an amount. */
export function rupiahOf(value: unknown): number | null {
	const n = Number(value);
	return typeof value === 'string' && value.trim() !== '' && Number.isFinite(n) ? Math.round(n) : null;
}

/** Midtrans times are Jakarta wall-clock ("2026-11-24 08:15:00"). */
function midtransInstant(value: unknown, now: Date): Date {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return now;
	const d = new Date(`${value.replace(' ', 'T')}+07:00`);
	return Number.isNaN(d.getTime()) || d > now ? now : d;
}

export function isPaidStatus(s: MidtransStatus): boolean {
	return s.transaction_status === 'settlement' || (s.transaction_status === 'capture' && s.fraud_status === 'accept');
}

async function invoiceOf(db: Db, id: string) {
	const [inv] = await db.select({ id: invoices.id, customerId: invoices.customerId, status: invoices.status, number: invoices.number }).from(invoices).where(eq(invoices.id, id));
	return inv;
}

async function applyPaid(db: Db, attempt: Attempt, s: MidtransStatus, ctx: LedgerContext): Promise<ApplyOutcome> {
	const now = ctx.now ?? new Date();
	const paid = rupiahOf(s.gross_amount);
	if (paid === null || paid <= 0) return { outcome: 'bad-amount', detail: `gross_amount ${String(s.gross_amount)}` };
	const externalId = s.transaction_id ?? attempt.orderId;
	const invoice = await invoiceOf(db, attempt.invoiceId);
	const flags: string[] = [];
	if (paid !== attempt.grossAmount) flags.push(`amount-mismatch: asked ${attempt.grossAmount}, paid ${paid}`);
	const [already] = await db.select({ id: payments.id }).from(payments).where(and(eq(payments.source, 'midtrans'), eq(payments.externalId, externalId)));
	// Pay everything owed points at no invoice: the ledger's one planner spreads it oldest first
	// over what is open when it lands (anything paid meanwhile is the duplicate rule's to flag).
	const pointed = attempt.scope === 'invoice';
	if (pointed && !already && invoice && invoice.status === 'paid') flags.push('paid-twice: invoice was already paid');
	if (pointed && !already && invoice && invoice.status === 'void') flags.push('paid-after-void');
	const flag = flags.length ? flags.join('; ').slice(0, 255) : null;
	const input = {
		customerId: invoice!.customerId,
		invoiceId: !pointed || invoice!.status === 'void' ? null : attempt.invoiceId,
		amount: paid,
		method: 'midtrans' as const,
		receivedAt: midtransInstant(s.settlement_time ?? s.transaction_time, now),
		source: 'midtrans' as const,
		externalId,
		collectedBy: null,
		note: `Midtrans ${attempt.orderId}${s.payment_type ? ` · ${s.payment_type}` : ''}`.slice(0, 255),
		flag
	};
	let result: Awaited<ReturnType<typeof recordPayment>>;
	try {
		result = await recordPayment(db, input, ctx);
	} catch (err) {
		// The invoice was voided between our read and the ledger's: the money still exists.
		if (!(err instanceof FieldValidationError) || !input.invoiceId) throw err;
		result = await recordPayment(db, { ...input, invoiceId: null, flag: (flag ? `${flag}; ` : '') + 'paid-after-void' }, ctx);
	}
	await db
		.update(midtransTransactions)
		.set({
			status: s.transaction_status,
			transactionId: s.transaction_id ?? null,
			paymentType: s.payment_type ?? null,
			paidAmount: paid,
			paymentId: result.paymentId,
			// A resend racing the first delivery may have seen the invoice already paid by itself.
			...(flag && !result.duplicate ? { flag } : {})
		})
		.where(and(eq(midtransTransactions.id, attempt.id), sql`${midtransTransactions.status} NOT IN ('refund', 'partial_refund')`));
	if (result.duplicate) return { outcome: 'already-paid', detail: result.receiptNumber ?? undefined };
	return {
		outcome: flag ? 'paid-flagged' : 'paid',
		detail: [result.receiptNumber, flag, result.restoredSubscriptionIds.length ? `restore queued for ${result.restoredSubscriptionIds.length}` : null]
			.filter(Boolean)
			.join(' · ')
	};
}

/** Payments of this Midtrans transaction that no later entry reverses. */
async function livePaymentsOf(db: Db, transactionId: string) {
	const voids = alias(payments, 'voids');
	return db
		.select({ id: payments.id, amount: payments.amount, externalId: payments.externalId })
		.from(payments)
		.leftJoin(voids, eq(voids.voidsPaymentId, payments.id))
		.where(
			and(
				eq(payments.source, 'midtrans'),
				or(eq(payments.externalId, transactionId), like(payments.externalId, `${transactionId}:net:%`)),
				isNull(voids.id)
			)
		);
}

/**
 * A refund reverses what Midtrans received and, for a partial one, records what it kept: the
 * invoice reopens for the refunded part and the office sees the flag on the attempt and the
 * reversing entry.
 */
async function applyRefund(db: Db, attempt: Attempt, s: MidtransStatus, ctx: LedgerContext): Promise<ApplyOutcome> {
	const transactionId = s.transaction_id ?? attempt.orderId;
	const gross = rupiahOf(s.gross_amount) ?? attempt.paidAmount ?? attempt.grossAmount;
	const refunded = Math.min(gross, rupiahOf(s.refund_amount) ?? (s.transaction_status === 'refund' ? gross : 0));
	const net = gross - refunded;
	const netKey = `${transactionId}:net:${refunded}`;
	const flag = `refund: ${refunded} of ${gross} refunded by Midtrans`.slice(0, 255);
	const live = await livePaymentsOf(db, transactionId);
	const setAttempt = () =>
		db.update(midtransTransactions).set({ status: s.transaction_status, flag }).where(eq(midtransTransactions.id, attempt.id));
	if (live.length === 0 && refunded === 0) return { outcome: 'ignored', detail: 'refund of nothing' };
	if (live.some((p) => p.externalId === netKey) || (live.length === 0 && net === 0)) {
		await setAttempt();
		return { outcome: 'refund-already-applied' };
	}
	for (const p of live) {
		const reversal = await voidPayment(db, { paymentId: p.id, reason: `Midtrans ${s.transaction_status} ${refunded} (${attempt.orderId})`.slice(0, 255) }, ctx);
		await db.update(payments).set({ flag: sql`COALESCE(${payments.flag}, ${flag})` }).where(eq(payments.id, reversal.voidPaymentId));
	}
	if (net > 0) {
		const invoice = await invoiceOf(db, attempt.invoiceId);
		await recordPayment(
			db,
			{
				customerId: invoice!.customerId,
				invoiceId: attempt.scope === 'all' || invoice!.status === 'void' ? null : attempt.invoiceId,
				amount: net,
				method: 'midtrans',
				receivedAt: ctx.now ?? new Date(),
				source: 'midtrans',
				externalId: netKey,
				collectedBy: null,
				note: `Midtrans ${attempt.orderId} after refund`,
				flag
			},
			ctx
		);
	}
	await setAttempt();
	return { outcome: 'refunded', detail: flag };
}

/**
 * Applies a confirmed status to the attempt. `status` null: Midtrans does not know the order yet.
 * The ledger context (billing rules from settings) is read only when money moves, since most
 * checks find an attempt still pending.
 */
export async function applyConfirmedStatus(
	db: Db,
	attempt: Attempt,
	s: MidtransStatus | null,
	ledger: () => Promise<LedgerContext>
): Promise<ApplyOutcome> {
	if (!s) return { outcome: 'not-found' };
	if (s.order_id !== attempt.orderId) return { outcome: 'order-mismatch', detail: String(s.order_id) };
	const status = s.transaction_status;
	if (isPaidStatus(s)) return applyPaid(db, attempt, s, await ledger());
	if (REFUNDS.includes(status)) return applyRefund(db, attempt, s, await ledger());
	const progress = { transactionId: s.transaction_id ?? null, paymentType: s.payment_type ?? null };
	if (status === 'pending' || status === 'capture' || status === 'authorize') {
		const [res] = await db
			.update(midtransTransactions)
			// A card capture under fraud review stays open (the checks keep asking) until Midtrans decides.
			.set({ status: 'pending', ...progress, ...(status === 'pending' ? {} : { flag: `fraud review: ${status} ${s.fraud_status ?? ''}`.trim().slice(0, 255) }) })
			.where(and(eq(midtransTransactions.id, attempt.id), inArray(midtransTransactions.status, OPEN)));
		return { outcome: res.affectedRows ? 'pending' : 'stale', detail: res.affectedRows ? undefined : `attempt is ${attempt.status}` };
	}
	if (CLOSING.includes(status)) {
		const [res] = await db
			.update(midtransTransactions)
			.set({ status, ...progress })
			.where(and(eq(midtransTransactions.id, attempt.id), inArray(midtransTransactions.status, OPEN)));
		return { outcome: res.affectedRows ? 'closed' : 'stale', detail: res.affectedRows ? status : `attempt is ${attempt.status}` };
	}
	return { outcome: 'ignored', detail: `status ${status}` };
}

export type CheckReason = 'notification' | 'scheduled' | 'pay-page';

/**
 * Asks the status API about one order and acts on the answer; every question and its outcome
 * lands in midtrans_status_checks for the office.
 */
export async function confirmOrder(
	db: Db,
	gateway: MidtransGateway,
	orderId: string,
	reason: CheckReason,
	opts: { timeZone: string; now?: Date }
): Promise<ApplyOutcome> {
	const [attempt] = await db.select().from(midtransTransactions).where(eq(midtransTransactions.orderId, orderId));
	if (!attempt) return { outcome: 'unknown-order' };
	const checkedAt = opts.now ?? new Date();
	await db.update(midtransTransactions).set({ lastCheckedAt: checkedAt }).where(eq(midtransTransactions.id, attempt.id));
	let status: MidtransStatus | null = null;
	let result: ApplyOutcome;
	try {
		status = await gateway.status(orderId);
		result = await applyConfirmedStatus(db, attempt, status, () => systemLedgerContext(db, opts.timeZone, opts.now));
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		await db.insert(midtransStatusChecks).values({ orderId, reason, transactionStatus: status?.transaction_status ?? null, outcome: 'error', detail: message.slice(0, 500), checkedAt });
		log.warn({ err, orderId, reason }, 'midtrans status check failed');
		throw err;
	}
	// Polls (the scheduled check, a payer waiting on "checking…") that learned nothing new leave
	// no row, or an unused Snap would write one every few minutes until it expires.
	const nothingNew = result.outcome === 'not-found' || result.outcome === 'stale' || (result.outcome === 'pending' && attempt.status === 'pending');
	if (reason !== 'notification' && nothingNew) return result;
	await db.insert(midtransStatusChecks).values({
		orderId,
		reason,
		transactionStatus: status?.transaction_status ?? null,
		outcome: result.outcome,
		detail: result.detail?.slice(0, 500) ?? null,
		checkedAt
	});
	return result;
}
