/**
 * Paying back money a customer paid twice (issue #13, item 1). The office settles a payment
 * flagged `likely-duplicate` either as credit (it marks the flag checked) or as a refund: a
 * negative ledger entry pointing at the payment (`refunds_payment_id`), with its reason and how
 * the money went back (`method`: cash or transfer), taken from the customer's credit.
 *
 * Never more than that payment left as credit, less what was refunded of it already, and never
 * more than the customer's credit now (credit already spent on invoices cannot be paid back
 * twice). The refund id comes from the form: a resend answers the first refund; the same id
 * with another content is a conflict. The payment's row is locked, so two refunds of one payment
 * run one after the other and the second sees the first.
 */
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/index';
import { sqlList } from '../db/raw-sql';
import { customers, payments } from '../db/schema';
import { nextVersion } from '../db/version';
import { audit } from '../audit';
import { conflict, invalidField } from '../errors';
import { formatRupiah } from '../../shared/money';
import type { refundPaymentInput } from '../../shared/schemas/billing';
import type { LedgerContext } from './payments';

export interface RefundOutcome {
	refundId: string;
	/** What of the payment's credit can still be refunded after this one. */
	refundable: number;
	duplicate: boolean;
}

export async function refundPayment(db: Db, input: z.output<typeof refundPaymentInput>, ctx: LedgerContext): Promise<RefundOutcome> {
	const now = ctx.now ?? new Date();
	return db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const [original] = await tx.select().from(payments).where(eq(payments.id, input.paymentId)).for('update');
		if (!original || original.amount <= 0 || original.method === 'credit' || original.voidsPaymentId || original.refundsPaymentId) {
			throw invalidField('paymentId', 'validation.unknown');
		}
		const [existing] = await tx.select().from(payments).where(eq(payments.id, input.refundId));
		if (existing) {
			const same = existing.refundsPaymentId === input.paymentId && existing.amount === -input.amount && existing.method === input.method;
			if (!same) throw conflict('payments.refund.taken');
			return { refundId: existing.id, refundable: (await refundableOf(tx, [original.id])).get(original.id) ?? 0, duplicate: true };
		}
		const [voided] = await tx.select({ id: payments.id }).from(payments).where(eq(payments.voidsPaymentId, original.id));
		if (voided) throw conflict('payments.refund.voided');
		// The customer's row is locked too: a payment recorded meanwhile cannot spend the credit being refunded.
		await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, original.customerId)).for('update');
		const refundable = (await refundableOf(tx, [original.id])).get(original.id) ?? 0;
		if (input.amount > refundable) throw invalidField('amount', 'payments.refund.tooMuch', { max: formatRupiah(refundable) });

		await tx.insert(payments).values({
			id: input.refundId,
			receiptNumber: null,
			customerId: original.customerId,
			invoiceId: null,
			amount: -input.amount,
			method: input.method,
			collectedBy: ctx.actorUserId,
			receivedAt: now,
			source: 'office',
			externalId: `refund:${input.refundId}`,
			refundsPaymentId: original.id,
			refundReason: input.reason,
			version
		});
		await tx.update(customers).set({ creditBalance: sql`${customers.creditBalance} - ${input.amount}`, version }).where(eq(customers.id, original.customerId));
		// The refund settles the office's look at the payment: it leaves "Perlu dicek", its flag stays.
		await tx
			.update(payments)
			.set({ flagReviewedAt: now, flagReviewedBy: ctx.actorUserId, flagReviewNote: input.reason })
			.where(and(eq(payments.id, original.id), isNotNull(payments.flag), isNull(payments.flagReviewedAt)));
		// The original's version moves so the phones' pull sends it again, with what was refunded.
		await tx.update(payments).set({ version }).where(eq(payments.id, original.id));
		await audit(tx, {
			userId: ctx.actorUserId,
			action: 'payment.refund',
			entity: 'payment',
			entityId: original.id,
			before: { amount: original.amount, receiptNumber: original.receiptNumber, flag: original.flag, refundable },
			after: { refundId: input.refundId, refunded: input.amount, method: input.method, reason: input.reason, refundable: refundable - input.amount },
			ipAddress: ctx.ipAddress
		});
		return { refundId: input.refundId, refundable: refundable - input.amount, duplicate: false };
	});
}

/**
 * What of each payment can still be paid back: the credit it left (its amount less what it paid
 * on invoices), less its refunds so far, and at most the customer's credit now. The one place of
 * that rule: the refund checks it, the payments page offers it.
 */
export async function refundableOf(tx: DbOrTx, paymentIds: string[]): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	if (paymentIds.length === 0) return out;
	const [rows] = (await tx.execute(sql`
		SELECT p.id, p.amount
			- COALESCE((SELECT SUM(a.amount) FROM payment_allocations a WHERE a.payment_id = p.id), 0)
			- COALESCE((SELECT SUM(-r.amount) FROM payments r WHERE r.refunds_payment_id = p.id), 0) AS left_over,
			c.credit_balance
		FROM payments p JOIN customers c ON c.id = p.customer_id
		WHERE p.id IN (${sqlList(paymentIds)}) AND p.amount > 0 AND p.method <> 'credit' AND p.voids_payment_id IS NULL AND p.refunds_payment_id IS NULL
			AND NOT EXISTS (SELECT 1 FROM payments v WHERE v.voids_payment_id = p.id)`)) as unknown as [Array<{ id: string; left_over: string | number; credit_balance: string | number }>, unknown];
	for (const r of rows) out.set(r.id, Math.max(0, Math.min(Number(r.left_over), Number(r.credit_balance))));
	return out;
}
