import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';

export const load = (async (event) => {
	const caller = callerFor(event);
	const [routers, waiting] = await Promise.all([caller.routers.list(), caller.subscriptions.waitingForRouter()]);
	return { routers, waiting };
}) satisfies PageServerLoad;
