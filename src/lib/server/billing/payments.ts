/**
 * The payments ledger (append-only). Recording a payment allocates it to open invoices, oldest
 * first, puts any surplus on the customer's credit, moves paid-through dates, and lifts arrears
 * isolation with its restore job queued in the same transaction. A mistake is undone by a
 * voiding entry, never by editing. (source, external_id) is UNIQUE: a resent payment lands once.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index';
import { customers, invoices, paymentAllocations, payments } from '../db/schema';
import { nextVersion } from '../db/version';
import { allocateNumbers, formatDocumentNumber } from '../db/counters';
import { audit } from '../audit';
import { FieldValidationError } from '../trpc/trpc';
import { localDateOf, yearMonthOf } from '../../shared/dates';
import { MAX_AMOUNT } from '../../shared/money';
import type { BillingRules } from '../../shared/schemas/billing-rules';
import type { PaymentMethod, PaymentSource } from '../../shared/domain';
import type { Translator } from '../../shared/i18n/index';
import { liftArrearsIsolation, refreshInvoiceStatus, refreshPaidThrough } from './ledger';
import { isDuplicateKey } from '../db/errors';

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
}

export interface PaymentOutcome {
	paymentId: string;
	receiptNumber: string | null;
	/** True when this was a resend of a payment already recorded; nothing changed. */
	duplicate: boolean;
	allocations: Array<{ invoiceId: string; amount: number }>;
	creditAdded: number;
	restoredSubscriptionIds: string[];
}

type Rows<T> = [T[], unknown];


async function existingOutcome(db: Db | Tx, source: PaymentSource, externalId: string): Promise<PaymentOutcome | null> {
	const [p] = await db
		.select({ id: payments.id, receiptNumber: payments.receiptNumber })
		.from(payments)
		.where(and(eq(payments.source, source), eq(payments.externalId, externalId)))
		.limit(1);
	if (!p) return null;
	const allocations = await db
		.select({ invoiceId: paymentAllocations.invoiceId, amount: paymentAllocations.amount })
		.from(paymentAllocations)
		.where(eq(paymentAllocations.paymentId, p.id));
	return { paymentId: p.id, receiptNumber: p.receiptNumber, duplicate: true, allocations, creditAdded: 0, restoredSubscriptionIds: [] };
}

interface OpenInvoice {
	id: string;
	subscription_id: string;
	outstanding: number;
}

/** Open invoices in the order money pays them. */
async function openInvoicesInPayOrder(tx: Tx, customerId: string, pointedSubscriptionId: string | null): Promise<OpenInvoice[]> {
	const [rows] = (await tx.execute(sql`
		SELECT id, subscription_id, amount - amount_paid AS outstanding FROM invoices
		WHERE customer_id = ${customerId} AND status IN ('unpaid', 'partial') AND deleted_at IS NULL
		ORDER BY (subscription_id = ${pointedSubscriptionId ?? ''}) DESC, period_start, due_date, number
		FOR UPDATE`)) as unknown as Rows<OpenInvoice>;
	return rows.map((r) => ({ ...r, outstanding: Number(r.outstanding) }));
}

