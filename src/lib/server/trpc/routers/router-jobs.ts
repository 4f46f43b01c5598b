import { createRouter, officeProcedure } from '../trpc';
import { routerJobIdInput, routerJobListInput } from '../../../shared/schemas/router-jobs';
import { getRouterJob, listRouterJobs, retryRouterJob, routerJobRouters } from '../../router-jobs/queries';

/** Router jobs for the office: watch them and send a dead one round again. */
export const routerJobsRouter = createRouter({
	list: officeProcedure.input(routerJobListInput).query(({ ctx, input }) => listRouterJobs(ctx.db, input)),
	get: officeProcedure.input(routerJobIdInput).query(({ ctx, input }) => getRouterJob(ctx.db, input.id, ctx.t)),
	routers: officeProcedure.query(({ ctx }) => routerJobRouters(ctx.db)),
	retry: officeProcedure
		.input(routerJobIdInput)
		.mutation(({ ctx, input }) => retryRouterJob(ctx.db, input.id, { t: ctx.t, actorUserId: ctx.user.id, ipAddress: ctx.ipAddress }))
});
