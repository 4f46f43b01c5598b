import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { fieldErrorsOf } from '$lib/server/page-load';
import { outboxListInput } from '$lib/shared/schemas/whatsapp';

export const load = (async (event) => {
	// The page re-runs only this load while messages are on their way (invalidate('whatsapp:outbox')).
	event.depends('whatsapp:outbox');
	const params = event.url.searchParams;
	const raw: Record<string, unknown> = {};
	for (const key of ['status', 'kind', 'customerId'] as const) {
		const value = params.get(key)?.trim();
		if (value) raw[key] = value;
	}
	const before = params.get('before');
	if (before) raw.before = Number(before);
	const parsed = outboxListInput.safeParse(raw);
	const query = parsed.success ? parsed.data : outboxListInput.parse({});
	try {
		const outbox = await callerFor(event).whatsapp.outbox(query);
		return { outbox, query, fieldErrors: {} as Record<string, string[]> };
	} catch (err) {
		const fieldErrors = fieldErrorsOf(err, event.locals.lang);
		if (!fieldErrors) throw err;
		return { outbox: { rows: [], counts: {} }, query, fieldErrors };
	}
}) satisfies PageServerLoad;
