import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';

export const load = (async (event) => {
	const raw = event.url.searchParams.get('status');
	const status = raw === 'pending' || raw === 'confirmed' ? raw : undefined;
	const handovers = await callerFor(event).handovers.list({ status });
	return { handovers, status: status ?? null };
}) satisfies PageServerLoad;
