import { createRouter, officeProcedure } from '../trpc';
import { actorOf } from '../actor';
import { handoverConfirmInput, handoverListInput } from '../../../shared/schemas/handovers';
import { confirmHandover, listHandovers } from '../../sync/handovers';

/** Cash technicians hand to the office; the office confirms with the amount it counted. */
export const handoversRouter = createRouter({
	list: officeProcedure.input(handoverListInput).query(({ ctx, input }) => listHandovers(ctx.db, input, ctx.config.ISP_TIMEZONE)),
	confirm: officeProcedure.input(handoverConfirmInput).mutation(({ ctx, input }) => confirmHandover(ctx.db, input, actorOf(ctx)))
});
