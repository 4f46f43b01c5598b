import { adminProcedure, createRouter, officeProcedure, staffProcedure } from '../trpc';
import { actorOf } from '../actor';
import { ledgerContextOf } from '../ledger-context';
import { idInput } from '../../../shared/schemas/catalogue';
import { paymentListInput, recordPaymentInput, refundPaymentInput, reviewFlagInput, voidPaymentInput } from '../../../shared/schemas/billing';
import { getReceipt, listPayments } from '../../billing/queries';
import { recordPayment, voidPayment } from '../../billing/payments';
import { reviewPaymentFlag } from '../../billing/flag-review';
import { refundPayment } from '../../billing/refunds';
import { readSetting } from '../../settings';
import { CASH_BOUND_KEY, cashBoundSchema } from '../../../shared/cash-bound';

const readers = staffProcedure;

export const paymentsRouter = createRouter({
	list: readers.input(paymentListInput).query(({ ctx, input }) => listPayments(ctx.db, input, actorOf(ctx), ctx.config.ISP_TIMEZONE)),
	receipt: readers.input(idInput).query(({ ctx, input }) => getReceipt(ctx.db, input.id, actorOf(ctx))),
	/** At the counter: the form's idempotency key makes a double submit one payment. */
	record: officeProcedure.input(recordPaymentInput).mutation(async ({ ctx, input }) =>
		recordPayment(
			ctx.db,
			{
				id: input.idempotencyKey,
				customerId: input.customerId,
				invoiceId: input.invoiceId ?? null,
				amount: input.amount,
				method: input.method,
				receivedAt: input.receivedAt ?? new Date(),
				source: 'office',
				externalId: input.idempotencyKey,
				collectedBy: ctx.user.id,
				note: input.note ?? null,
				// The same bound as the phone's: beyond it the form must confirm, and the payment is flagged.
				cashBound: await readSetting(ctx.db, CASH_BOUND_KEY, cashBoundSchema),
				farAboveConfirmed: input.confirmFarAbove ?? false
			},
			await ledgerContextOf(ctx)
		)
	),
	void: adminProcedure.input(voidPaymentInput).mutation(async ({ ctx, input }) => voidPayment(ctx.db, input, await ledgerContextOf(ctx))),
	/** Pays back (part of) the credit a payment left, e.g. one paid twice; the form's refund id makes a resend one refund. */
	refund: officeProcedure.input(refundPaymentInput).mutation(async ({ ctx, input }) => refundPayment(ctx.db, input, await ledgerContextOf(ctx))),
	/** The office looked at a flagged payment; a second mark answers the first. */
	reviewFlag: officeProcedure.input(reviewFlagInput).mutation(({ ctx, input }) => reviewPaymentFlag(ctx.db, input, actorOf(ctx)))
});
