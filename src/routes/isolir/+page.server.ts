/**
 * The public isolir page, where an isolated customer's browser is sent (see the isolir script).
 * No sign-in: the visitor is recognised by their address where possible, else by the customer
 * code or phone they type, which is rate-limited per source and overall. It shows only what
 * paying needs; its "Bayar" buttons post here (with the invoice and what was typed) and are
 * redirected to the pay page, so no pay token is ever written into the page.
 */
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index';
import { getConfig } from '$lib/server/config';
import { readForm } from '$lib/server/form-body';
import { ispName, lookupByAddress, lookupByQuery, payTarget } from '$lib/server/reconcile/isolir-lookup';

/** Server-rendered only: a tiny page for a slow phone on a throttled connection. */
export const csr = false;

export const load = (async (event) => {
	const db = getDb();
	const view = await lookupByAddress(db, event.getClientAddress(), new Date(), getConfig().ISP_TIMEZONE);
	event.setHeaders({ 'cache-control': 'no-store' });
	return { ispName: view?.ispName ?? (await ispName(db)), view, timeZone: getConfig().ISP_TIMEZONE };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const form = await readForm(event.request, event.locals.lang);
		const query = form.get('query');
		const typed = typeof query === 'string' ? query.slice(0, 32) : '';
		const invoice = form.get('invoice');
		if (invoice !== null) {
			// A pay button: check again who this is and that the invoice is theirs and open.
			const target = await payTarget(getDb(), event.getClientAddress(), invoice, query, new Date());
			// "Pay everything owed" posts the oldest invoice: its pay page starts the one Snap for all.
			if (target.status === 'pay') redirect(303, form.get('scope') === 'all' ? `/pay/${target.token}#pay-all-title` : `/pay/${target.token}`);
			if (target.status === 'tooMany') return fail(429, { error: 'tooMany' as const, retryAt: target.retryAt.toISOString(), query: typed });
			return fail(404, { error: 'notFound' as const, query: typed });
		}
		const outcome = await lookupByQuery(getDb(), event.getClientAddress(), typeof query === 'string' ? query : '', new Date(), getConfig().ISP_TIMEZONE);
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
