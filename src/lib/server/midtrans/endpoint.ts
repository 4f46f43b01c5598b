import type { RequestHandler } from '@sveltejs/kit';
import { getConfig } from '../config';
import { getDb } from '../db/index';
import { readCappedText } from '../body-limit';
import { handleNotification } from './notifications';
import { currentGateway } from './runtime';

/** Midtrans notifications are 1–2 KB; anything over this is refused unread (413). */
export const MAX_NOTIFICATION_BODY = 64 * 1024;

const answer = (status: number, body: unknown, extra: Record<string, string> = {}) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra } });

/** POST handler shared by /api/midtrans/notification and /api/midtrans/webhook. */
export const notificationEndpoint: RequestHandler = async ({ request, getClientAddress }) => {
	const body = await readCappedText(request, MAX_NOTIFICATION_BODY);
	// The rest of the body is never read: the connection is not reused for another request.
	if (!body.ok) return answer(413, { ok: false, message: 'too large' }, { connection: 'close' });
	const result = await handleNotification(getDb(), currentGateway(), body.text, { timeZone: getConfig().ISP_TIMEZONE, source: getClientAddress() });
	return answer(result.status, result.body);
};
