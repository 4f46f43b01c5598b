import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';

export const load = (async (event) => {
	// `?reviewed=1` also lists the refused operations someone already dealt with (a bookmarkable toggle).
	const includeReviewed = event.url.searchParams.get('reviewed') === '1';
	const review = await callerFor(event).sync.rejected({ includeReviewed });
	return { review, includeReviewed };
}) satisfies PageServerLoad;
