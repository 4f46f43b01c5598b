import { randomUUID } from 'node:crypto';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index';
import { readForm } from '$lib/server/form-body';
import { reportInput } from '$lib/server/portal/inputs';
import { customerTickets, reportProblem } from '$lib/server/portal/changes';
import { portalSubscriptions } from '$lib/server/portal/view';
import { fieldsOf, runForm } from '$lib/server/portal/form';
import { TICKET_CATEGORIES } from '$lib/server/db/schema';

export const load = (async ({ locals, url }) => {
	const customerId = locals.customer!.customerId;
	const [subs, tickets] = await Promise.all([portalSubscriptions(getDb(), customerId), customerTickets(getDb(), customerId)]);
	return {
		// A fresh id per form: posting the same form twice stores one report.
		reportId: randomUUID(),
		categories: [...TICKET_CATEGORIES],
		services: subs.map((s) => ({ id: s.id, packageName: s.packageName, username: s.username })),
		tickets,
		sent: url.searchParams.has('sent')
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ locals, request }) => {
		if (!locals.customer) redirect(303, '/pelanggan');
		const form = await readForm(request, locals.lang);
		const raw = fieldsOf(form, ['id', 'subscriptionId', 'category', 'description']);
		const refused = await runForm(locals.lang, reportInput, raw, (input) => reportProblem(getDb(), locals.customer!.customerId, input), {
			category: raw.category.slice(0, 32),
			description: raw.description.slice(0, 1000)
		});
		if (refused) return refused;
		redirect(303, '/pelanggan/lapor?sent');
	}
} satisfies Actions;
