import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';

export const load = (async (event) => {
	const review = await callerFor(event).sync.rejected({});
	return { review };
}) satisfies PageServerLoad;
