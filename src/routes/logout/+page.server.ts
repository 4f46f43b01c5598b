import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index';
import { revokeSession } from '$lib/server/auth/session';
import { SESSION_COOKIE } from '$lib/server/cookies';

export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
	default: async ({ locals, cookies }) => {
		if (locals.sessionId) await revokeSession(getDb(), locals.sessionId);
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
} satisfies Actions;
