import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { readIspProfile } from '$lib/server/settings/profile';
import { fieldErrorsOf } from '$lib/server/page-load';
import type { FieldErrors } from '$lib/shared/validation';
import { localDateOf } from '$lib/shared/dates';

export const load = (async (event) => {
	const caller = callerFor(event);
	const today = localDateOf(new Date(), getConfig().ISP_TIMEZONE);
	const params = event.url.searchParams;
	// This month's bills unless asked otherwise; `semua` includes those already paid.
	const query = {
		period: params.get('period')?.trim() || today.slice(0, 7),
		areaId: params.get('areaId')?.trim() || undefined,
		onlyOpen: params.get('all') !== '1'
	};
	const [areas, isp] = await Promise.all([caller.areas.options(), readIspProfile(getDb())]);
	try {
		return { query, areas, isp, today, batch: await caller.invoices.printBatch(query), fieldErrors: {} as FieldErrors };
	} catch (err) {
		const fieldErrors = fieldErrorsOf(err, event.locals.lang);
		if (!fieldErrors) throw err;
		return { query, areas, isp, today, batch: { truncated: false, invoices: [] }, fieldErrors };
	}
}) satisfies PageServerLoad;
