import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';

export const load = (async (event) => {
	// The page re-runs only this load while a run is in progress (invalidate('billing:runs')).
	event.depends('billing:runs');
	const caller = callerFor(event);
	const [rules, runs] = await Promise.all([caller.billing.rules(), caller.billing.runs()]);
	return { rules, runs };
}) satisfies PageServerLoad;
