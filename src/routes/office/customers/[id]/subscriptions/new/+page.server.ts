import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { getConfig } from '$lib/server/config';
import { orNotFound } from '$lib/server/page-load';
import { localDateOf } from '$lib/shared/dates';

export const load = (async (event) => {
	const caller = callerFor(event);
	const [account, packages, routers] = await Promise.all([
		orNotFound(caller.customers.get({ id: event.params.id })),
		caller.packages.options(),
		caller.subscriptions.routerOptions()
	]);
	// The new subscription starts on the router the customer's area names (null: none, or a gone area).
	const area = account.customer.areaId ? await caller.areas.get({ id: account.customer.areaId }).catch(() => null) : null;
	return { customer: account.customer, packages, routers, areaRouterId: area?.routerId ?? null, today: localDateOf(new Date(), getConfig().ISP_TIMEZONE) };
}) satisfies PageServerLoad;
