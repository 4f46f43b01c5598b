/**
 * The portal's part of hooks.server.ts: resolves the customer session on /pelanggan only (its
 * cookie is scoped there, so no other path ever sees it) and keeps every page below /pelanggan
 * for signed-in customers. Actions check `locals.customer` again: a guard in a layout load would
 * not run for a form post.
 */
import type { Handle } from '@sveltejs/kit';
import { getConfig } from '../config';
import { getDb } from '../db/index';
import { PORTAL_COOKIE, PORTAL_PATH, portalCookieOptions, validatePortalSession } from './session';

export const portalSession: Handle = async ({ event, resolve }) => {
	event.locals.customer = null;
	const path = event.url.pathname;
	if (path !== PORTAL_PATH && !path.startsWith(`${PORTAL_PATH}/`)) return resolve(event);
	const token = event.cookies.get(PORTAL_COOKIE);
	if (token) {
		event.locals.customer = await validatePortalSession(getDb(), token, getConfig().SESSION_SECRET);
		if (!event.locals.customer) event.cookies.delete(PORTAL_COOKIE, portalCookieOptions(event.url));
	}
	if (path !== PORTAL_PATH && !event.locals.customer) {
		const headers = new Headers({ location: PORTAL_PATH, 'cache-control': 'no-store' });
		if (token) headers.append('set-cookie', event.cookies.serialize(PORTAL_COOKIE, '', portalCookieOptions(event.url)));
		return new Response(null, { status: 303, headers });
	}
	return resolve(event);
};
