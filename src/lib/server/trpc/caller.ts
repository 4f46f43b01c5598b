import type { RequestEvent } from '@sveltejs/kit';
import { getConfig } from '../config';
import { getDb } from '../db/index';
import { createCaller } from './root';
import { createContext, type Context } from './trpc';

/** The tRPC context of a request: who is signed in, from where, in which language. */
export function contextFor(event: RequestEvent): Context {
	return createContext({
		db: getDb(),
		config: getConfig(),
		user: event.locals.user,
		sessionId: event.locals.sessionId,
		ipAddress: event.getClientAddress(),
		lang: event.locals.lang
	});
}

/** Page loads call the same procedures as the browser, with the same role checks. */
export function callerFor(event: RequestEvent) {
	return createCaller(contextFor(event));
}
