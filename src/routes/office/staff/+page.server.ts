import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';

/** Admin only: the procedures refuse anyone else, which orNotFound shows as the 403 page. */
export const load = (async (event) => {
	const caller = callerFor(event);
	const [staff, areaOptions] = await orNotFound(Promise.all([caller.staff.list(), caller.staff.areaOptions()]));
	return { staff, areaOptions };
}) satisfies PageServerLoad;
