import { TRPCError } from '@trpc/server';
import { createRouter, officeProcedure } from '../trpc';
import { invoiceMidtransInput } from '../../../shared/schemas/midtrans';
import { midtransTrail } from '../../midtrans/trail';
import { payLinkFor } from '../../midtrans/pay-link';

/** The office's side of online payments: what happened, and the link to send the customer. */
export const midtransRouter = createRouter({
	trail: officeProcedure.input(invoiceMidtransInput).query(({ ctx, input }) => midtransTrail(ctx.db, input.invoiceId)),
	payLink: officeProcedure.input(invoiceMidtransInput).query(async ({ ctx, input }) => {
		const link = await payLinkFor(ctx.db, input.invoiceId, ctx.config.PUBLIC_BASE_URL);
		if (!link) throw new TRPCError({ code: 'NOT_FOUND', message: ctx.t('billing.notFound') });
		return link;
	})
});
