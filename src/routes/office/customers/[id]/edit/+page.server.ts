import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';

export const load = (async (event) => {
	const caller = callerFor(event);
	const [detail, areas] = await Promise.all([orNotFound(caller.customers.get({ id: event.params.id })), caller.areas.options()]);
	return { customer: detail.customer, areas };
}) satisfies PageServerLoad;
