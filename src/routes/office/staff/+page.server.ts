import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';

export const load = (async (event) => {
	const caller = callerFor(event);
	const [staff, areaOptions] = await Promise.all([caller.staff.list(), caller.staff.areaOptions()]);
	return { staff, areaOptions };
}) satisfies PageServerLoad;
