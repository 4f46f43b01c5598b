import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { orNotFound } from '$lib/server/page-load';

export const load = (async (event) => {
	event.depends('customer:whatsapp');
	const caller = callerFor(event);
	const detail = await orNotFound(caller.customers.get({ id: event.params.id }));
	return { detail, whatsapp: await caller.whatsapp.customerHistory({ customerId: event.params.id }) };
}) satisfies PageServerLoad;
