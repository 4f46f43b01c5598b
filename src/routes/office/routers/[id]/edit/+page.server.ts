import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';

export const load = (async (event) => {
	if (event.locals.user?.role !== 'admin') error(403, 'Forbidden');
	return { router: await orNotFound(callerFor(event).routers.get({ id: event.params.id })) };
}) satisfies PageServerLoad;
