import type { z } from 'zod';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { getConfig } from '$lib/server/config';
import { listOrFieldErrors, listParams } from '$lib/server/page-load';
import { localDateOf } from '$lib/shared/dates';
import type { invoiceListInput } from '$lib/shared/schemas/billing';

const FILTERS = ['status', 'areaId', 'period', 'due'] as const;

export const load = (async (event) => {
	const caller = callerFor(event);
	const query = listParams(event.url, FILTERS);
	const [{ list, fieldErrors }, areas] = await Promise.all([
		// The procedure validates the query string; a bad value comes back as that filter's error.
		listOrFieldErrors(caller.invoices.list(query as z.input<typeof invoiceListInput>), event.locals.lang),
		caller.areas.options()
	]);
	return { list, fieldErrors, areas, query, today: localDateOf(new Date(), getConfig().ISP_TIMEZONE) };
}) satisfies PageServerLoad;
