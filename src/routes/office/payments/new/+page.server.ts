import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';

/** `?customerId=` picks the customer (the picker sets it too); `&invoiceId=` points at one of their open invoices. */
export const load = (async (event) => {
	const customerId = event.url.searchParams.get('customerId');
	if (!customerId) return { account: null, invoiceId: null };
	const account = await orNotFound(callerFor(event).customers.get({ id: customerId }));
	const invoiceId = event.url.searchParams.get('invoiceId');
	return { account, invoiceId: account.openInvoices.some((i) => i.id === invoiceId) ? invoiceId : null };
}) satisfies PageServerLoad;
