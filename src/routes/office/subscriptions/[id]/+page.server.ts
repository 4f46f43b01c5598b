import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { getConfig } from '$lib/server/config';
import { orNotFound } from '$lib/server/page-load';
import { localDateOf } from '$lib/shared/dates';

export const load = (async (event) => {
	const caller = callerFor(event);
	const { customer, subscription } = await orNotFound(caller.subscriptions.get({ id: event.params.id }));
	const [invoices, packages] = await Promise.all([
		caller.invoices.list({ subscriptionId: subscription.id, sort: 'periodStart', dir: 'desc', pageSize: 24 }),
		caller.packages.options()
	]);
	return { customer, subscription, invoices, packages, today: localDateOf(new Date(), getConfig().ISP_TIMEZONE) };
}) satisfies PageServerLoad;
