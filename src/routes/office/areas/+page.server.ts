import type { PageServerLoad } from './$types';
import type { z } from 'zod';
import { callerFor } from '$lib/server/trpc/caller';
import { listOrFieldErrors, listParams } from '$lib/server/page-load';
import type { areaListInput } from '$lib/shared/schemas/catalogue';

export const load = (async (event) => {
	const params = listParams(event.url, []);
	const caller = callerFor(event);
	const [result, routers] = await Promise.all([
		listOrFieldErrors(caller.areas.list(params as z.input<typeof areaListInput>), event.locals.lang),
		caller.subscriptions.routerOptions()
	]);
	return { ...result, params, routers };
}) satisfies PageServerLoad;
