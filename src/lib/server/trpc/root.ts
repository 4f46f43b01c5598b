import { createCallerFactory, createRouter } from './trpc';
import { meRouter } from './routers/me';
import { staffRouter } from './routers/staff';
import { overviewRouter } from './routers/overview';
import { areasRouter } from './routers/areas';
import { packagesRouter } from './routers/packages';
import { customersRouter } from './routers/customers';
import { subscriptionsRouter } from './routers/subscriptions';
import { invoicesRouter } from './routers/invoices';
import { paymentsRouter } from './routers/payments';
import { billingRouter } from './routers/billing';

/** One router per file; this file only lists them. */
export const appRouter = createRouter({
	me: meRouter,
	overview: overviewRouter,
	staff: staffRouter,
	areas: areasRouter,
	packages: packagesRouter,
	customers: customersRouter,
	subscriptions: subscriptionsRouter,
	invoices: invoicesRouter,
	payments: paymentsRouter,
	billing: billingRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
