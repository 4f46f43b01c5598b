import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';

export const load = (async (event) => ({ areas: await callerFor(event).areas.options() })) satisfies PageServerLoad;
