import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';

/** `?hotspot=1` / `?hotspot=0` overrides whether the hotspot parts are included. */
export const load = (async (event) => {
	const flag = event.url.searchParams.get('hotspot');
	const hotspot = flag === '1' ? true : flag === '0' ? false : undefined;
	return { isolir: await orNotFound(callerFor(event).routerSync.isolirScript({ routerId: event.params.id, hotspot })) };
}) satisfies PageServerLoad;
