import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';

export const load = (async (event) => ({ routers: await callerFor(event).routers.list() })) satisfies PageServerLoad;
