import type { PageServerLoad } from './$types';
import type { z } from 'zod';
import { callerFor } from '$lib/server/trpc/caller';
import { listOrFieldErrors, listParams } from '$lib/server/page-load';
import type { packageListInput } from '$lib/shared/schemas/catalogue';

export const load = (async (event) => {
	const params = listParams(event.url, []);
	const caller = callerFor(event);
	// The routers a package's profile can be sent to ("Kirim profil ke router" in the edit form).
	const [result, routers] = await Promise.all([
		listOrFieldErrors(caller.packages.list(params as z.input<typeof packageListInput>), event.locals.lang),
		caller.subscriptions.routerOptions()
	]);
	return { ...result, params, routers };
}) satisfies PageServerLoad;
