import type { z } from 'zod';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import type { collectorReportInput } from '$lib/shared/schemas/reports';
import { loadReport } from '../report-load';

export const load = (async (event) => {
	const caller = callerFor(event);
	const [options, loaded] = await Promise.all([
		caller.reports.filterOptions(),
		loadReport(event, ['from', 'to', 'areaId', 'collectedBy'], (q) => caller.reports.collectors(q as z.input<typeof collectorReportInput>))
	]);
	return { options, ...loaded };
}) satisfies PageServerLoad;
