/**
 * Cash collected in the field. The money exists, so it is recorded even when the invoice it was
 * meant for was paid online or voided meanwhile: the ledger then pays the customer's other open
 * invoices or keeps it as credit, and the payment is flagged for the office.
 *
 * A sync brings a route's worth of payments at once, so they are applied as one set
 * (recordPaymentsInTx): a refusal is decided before anything is written and leaves only its answer.
 *
 * Cash far above what the customer owes (the bound in settings, shared/cash-bound.ts) is recorded
 * as collected and flagged `cash-above-owed` for the office; the phone asked the technician first.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { recordPaymentsInTx, type RecordPaymentInput } from '../../billing/payments';
import type { cashPaymentOp } from '../../../shared/sync/operations';
import { rejectionOf, SyncRejection, type SyncErrorKey } from '../errors';
import { inScope, type Applier, type ApplyContext } from './context';
import { sqlList, type Rows } from '../../db/raw-sql';
import { readSetting } from '../../settings';
import { CASH_BOUND_KEY, cashBoundSchema } from '../../../shared/cash-bound';

export type CashPaymentOp = z.output<typeof cashPaymentOp>;
export type CashPaymentAnswer = { result: Record<string, unknown> } | { error: SyncErrorKey };


/** Each operation's answer, in order; the applied ones are written in the caller's transaction. */
export async function applyCashPayments(ops: CashPaymentOp[], ctx: ApplyContext): Promise<CashPaymentAnswer[]> {
	const customerIds = [...new Set(ops.map((op) => op.customerId))];
	const invoiceIds = [...new Set(ops.flatMap((op) => (op.invoiceId ? [op.invoiceId] : [])))];
	const [customerRows] = (await ctx.tx.execute(
		sql`SELECT id, area_id FROM customers WHERE id IN (${sqlList(customerIds)}) AND deleted_at IS NULL`
	)) as unknown as Rows<{ id: string; area_id: string }>;
	const areaOf = new Map(customerRows.map((c) => [c.id, c.area_id]));
	const cashBound = await readSetting(ctx.tx, CASH_BOUND_KEY, cashBoundSchema);
	const invoiceOf = new Map<string, { customer_id: string; status: string; number: string }>();
	if (invoiceIds.length) {
		const [rows] = (await ctx.tx.execute(
			sql`SELECT id, customer_id, status, number FROM invoices WHERE id IN (${sqlList(invoiceIds)}) AND deleted_at IS NULL`
		)) as unknown as Rows<{ id: string; customer_id: string; status: string; number: string }>;
		for (const r of rows) invoiceOf.set(r.id, r);
	}

	const answers: Array<CashPaymentAnswer | undefined> = [];
	const inputs: RecordPaymentInput[] = [];
	const inputIndex: number[] = [];
	ops.forEach((op, k) => {
		const area = areaOf.get(op.customerId);
		if (area === undefined) return void (answers[k] = { error: { key: 'sync.rejected.customerUnknown' } });
		if (!inScope(ctx, area)) return void (answers[k] = { error: { key: 'sync.rejected.outsideArea' } });
		let invoiceId = op.invoiceId;
		let flag: string | null = null;
		let flagWhenPointedPaid: string | undefined;
		if (op.invoiceId) {
			const invoice = invoiceOf.get(op.invoiceId);
			if (invoice?.customer_id !== op.customerId) return void (answers[k] = { error: { key: 'sync.rejected.invoiceUnknown' } });
			// Whether it is paid by the time this payment lands (maybe by an earlier one of this
			// sync) is the ledger's to say.
			flagWhenPointedPaid = `device-cash-invoice-paid:${invoice.number}`;
			if (invoice.status === 'void') {
				flag = `device-cash-invoice-void:${invoice.number}`;
				// The ledger refuses to point at a void invoice; the money pays what is still owed instead.
				invoiceId = null;
				flagWhenPointedPaid = undefined;
			}
		}
		inputIndex.push(k);
		inputs.push({
			id: op.paymentId,
			customerId: op.customerId,
			invoiceId,
			amount: op.amount,
			method: 'cash',
			receivedAt: new Date(op.receivedAt),
			source: 'device',
			externalId: op.paymentId,
			collectedBy: ctx.actor.userId,
			note: op.note ?? null,
			flag,
			flagWhenPointedPaid,
			cashBound
		});
	});

	const attempts = inputs.length ? await recordPaymentsInTx(ctx.tx, ctx.version, inputs, ctx.ledger) : [];
	attempts.forEach((attempt, j) => {
		const k = inputIndex[j];
		if (!attempt.ok) {
			const error = 'id' in attempt.error.fieldErrors ? { key: 'sync.rejected.idConflict' } : rejectionOf(attempt.error);
			return void (answers[k] = { error: error ?? { key: 'sync.rejected.invalid' } });
		}
		const outcome = attempt.outcome;
		// The same payment id under another operation's key, or an id another payment holds.
		if (outcome.paymentId !== ops[k].paymentId) return void (answers[k] = { error: { key: 'sync.rejected.idConflict' } });
		answers[k] = {
			result: {
				paymentId: outcome.paymentId,
				receiptNumber: outcome.receiptNumber,
				allocations: outcome.allocations,
				creditAdded: outcome.creditAdded,
				becameCredit: outcome.creditAdded > 0,
				flag: outcome.flag,
				restoredSubscriptionIds: outcome.restoredSubscriptionIds
			}
		};
	});
	return answers as CashPaymentAnswer[];
}

export const applyCashPayment: Applier<CashPaymentOp> = async (op, ctx) => {
	const [answer] = await applyCashPayments([op], ctx);
	if ('error' in answer) throw new SyncRejection(answer.error.key, answer.error.params);
	return answer.result;
};
