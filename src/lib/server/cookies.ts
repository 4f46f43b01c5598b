export { SESSION_COOKIE } from './auth/session';

/** Language chosen before signing in (after, the user's own setting wins). */
export const LANG_COOKIE = 'lunas_lang';

/**
 * httpOnly, SameSite=Lax, and Secure whenever the site is served over https. Explicit because
 * SvelteKit's default (Secure except on localhost) would drop the cookie on a LAN address over http.
 */
export function cookieOptions(url: URL, extra: { expires?: Date; maxAge?: number } = {}) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:', ...extra };
}
