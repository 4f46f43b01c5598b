import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { loadPayPage } from '$lib/server/midtrans/pay-page';
import { currentGateway } from '$lib/server/midtrans/runtime';
import { startPaymentForToken } from '$lib/server/midtrans/pay-actions';
import { translator } from '$lib/shared/i18n/index';
import { isFormContentType } from '$lib/server/form-body';

/**
 * The customer's pay page (server-rendered only, see ../+layout.ts). It works with no
 * JavaScript: the form posts here and is redirected to Snap's own page.
 */

export const load = (async ({ params, url, setHeaders }) => {
	const data = await loadPayPage(getDb(), params.token, getConfig().ISP_TIMEZONE);
	if (!data) error(404, 'Not found');
	// same-origin: the token never leaks to Midtrans or anyone else as a Referer, while form posts
	// still carry the Origin SvelteKit's CSRF check needs (no-referrer would send `Origin: null`).
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin', 'x-robots-tag': 'noindex' });
	const gateway = currentGateway();
	const open = data.invoice.status === 'unpaid' || data.invoice.status === 'partial';
	const payAllOpen = data.payAll?.startHere ?? false;
	return {
		...data,
		token: params.token,
		payable: (open || payAllOpen) && gateway !== null,
		snapJsUrl: gateway?.snapJsUrl ?? null,
		clientKey: gateway?.clientKey ?? null,
		/** Back from Snap (it adds ?order_id=…): show "checking…" until the server confirms. */
		checking: open && url.searchParams.has('order_id'),
		timeZone: getConfig().ISP_TIMEZONE
	};
}) satisfies PageServerLoad;

export const actions = {
	/** Without JavaScript: straight to Snap's payment page. */
	default: async ({ params, locals, request }) => {
		const t = translator(locals.lang);
		// The "pay everything owed" form says so in a hidden field; anything else is this invoice.
		const form = isFormContentType(request.headers.get('content-type')) ? await request.formData().catch(() => null) : null;
		const result = await startPaymentForToken(params.token, form?.get('scope') === 'all' ? 'all' : 'invoice');
		if (result.kind === 'snap') redirect(303, result.redirectUrl);
		if (result.kind === 'not-found') error(404, 'Not found');
		return fail(result.kind === 'closed' ? 409 : 503, { message: t(result.messageKey) });
	}
} satisfies Actions;
