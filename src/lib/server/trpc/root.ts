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
import { routersRouter } from './routers/routers';
import { syncRouter } from './routers/sync';
import { handoversRouter } from './routers/handovers';
import { routerSyncRouter } from './routers/router-sync';
import { midtransRouter } from './routers/midtrans';
import { reportsRouter } from './routers/reports';
import { routerJobsRouter } from './routers/router-jobs';
import { settingsRouter } from './routers/settings';
import { remindersRouter } from './routers/reminders';
import { backupRouter } from './routers/backup';
import { whatsappRouter } from './routers/whatsapp';
import { apiKeysRouter } from './routers/api-keys';
import { webhooksRouter } from './routers/webhooks';

/** One router per file; this file only lists them. */
export const appRouter = createRouter({
	sync: syncRouter,
	handovers: handoversRouter,
	me: meRouter,
	overview: overviewRouter,
	staff: staffRouter,
	areas: areasRouter,
	packages: packagesRouter,
	customers: customersRouter,
	subscriptions: subscriptionsRouter,
	invoices: invoicesRouter,
	payments: paymentsRouter,
	billing: billingRouter,
	routers: routersRouter,
	routerSync: routerSyncRouter,
	midtrans: midtransRouter,
	reports: reportsRouter,
	routerJobs: routerJobsRouter,
	settings: settingsRouter,
	reminders: remindersRouter,
	backup: backupRouter,
	whatsapp: whatsappRouter,
	apiKeys: apiKeysRouter,
	webhooks: webhooksRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
