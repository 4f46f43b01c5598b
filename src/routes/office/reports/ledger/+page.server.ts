import type { z } from 'zod';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { listParams, fieldErrorsOf } from '$lib/server/page-load';
import type { ledgerListInput } from '$lib/shared/schemas/reports';
import type { FieldErrors } from '$lib/shared/validation';

const FILTERS = ['from', 'to', 'areaId', 'collectedBy', 'method'] as const;

export const load = (async (event) => {
	const caller = callerFor(event);
	const query = listParams(event.url, FILTERS);
	const options = await caller.reports.filterOptions();
	try {
		const list = await caller.reports.ledger(query as z.input<typeof ledgerListInput>);
		return { options, list, fieldErrors: {} as FieldErrors, query };
	} catch (err) {
		const fieldErrors = fieldErrorsOf(err, event.locals.lang);
		if (!fieldErrors) throw err;
		return { options, list: null, fieldErrors, query };
	}
}) satisfies PageServerLoad;
