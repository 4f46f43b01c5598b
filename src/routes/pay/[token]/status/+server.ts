import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { payStatusByToken } from '$lib/server/midtrans/pay-status';
import { currentGateway } from '$lib/server/midtrans/runtime';

/** "checking…" on the pay page: the invoice's status, Midtrans asked first while it is open. */
export const GET: RequestHandler = async ({ params }) => {
	const status = await payStatusByToken(getDb(), currentGateway(), params.token, getConfig().ISP_TIMEZONE);
	if (!status) return json({ message: 'Not found' }, { status: 404 });
	return json(status, { headers: { 'cache-control': 'no-store' } });
};
