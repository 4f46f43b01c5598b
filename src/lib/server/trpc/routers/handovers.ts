import { adminProcedure, createRouter, officeProcedure } from '../trpc';
import { actorOf } from '../actor';
import { handoverConfirmInput, handoverListInput, writeOffInput } from '../../../shared/schemas/handovers';
import { confirmHandover, listHandovers, outstandingCollectors, writeOffShortfall } from '../../sync/handovers';

/** Cash technicians hand to the office; the office confirms with the amount it counted. */
export const handoversRouter = createRouter({
	list: officeProcedure.input(handoverListInput).query(({ ctx, input }) => listHandovers(ctx.db, input, ctx.config.ISP_TIMEZONE)),
	confirm: officeProcedure.input(handoverConfirmInput).mutation(({ ctx, input }) => confirmHandover(ctx.db, input, actorOf(ctx))),
	/** What each collector still owes (running balance), for the page's summary. */
	balances: officeProcedure.query(({ ctx }) => outstandingCollectors(ctx.db)),
	/** Only an admin writes a shortfall off, with the reason. */
	writeOff: adminProcedure.input(writeOffInput).mutation(({ ctx, input }) => writeOffShortfall(ctx.db, input, actorOf(ctx)))
});
