import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { readSetting } from '$lib/server/settings';
import { orNotFound } from '$lib/server/page-load';
import { localDateOf } from '$lib/shared/dates';
import { ISP_PROFILE_KEY, ispProfileSchema } from '$lib/shared/schemas/isp-profile';

export const load = (async (event) => {
	const caller = callerFor(event);
	const [detail, isp] = await Promise.all([
		orNotFound(caller.invoices.get({ id: event.params.id })),
		readSetting(getDb(), ISP_PROFILE_KEY, ispProfileSchema)
	]);
	const [midtransTrail, payLink] = await Promise.all([
		caller.midtrans.trail({ invoiceId: detail.invoice.id }),
		caller.midtrans.payLink({ invoiceId: detail.invoice.id })
	]);
	return { ...detail, isp, midtransTrail, payLink, today: localDateOf(new Date(), getConfig().ISP_TIMEZONE) };
}) satisfies PageServerLoad;
