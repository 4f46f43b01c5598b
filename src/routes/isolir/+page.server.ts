/**
 * The public isolir page, where an isolated customer's browser is sent (see the isolir script).
 * No sign-in: the visitor is recognised by their address where possible, else by the customer
 * code or phone they type, which is rate-limited per address. It shows only what paying needs.
 */
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index';
import { getConfig } from '$lib/server/config';
import { readForm } from '$lib/server/form-body';
import { ispName, lookupByAddress, lookupByQuery } from '$lib/server/reconcile/isolir-lookup';

/** Server-rendered only: a tiny page for a slow phone on a throttled connection. */
export const csr = false;

export const load = (async (event) => {
	const db = getDb();
	const view = await lookupByAddress(db, event.getClientAddress());
	event.setHeaders({ 'cache-control': 'no-store' });
	return { ispName: view?.ispName ?? (await ispName(db)), view, timeZone: getConfig().ISP_TIMEZONE };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const form = await readForm(event.request, event.locals.lang);
		const query = form.get('query');
		const outcome = await lookupByQuery(getDb(), event.getClientAddress(), typeof query === 'string' ? query : '');
		const typed = typeof query === 'string' ? query.slice(0, 32) : '';
		switch (outcome.status) {
			case 'found':
				return { view: outcome.view, query: typed };
			case 'tooMany':
				return fail(429, { error: 'tooMany' as const, retryAt: outcome.retryAt.toISOString(), query: typed });
			case 'invalid':
				return fail(400, { error: 'invalid' as const, query: typed });
			default:
				return fail(404, { error: 'notFound' as const, query: typed });
		}
	}
} satisfies Actions;
