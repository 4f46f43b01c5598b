import { randomUUID } from 'node:crypto';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { readForm } from '$lib/server/form-body';
import { servicePasswordInput } from '$lib/server/portal/inputs';
import { changeServicePassword, passwordProgress } from '$lib/server/portal/changes';
import { portalSubscriptions } from '$lib/server/portal/view';
import { fieldsOf, runForm } from '$lib/server/portal/form';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load = (async ({ locals, url }) => {
	const customerId = locals.customer!.customerId;
	const req = url.searchParams.get('req');
	// Another customer's request id (or a made-up one) shows the empty form, as if none was given.
	const progress = req && UUID.test(req) ? await passwordProgress(getDb(), customerId, req) : null;
	const services = (await portalSubscriptions(getDb(), customerId)).filter((s) => s.passwordChangeable);
	return { progress, services: services.map((s) => ({ id: s.id, packageName: s.packageName, username: s.username })), requestId: randomUUID() };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ locals, request, getClientAddress }) => {
		if (!locals.customer) redirect(303, '/pelanggan');
		const form = await readForm(request, locals.lang);
		const raw = fieldsOf(form, ['subscriptionId', 'requestId', 'password', 'confirm']);
		const refused = await runForm(locals.lang, servicePasswordInput, raw, (input) =>
			changeServicePassword(getDb(), locals.customer!.customerId, input, getConfig().SECRETS_KEY, getClientAddress())
		);
		if (refused) return refused;
		redirect(303, `/pelanggan/sandi?req=${raw.requestId}`);
	}
} satisfies Actions;
