import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';

/** Only stored readings: the page never waits on the router itself. */
export const load = (async (event) => ({
	detail: await orNotFound(callerFor(event).routers.detail({ id: event.params.id }))
})) satisfies PageServerLoad;
