import type { PageServerLoad } from './$types';
import type { z } from 'zod';
import { callerFor } from '$lib/server/trpc/caller';
import { listOrFieldErrors, listParams } from '$lib/server/page-load';
import type { customerListInput } from '$lib/shared/schemas/catalogue';

export const load = (async (event) => {
	const caller = callerFor(event);
	// The procedure validates the query string; a bad value comes back as a field error.
	const params = listParams(event.url, ['areaId', 'status']);
	const [result, areas] = await Promise.all([
		listOrFieldErrors(caller.customers.list(params as z.input<typeof customerListInput>), event.locals.lang),
		caller.areas.options()
	]);
	return { ...result, areas, params };
}) satisfies PageServerLoad;
