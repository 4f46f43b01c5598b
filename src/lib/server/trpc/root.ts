import { createCallerFactory, createRouter } from './trpc';
import { meRouter } from './routers/me';
import { staffRouter } from './routers/staff';
import { overviewRouter } from './routers/overview';

/** One router per file; this file only lists them. */
export const appRouter = createRouter({
	me: meRouter,
	overview: overviewRouter,
	staff: staffRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
