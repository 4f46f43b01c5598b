import type { z } from 'zod';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { listOrFieldErrors } from '$lib/server/page-load';
import type { routerJobListInput } from '$lib/shared/schemas/router-jobs';

export const load = (async (event) => {
	// The page re-runs only this load while jobs are in progress (invalidate('router-jobs:list')).
	event.depends('router-jobs:list');
	const params = event.url.searchParams;
	const query: Record<string, string> = {};
	// `router` is what links from a router's page use.
	const routerId = params.get('router') ?? params.get('routerId');
	if (routerId) query.routerId = routerId;
	for (const key of ['status', 'subscriptionId', 'cursor'] as const) {
		const value = params.get(key)?.trim();
		if (value) query[key] = value;
	}
	const caller = callerFor(event);
	const [{ list, fieldErrors }, routers] = await Promise.all([
		listOrFieldErrors(caller.routerJobs.list(query as z.input<typeof routerJobListInput>), event.locals.lang),
		caller.routerJobs.routers()
	]);
	const counts = 'counts' in list ? (list.counts as Record<string, number>) : { queued: 0, running: 0, done: 0, dead: 0 };
	return { list, counts, fieldErrors, query, routers };
}) satisfies PageServerLoad;
