import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isLanguage } from '$lib/shared/i18n/index';
import { LANG_COOKIE, cookieOptions } from '$lib/server/cookies';
import { sameSitePath } from '$lib/server/safe-redirect';
import { readForm } from '$lib/server/form-body';
import { callerFor } from '$lib/server/trpc/caller';

/** Only reached by the form's POST; a GET just goes home. */
export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { request, cookies, locals, url } = event;
		const form = await readForm(request, locals.lang);
		const lang = form.get('lang');
		if (isLanguage(lang)) {
			// The cookie for anyone (the sign-in page too); a signed-in user's setting through me.setLanguage.
			cookies.set(LANG_COOKIE, lang, cookieOptions(url, { maxAge: 60 * 60 * 24 * 365 }));
			if (locals.user) await callerFor(event).me.setLanguage({ language: lang });
		}
		redirect(303, sameSitePath(form.get('next')) ?? '/');
	}
} satisfies Actions;
