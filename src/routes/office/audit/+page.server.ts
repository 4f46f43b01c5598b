import type { z } from 'zod';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { listOrFieldErrors, listParams, orNotFound } from '$lib/server/page-load';
import type { auditListInput } from '$lib/shared/schemas/reports';

export const load = (async (event) => {
	const caller = callerFor(event);
	const query = listParams(event.url, ['userId', 'entity', 'entityId', 'action', 'from', 'to']);
	// Admin only: the procedure refuses anyone else, which shows as the 403 page.
	const entities = await orNotFound(caller.reports.auditEntities());
	const [{ list, fieldErrors }, staff] = await Promise.all([
		listOrFieldErrors(caller.reports.audit(query as z.input<typeof auditListInput>), event.locals.lang),
		caller.reports.filterOptions().then((o) => o.staff)
	]);
	// Names for the ids on this page (none when the filter was refused and the page is empty).
	const names = (list as Partial<{ names: Record<string, string> }>).names ?? {};
	return { list, names, fieldErrors, query, entities, staff };
}) satisfies PageServerLoad;
