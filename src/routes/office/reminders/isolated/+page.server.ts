import type { z } from 'zod';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { listOrFieldErrors, listParams } from '$lib/server/page-load';
import type { isolatedRemindersInput } from '$lib/shared/schemas/settings-reminders';

const FILTERS = ['areaId'] as const;

export const load = (async (event) => {
	const caller = callerFor(event);
	const query = listParams(event.url, FILTERS);
	const [{ list, fieldErrors }, areas, progress] = await Promise.all([
		listOrFieldErrors(caller.reminders.isolated(query as z.input<typeof isolatedRemindersInput>), event.locals.lang),
		caller.areas.options(),
		caller.reminders.progress({ kind: 'isolated' })
	]);
	return { list, fieldErrors, areas, query, ...progress };
}) satisfies PageServerLoad;
