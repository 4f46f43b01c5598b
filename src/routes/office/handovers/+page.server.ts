import type { z } from 'zod';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { listOrFieldErrors, listParams } from '$lib/server/page-load';
import type { handoverListInput } from '$lib/shared/schemas/handovers';

export const load = (async (event) => {
	const caller = callerFor(event);
	const query = listParams(event.url, ['status', 'technicianId', 'from', 'to']);
	// The procedure validates the query string; a bad value comes back as that filter's error.
	const [{ list, fieldErrors }, options, balances] = await Promise.all([
		listOrFieldErrors(caller.handovers.list(query as z.input<typeof handoverListInput>), event.locals.lang),
		caller.reports.filterOptions(),
		caller.handovers.balances()
	]);
	// Whoever may sync a phone can hand cash over: technicians, and admins in the field.
	const technicians = options.staff.filter((s) => s.role === 'technician' || s.role === 'admin');
	return { list, fieldErrors, query, technicians, balances };
}) satisfies PageServerLoad;
