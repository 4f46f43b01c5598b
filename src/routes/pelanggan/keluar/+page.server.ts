import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index';
import { PORTAL_COOKIE, portalCookieOptions, revokePortalSession } from '$lib/server/portal/session';

/** Signing out is a POST (a link could be followed by a prefetcher); a GET goes home. */
export const load = (() => redirect(303, '/pelanggan')) satisfies PageServerLoad;

export const actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.customer) await revokePortalSession(getDb(), locals.customer.sessionId);
		cookies.delete(PORTAL_COOKIE, portalCookieOptions(url));
		redirect(303, '/pelanggan');
	}
} satisfies Actions;
