import { asc, isNull } from 'drizzle-orm';
import { createRouter, officeProcedure, staffProcedure } from '../trpc';
import { actorOf } from '../actor';
import { idInput } from '../../../shared/schemas/catalogue';
import { getSubscription } from '../../billing/queries';
import { ledgerContextOf } from '../ledger-context';
import { routers } from '../../db/schema';
import { assignRouterInput, changePackageInput, isolateInput, kickInput, restoreInput, setStaticIpInput, subscriptionCreateInput, terminateInput } from '../../../shared/schemas/billing';
import { assignRouter, changePackage, createSubscription, isolateByHand, kickSubscription, restoreByHand, setStaticIp, terminate } from '../../billing/subscriptions';
import { subscriptionsWaitingForRouter } from '../../billing/waiting-for-router';

/** How many waiting subscriptions the routers page lists (the total is always counted). */
const WAITING_SHOWN = 50;

export const subscriptionsRouter = createRouter({
	/** Technicians read too, limited to their areas. */
	get: staffProcedure.input(idInput).query(({ ctx, input }) => getSubscription(ctx.db, input.id, actorOf(ctx))),
	create: officeProcedure.input(subscriptionCreateInput).mutation(async ({ ctx, input }) => createSubscription(ctx.db, input, await ledgerContextOf(ctx))),
	changePackage: officeProcedure.input(changePackageInput).mutation(async ({ ctx, input }) => changePackage(ctx.db, input, await ledgerContextOf(ctx))),
	setStaticIp: officeProcedure.input(setStaticIpInput).mutation(async ({ ctx, input }) => setStaticIp(ctx.db, input, await ledgerContextOf(ctx))),
	isolate: officeProcedure.input(isolateInput).mutation(async ({ ctx, input }) => isolateByHand(ctx.db, input, await ledgerContextOf(ctx))),
	restore: officeProcedure.input(restoreInput).mutation(async ({ ctx, input }) => restoreByHand(ctx.db, input, await ledgerContextOf(ctx))),
	terminate: officeProcedure.input(terminateInput).mutation(async ({ ctx, input }) => terminate(ctx.db, input, await ledgerContextOf(ctx))),
	/** "Putuskan sesi": a kick job; the same requestId queues it once. */
	kick: officeProcedure.input(kickInput).mutation(async ({ ctx, input }) => kickSubscription(ctx.db, input, await ledgerContextOf(ctx))),
	assignRouter: officeProcedure.input(assignRouterInput).mutation(async ({ ctx, input }) => assignRouter(ctx.db, input, await ledgerContextOf(ctx))),
	/** Live subscriptions no router serves yet: nothing provisions them until the office picks one. */
	waitingForRouter: officeProcedure.query(({ ctx }) => subscriptionsWaitingForRouter(ctx.db, WAITING_SHOWN)),
	/** Routers to pick from when adding a subscription (never their credentials). */
	routerOptions: officeProcedure.query(({ ctx }) =>
		ctx.db
			.select({ id: routers.id, name: routers.name, status: routers.status })
			.from(routers)
			.where(isNull(routers.deletedAt))
			.orderBy(asc(routers.name))
	)
});