export async function recordPayment(db: Db, input: RecordPaymentInput, ctx: LedgerContext): Promise<PaymentOutcome> {
	if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > MAX_AMOUNT) {
		throw new FieldValidationError({ amount: [ctx.t('validation.amount')] });
	}
	const now = ctx.now ?? new Date();
	if (input.receivedAt.getTime() > now.getTime() + 5 * 60_000) {
		throw new FieldValidationError({ receivedAt: [ctx.t('validation.futureDate')] });
	}
	try {
		return await db.transaction(async (tx) => {
			const version = await nextVersion(tx);
			const [customer] = (await tx.execute(
				sql`SELECT id, credit_balance FROM customers WHERE id = ${input.customerId} AND deleted_at IS NULL FOR UPDATE`
			)) as unknown as Rows<{ id: string; credit_balance: number }>;
			if (!customer[0]) throw new FieldValidationError({ customerId: [ctx.t('validation.unknown')] });

			const resent = await existingOutcome(tx, input.source, input.externalId);
			if (resent) return resent;

			let pointedSubscription: string | null = null;
			if (input.invoiceId) {
				const [inv] = await tx
					.select({ customerId: invoices.customerId, subscriptionId: invoices.subscriptionId, status: invoices.status })
					.from(invoices)
					.where(eq(invoices.id, input.invoiceId));
				if (!inv || inv.customerId !== input.customerId) throw new FieldValidationError({ invoiceId: [ctx.t('validation.unknown')] });
				if (inv.status === 'void') throw new FieldValidationError({ invoiceId: [ctx.t('validation.invoiceVoid')] });
				pointedSubscription = inv.subscriptionId;
			}

			let left = input.amount;
			const allocations: Array<{ invoiceId: string; amount: number; subscriptionId: string }> = [];
			for (const inv of await openInvoicesInPayOrder(tx, input.customerId, pointedSubscription)) {
				if (left === 0) break;
				const take = Math.min(left, inv.outstanding);
				if (take <= 0) continue;
				allocations.push({ invoiceId: inv.id, amount: take, subscriptionId: inv.subscription_id });
				left -= take;
			}

			const ym = yearMonthOf(localDateOf(input.receivedAt, ctx.timeZone));
			const receiptNumber = formatDocumentNumber('RCP', ym, await allocateNumbers(tx, `RCP-${ym}`));
			const paymentId = input.id ?? randomUUID();
			await tx.insert(payments).values({
				id: paymentId,
				receiptNumber,
				customerId: input.customerId,
				invoiceId: input.invoiceId ?? null,
				amount: input.amount,
				method: input.method,
				collectedBy: input.collectedBy,
				receivedAt: input.receivedAt,
				source: input.source,
				externalId: input.externalId,
				note: input.note ?? null,
				flag: input.flag ?? null,
				version
			});
			if (allocations.length) {
				await tx.insert(paymentAllocations).values(allocations.map((a) => ({ paymentId, invoiceId: a.invoiceId, amount: a.amount })));
				for (const a of allocations) {
					await tx.execute(sql`UPDATE invoices SET amount_paid = amount_paid + ${a.amount} WHERE id = ${a.invoiceId}`);
				}
				await refreshInvoiceStatus(tx, allocations.map((a) => a.invoiceId), version);
			}
			if (left > 0) {
				await tx.execute(sql`UPDATE customers SET credit_balance = credit_balance + ${left}, version = ${version} WHERE id = ${input.customerId}`);
			}
			const touched = [...new Set(allocations.map((a) => a.subscriptionId))];
			await refreshPaidThrough(tx, touched, version);
			const restored = await liftArrearsIsolation(tx, touched, todayOf(ctx), ctx.rules, version, paymentId);

			await audit(tx, {
				userId: ctx.actorUserId,
				action: 'payment.record',
				entity: 'payment',
				entityId: paymentId,
				after: {
					customerId: input.customerId,
					receiptNumber,
					amount: input.amount,
					method: input.method,
					source: input.source,
					allocations,
					creditAdded: left,
					restored
				},
				ipAddress: ctx.ipAddress
			});
			return {
				paymentId,
				receiptNumber,
				duplicate: false,
				allocations: allocations.map(({ invoiceId, amount }) => ({ invoiceId, amount })),
				creditAdded: left,
				restoredSubscriptionIds: restored
			};
		});
	} catch (err) {
		// Two resends racing: the loser's insert hits the UNIQUE key; answer with the winner's payment.
		if (isDuplicateKey(err)) {
			const existing = await existingOutcome(db, input.source, input.externalId);
			if (existing) return existing;
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
		if (!original || original.voidsPaymentId || original.method === 'credit' || original.amount <= 0) {
			throw new FieldValidationError({ paymentId: [ctx.t('validation.unknown')] });
		}
		const [already] = await tx.select({ id: payments.id }).from(payments).where(eq(payments.voidsPaymentId, original.id));
		if (already) return { voidPaymentId: already.id, duplicate: true, creditShortfall: 0 };

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
