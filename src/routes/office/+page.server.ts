import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';

export const load = (async (event) => ({ overview: await callerFor(event).overview.office() })) satisfies PageServerLoad;
