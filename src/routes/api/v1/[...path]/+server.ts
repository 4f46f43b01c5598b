import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/index';
import { getConfig } from '$lib/server/config';
import { handleRest } from '$lib/server/rest/dispatch';

/** The REST API (issue #20): every method goes to the one dispatcher, which knows the routes. */
const handler: RequestHandler = (event) => handleRest(event.request, { db: getDb(), config: getConfig(), ipAddress: event.getClientAddress() });

export const GET = handler;
export const POST = handler;
export const PATCH = handler;
export const PUT = handler;
export const DELETE = handler;
