import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';

export const load = (async (event) => {
	const caller = callerFor(event);
	const [dashboard, backup] = await Promise.all([caller.reports.dashboard(), caller.backup.status()]);
	return { dashboard, backup };
}) satisfies PageServerLoad;
