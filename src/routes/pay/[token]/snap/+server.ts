import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { startPaymentForToken } from '$lib/server/midtrans/pay-actions';
import { translator } from '$lib/shared/i18n/index';

/** The pay page's script asks for a Snap token here, then opens Snap with it. */
export const POST: RequestHandler = async ({ params, locals, url }) => {
	// `?scope=all`: pay everything owed (the page's second form).
	const result = await startPaymentForToken(params.token, url.searchParams.get('scope') === 'all' ? 'all' : 'invoice');
	const headers = { 'cache-control': 'no-store' };
	if (result.kind === 'snap') return json({ token: result.token, redirectUrl: result.redirectUrl }, { headers });
	const t = translator(locals.lang);
	// The page's script shows `message` to the customer as it is.
	if (result.kind === 'not-found') return json({ message: t('pay.notFoundTitle') }, { status: 404, headers });
	const status = result.kind === 'closed' ? 409 : result.kind === 'unavailable' ? 503 : 502;
	return json({ message: t(result.messageKey) }, { status, headers });
};
