import type { z } from 'zod';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { listOrFieldErrors, listParams } from '$lib/server/page-load';
import { addDays } from '$lib/shared/dates';
import { REMINDER_DAYS, type dueRemindersInput } from '$lib/shared/schemas/settings-reminders';

const FILTERS = ['days', 'areaId'] as const;

export const load = (async (event) => {
	const caller = callerFor(event);
	const query = listParams(event.url, FILTERS);
	const [{ list, fieldErrors }, areas, progress] = await Promise.all([
		listOrFieldErrors(caller.reminders.due(query as z.input<typeof dueRemindersInput>), event.locals.lang),
		caller.areas.options(),
		caller.reminders.progress({ kind: 'due' })
	]);
	const days = query.days === undefined ? REMINDER_DAYS.default : Number(query.days);
	const dueOn = fieldErrors.days ? null : addDays(progress.today, days);
	return { list, fieldErrors, areas, query, days, dueOn, ...progress };
}) satisfies PageServerLoad;
