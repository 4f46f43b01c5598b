import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { signIn } from '$lib/server/auth/sign-in';
import { SESSION_COOKIE, cookieOptions } from '$lib/server/cookies';
import { log } from '$lib/server/log';
import { sameSitePath } from '$lib/server/safe-redirect';
import { readForm } from '$lib/server/form-body';
import { HOME_BY_ROLE } from '$lib/shared/domain';
import { translate } from '$lib/shared/i18n/index';
import { text } from '$lib/shared/schemas/text';

export const load = (({ locals, url }) => {
	if (locals.user) redirect(303, sameSitePath(url.searchParams.get('next')) ?? HOME_BY_ROLE[locals.user.role]);
	return {};
}) satisfies PageServerLoad;

const signInForm = z.object({
	// Ill-formed text would reach the throttle table and the database would refuse it (a 500).
	username: text().trim().min(1).max(64),
	password: text().min(1).max(200)
});

export const actions = {
	default: async (event) => {
		const { request, cookies, locals, url } = event;
		const form = await readForm(request, locals.lang);
		const parsed = signInForm.safeParse({ username: form.get('username'), password: form.get('password') });
		const username = String(form.get('username') ?? '').slice(0, 64);
		if (!parsed.success) return fail(400, { username, error: translate(locals.lang, 'login.missing') });

		const config = getConfig();
		const result = await signIn(
			getDb(),
			{
				username: parsed.data.username,
				password: parsed.data.password,
				address: event.getClientAddress(),
				userAgent: request.headers.get('user-agent') ?? undefined
			},
			{ sessionSecret: config.SESSION_SECRET, sessionDays: config.SESSION_DAYS }
		);
		if (!result.ok) {
			log.warn({ username: parsed.data.username, reason: result.reason }, 'sign-in refused');
			const error =
				result.reason === 'locked'
					? translate(locals.lang, 'login.locked', { minutes: result.retryAfterMinutes })
					: translate(locals.lang, 'login.invalid');
			return fail(result.reason === 'locked' ? 429 : 400, { username, error });
		}
		cookies.set(SESSION_COOKIE, result.token, cookieOptions(url, { expires: result.expiresAt }));
		log.info({ username: result.user.username, role: result.user.role }, 'signed in');
		redirect(303, sameSitePath(url.searchParams.get('next')) ?? HOME_BY_ROLE[result.user.role]);
	}
} satisfies Actions;
