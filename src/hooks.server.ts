import type { Handle, HandleServerError, RequestEvent, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { validateSession } from '$lib/server/auth/session';
import { LANG_COOKIE, SESSION_COOKIE, cookieOptions } from '$lib/server/cookies';
import { log, redactPath } from '$lib/server/log';
import { decodedPath } from '$lib/server/http/request-path';
import { applySecurityHeaders, extendCsp, scriptHash } from '$lib/server/http/security-headers';
import { currentGateway } from '$lib/server/midtrans/runtime';
import { PAY_SCRIPT } from './routes/pay/[token]/pay-script';
import { startServer } from '$lib/server/startup';
import { httpMetrics } from '$lib/server/metrics/http-hook';
import { isLanguage } from '$lib/shared/i18n/index';
import { HOME_BY_ROLE, type Role } from '$lib/shared/domain';

export const init: ServerInit = async () => {
	if (!building) await startServer();
};

const requestLog: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const response = await resolve(event);
	log.info(
		{
			method: event.request.method,
			path: redactPath(event.url.pathname),
			status: response.status,
			ms: Math.round(performance.now() - started),
			user: event.locals.user?.username
		},
		'request'
	);
	return response;
};

/** The pay page's one inline script, allowed by its hash (the page ships no app bundle to nonce). */
const PAY_SCRIPT_HASH = scriptHash(PAY_SCRIPT);

/**
 * Security headers on every response (http/security-headers.ts). The pay page's policy also
 * allows its inline script and the Snap origin (snap.js, its payment frame and calls).
 */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const path = event.url.pathname;
	const secure = (headers: Headers) => {
		const policy = headers.get('content-security-policy');
		if (policy && path.startsWith('/pay/')) {
			const snapJs = currentGateway()?.snapJsUrl;
			const snap = snapJs ? [new URL(snapJs).origin] : [];
			headers.set(
				'content-security-policy',
				// form-action: without JavaScript the pay form posts here and is redirected to Snap's
				// page, and browsers hold a form's redirects to form-action too.
				extendCsp(policy, { 'script-src': [PAY_SCRIPT_HASH, ...snap], 'form-action': snap, 'frame-src': snap, 'connect-src': snap, 'style-src': snap, 'img-src': snap })
			);
		}
		applySecurityHeaders(path, headers);
	};
	try {
		secure(response.headers);
		return response;
	} catch {
		// Immutable headers (a response passed through from fetch): copy it to set ours.
		const copy = new Response(response.body, response);
		secure(copy.headers);
		return copy;
	}
};

/**
 * A path SvelteKit cannot percent-decode is refused here, before any hook can throw for it:
 * SvelteKit runs the hooks for such a path outside its own catch (see request-path.ts).
 */
const undecodablePath: Handle = async ({ event, resolve }) => {
	if (decodedPath(event.url.pathname) === null) return new Response('Bad request: malformed path\n', { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	return resolve(event);
};

const session: Handle = async ({ event, resolve }) => {
	const config = getConfig();
	const token = event.cookies.get(SESSION_COOKIE);
	const valid = token
		? await validateSession(getDb(), token, { secret: config.SESSION_SECRET, days: config.SESSION_DAYS })
		: null;
	if (token && !valid) event.cookies.delete(SESSION_COOKIE, { path: '/' });
	event.locals.user = valid?.user ?? null;
	event.locals.sessionId = valid?.sessionId ?? null;
	const cookieLang = event.cookies.get(LANG_COOKIE);
	event.locals.lang = valid?.user.language ?? (isLanguage(cookieLang) ? cookieLang : 'id');
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang) });
};

/**
 * Which roles may open which part of the app; tRPC procedures check again on their own. Admin-only
 * office pages are not listed: their loads call admin procedures, so the office role gets the 403
 * page in words on every one of them rather than a silent redirect on some.
 */
const AREA_ROLES: Array<{ prefix: string; roles: Role[] }> = [
	{ prefix: '/office', roles: ['admin', 'office'] },
	{ prefix: '/tech', roles: ['technician', 'admin'] }
];

/**
 * The guard's redirect, answered rather than thrown: a thrown redirect leaves the handles by
 * SvelteKit's own catch and would skip the security headers. SvelteKit adds cookies only to what
 * resolve() answers, so the dead session cookie the session handle cleared is cleared here too.
 */
function redirectTo(event: RequestEvent, location: string): Response {
	const headers = new Headers({ location });
	const sentSession = (event.request.headers.get('cookie') ?? '').split(/;\s*/).some((c) => c.startsWith(`${SESSION_COOKIE}=`));
	if (!event.locals.user && sentSession) headers.append('set-cookie', event.cookies.serialize(SESSION_COOKIE, '', { ...cookieOptions(event.url), maxAge: 0 }));
	return new Response(null, { status: 303, headers });
}

const guard: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	const rule = AREA_ROLES.find((r) => path === r.prefix || path.startsWith(r.prefix + '/'));
	if (rule) {
		const user = event.locals.user;
		if (!user) return redirectTo(event, `/login?next=${encodeURIComponent(path + event.url.search)}`);
		if (!rule.roles.includes(user.role)) return redirectTo(event, HOME_BY_ROLE[user.role]);
	}
	return resolve(event);
};

export const handle = sequence(httpMetrics, securityHeaders, requestLog, undecodablePath, session, guard);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) log.error({ err: error, path: redactPath(event.url.pathname) }, 'unhandled error');
	return { message: status === 404 ? 'Not found' : 'Internal error' };
};
