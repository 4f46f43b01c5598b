import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';
import { getConfig } from '$lib/server/config';
import { localDateOf } from '$lib/shared/dates';

export const load = (async (event) => ({
	form: await orNotFound(callerFor(event).routerSync.importForm({ routerId: event.params.id })),
	today: localDateOf(new Date(), getConfig().ISP_TIMEZONE)
})) satisfies PageServerLoad;
