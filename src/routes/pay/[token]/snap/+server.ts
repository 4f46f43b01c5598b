import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { startPaymentForToken } from '$lib/server/midtrans/pay-actions';
import { translator } from '$lib/shared/i18n/index';

/** The pay page's script asks for a Snap token here, then opens Snap with it. */
export const POST: RequestHandler = async ({ params, locals }) => {
	const result = await startPaymentForToken(params.token);
	const headers = { 'cache-control': 'no-store' };
	if (result.kind === 'snap') return json({ token: result.token, redirectUrl: result.redirectUrl }, { headers });
	if (result.kind === 'not-found') return json({ message: 'Not found' }, { status: 404, headers });
	const status = result.kind === 'closed' ? 409 : result.kind === 'unavailable' ? 503 : 502;
	return json({ message: translator(locals.lang)(result.messageKey) }, { status, headers });
};
