import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { readSetting } from '$lib/server/settings';
import { orNotFound } from '$lib/server/page-load';
import { localDateOf } from '$lib/shared/dates';
import { ISP_PROFILE_KEY, ispProfileSchema } from '$lib/shared/schemas/isp-profile';

export const load = (async (event) => {
	const [detail, isp] = await Promise.all([
		orNotFound(callerFor(event).invoices.get({ id: event.params.id })),
		readSetting(getDb(), ISP_PROFILE_KEY, ispProfileSchema)
	]);
	return { ...detail, isp, today: localDateOf(new Date(), getConfig().ISP_TIMEZONE) };
}) satisfies PageServerLoad;
