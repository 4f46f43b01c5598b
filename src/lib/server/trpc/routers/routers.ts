import { adminProcedure, createRouter, officeProcedure } from '../trpc';
import { actorOf } from '../actor';
import {
	routerCreateInput,
	routerIdInput,
	routerJobInput,
	routerProbeInput,
	routerTrafficInput,
	routerUpdateInput
} from '../../../shared/schemas/routers';
import {
	createRouter as createRouterRow,
	deleteRouter,
	enqueueProbe,
	getRouter,
	listRouters,
	probeStatus,
	routerDetail,
	updateRouter,
	watchTraffic
} from '../../routers/routers.service';
import { dropRouterConnection } from '../../routers/connections';

/** Admin manages routers; the office reads them and may test a connection (a read). */
export const routersRouter = createRouter({
	list: officeProcedure.query(({ ctx }) => listRouters(ctx.db)),
	get: officeProcedure.input(routerIdInput).query(({ ctx, input }) => getRouter(ctx.db, input.id, actorOf(ctx))),
	detail: officeProcedure.input(routerIdInput).query(({ ctx, input }) => routerDetail(ctx.db, input.id, actorOf(ctx))),
	create: adminProcedure
		.input(routerCreateInput)
		.mutation(({ ctx, input }) => createRouterRow(ctx.db, input, ctx.config.SECRETS_KEY, actorOf(ctx))),
	update: adminProcedure.input(routerUpdateInput).mutation(async ({ ctx, input }) => {
		const { reconnect } = await updateRouter(ctx.db, input, ctx.config.SECRETS_KEY, actorOf(ctx));
		if (reconnect) dropRouterConnection(input.id);
	}),
	delete: adminProcedure.input(routerIdInput).mutation(async ({ ctx, input }) => {
		await deleteRouter(ctx.db, input.id, actorOf(ctx));
		dropRouterConnection(input.id);
	}),
	/** "Test connection": enqueues a probe job and answers with its id at once. */
	probe: officeProcedure.input(routerProbeInput).mutation(({ ctx, input }) => enqueueProbe(ctx.db, input.id, input.requestId, actorOf(ctx))),
	probeStatus: officeProcedure.input(routerJobInput).query(({ ctx, input }) => probeStatus(ctx.db, input.id, input.jobId, actorOf(ctx))),
	/** The live-traffic chart's poll; keeps the monitor sampling while the page is open. */
	traffic: officeProcedure.input(routerTrafficInput).query(({ ctx, input }) => watchTraffic(ctx.db, input.id, input.interface, actorOf(ctx)))
});
