import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';

export const load = (async (event) => ({
	detail: await orNotFound(callerFor(event).customers.get({ id: event.params.id }))
})) satisfies PageServerLoad;
