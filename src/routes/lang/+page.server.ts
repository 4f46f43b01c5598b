import { redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index';
import { users } from '$lib/server/db/schema';
import { isLanguage } from '$lib/shared/i18n/index';
import { LANG_COOKIE, cookieOptions } from '$lib/server/cookies';
import { sameSitePath } from '$lib/server/safe-redirect';
import { readForm } from '$lib/server/form-body';

/** Only reached by the form's POST; a GET just goes home. */
export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, cookies, locals, url }) => {
		const form = await readForm(request, locals.lang);
		const lang = form.get('lang');
		if (isLanguage(lang)) {
			cookies.set(LANG_COOKIE, lang, cookieOptions(url, { maxAge: 60 * 60 * 24 * 365 }));
			if (locals.user) await getDb().update(users).set({ language: lang }).where(eq(users.id, locals.user.id));
		}
		redirect(303, sameSitePath(form.get('next')) ?? '/');
	}
} satisfies Actions;
