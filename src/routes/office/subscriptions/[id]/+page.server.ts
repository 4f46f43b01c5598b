import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { getConfig } from '$lib/server/config';
import { orNotFound } from '$lib/server/page-load';
import { localDateOf } from '$lib/shared/dates';

/** The latest router jobs the page shows; older ones are on the router jobs page. */
const JOBS_SHOWN = 10;

export const load = (async (event) => {
	// The page re-runs this load while a router job of the subscription is queued or running.
	event.depends('subscription:router-jobs');
	const caller = callerFor(event);
	const { customer, subscription } = await orNotFound(caller.subscriptions.get({ id: event.params.id }));
	const [invoices, packages, jobs, routers] = await Promise.all([
		caller.invoices.list({ subscriptionId: subscription.id, sort: 'periodStart', dir: 'desc', pageSize: 24 }),
		caller.packages.options(),
		caller.routerJobs.list({ subscriptionId: subscription.id, sort: 'id', dir: 'desc', pageSize: JOBS_SHOWN }),
		subscription.routerId ? [] : caller.subscriptions.routerOptions()
	]);
	return { customer, subscription, invoices, packages, jobs, routers, today: localDateOf(new Date(), getConfig().ISP_TIMEZONE) };
}) satisfies PageServerLoad;
