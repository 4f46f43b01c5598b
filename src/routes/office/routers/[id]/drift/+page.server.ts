import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';

/** What the last reconcile found; the page never asks the router itself. */
export const load = (async (event) => {
	event.depends('router:drift');
	const caller = callerFor(event);
	const [drift, schedule] = await Promise.all([orNotFound(caller.routerSync.drift({ routerId: event.params.id })), caller.routerSync.schedule()]);
	return { drift, schedule };
}) satisfies PageServerLoad;
