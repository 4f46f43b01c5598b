import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { readIspProfile } from '$lib/server/settings/profile';
import { orNotFound } from '$lib/server/page-load';
import { localDateOf } from '$lib/shared/dates';

export const load = (async (event) => {
	const caller = callerFor(event);
	const [detail, isp] = await Promise.all([
		orNotFound(caller.invoices.get({ id: event.params.id })),
		readIspProfile(getDb())
	]);
	const [midtransTrail, payLink] = await Promise.all([
		caller.midtrans.trail({ invoiceId: detail.invoice.id }),
		caller.midtrans.payLink({ invoiceId: detail.invoice.id })
	]);
	return { ...detail, isp, midtransTrail, payLink, today: localDateOf(new Date(), getConfig().ISP_TIMEZONE) };
}) satisfies PageServerLoad;
