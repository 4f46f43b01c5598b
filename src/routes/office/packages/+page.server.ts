import type { PageServerLoad } from './$types';
import type { z } from 'zod';
import { callerFor } from '$lib/server/trpc/caller';
import { listOrFieldErrors, listParams } from '$lib/server/page-load';
import type { packageListInput } from '$lib/shared/schemas/catalogue';

export const load = (async (event) => {
	const params = listParams(event.url, []);
	const result = await listOrFieldErrors(callerFor(event).packages.list(params as z.input<typeof packageListInput>), event.locals.lang);
	return { ...result, params };
}) satisfies PageServerLoad;
