import type { RequestHandler } from '@sveltejs/kit';
import { getConfig } from '../config';
import { getDb } from '../db/index';
import { handleNotification } from './notifications';
import { currentGateway } from './runtime';

/** Midtrans notifications are small; anything larger is not one. */
const MAX_BODY = 64 * 1024;

/** POST handler shared by /api/midtrans/notification and /api/midtrans/webhook. */
export const notificationEndpoint: RequestHandler = async ({ request }) => {
	const text = await request.text();
	if (text.length > MAX_BODY) return new Response(JSON.stringify({ ok: false, message: 'too large' }), { status: 413, headers: { 'content-type': 'application/json' } });
	const answer = await handleNotification(getDb(), currentGateway(), text, { timeZone: getConfig().ISP_TIMEZONE });
	return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
};
