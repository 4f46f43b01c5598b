import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';
import { getDb } from '$lib/server/db/index';
import { readSetting } from '$lib/server/settings';
import { CASH_BOUND_KEY, cashBoundSchema } from '$lib/shared/cash-bound';

/** `?customerId=` picks the customer (the picker sets it too); `&invoiceId=` points at one of their open invoices. */
export const load = (async (event) => {
	const customerId = event.url.searchParams.get('customerId');
	if (!customerId) return { account: null, invoiceId: null, cashBound: null };
	const [account, cashBound] = await Promise.all([
		orNotFound(callerFor(event).customers.get({ id: customerId })),
		// The phone's bound: the form asks before saving an amount beyond it (the server refuses it unconfirmed).
		readSetting(getDb(), CASH_BOUND_KEY, cashBoundSchema)
	]);
	const invoiceId = event.url.searchParams.get('invoiceId');
	return { account, invoiceId: account.openInvoices.some((i) => i.id === invoiceId) ? invoiceId : null, cashBound };
}) satisfies PageServerLoad;
