import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';

export const load = (async (event) => ({ dashboard: await callerFor(event).reports.dashboard() })) satisfies PageServerLoad;
