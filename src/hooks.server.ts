import { redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { validateSession } from '$lib/server/auth/session';
import { LANG_COOKIE, SESSION_COOKIE } from '$lib/server/cookies';
import { log, redactPath } from '$lib/server/log';
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

/** Which roles may open which part of the app; tRPC procedures check again on their own. */
const AREA_ROLES: Array<{ prefix: string; roles: Role[] }> = [
	{ prefix: '/office/staff', roles: ['admin'] },
	{ prefix: '/office', roles: ['admin', 'office'] },
	{ prefix: '/tech', roles: ['technician', 'admin'] }
];

const guard: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	const rule = AREA_ROLES.find((r) => path === r.prefix || path.startsWith(r.prefix + '/'));
	if (rule) {
		const user = event.locals.user;
		if (!user) redirect(303, `/login?next=${encodeURIComponent(path + event.url.search)}`);
		if (!rule.roles.includes(user.role)) redirect(303, HOME_BY_ROLE[user.role]);
	}
	return resolve(event);
};

export const handle = sequence(httpMetrics, requestLog, session, guard);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) log.error({ err: error, path: redactPath(event.url.pathname) }, 'unhandled error');
	return { message: status === 404 ? 'Not found' : 'Internal error' };
};
