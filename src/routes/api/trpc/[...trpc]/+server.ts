import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { RequestHandler } from './$types';
import { appRouter } from '$lib/server/trpc/root';
import { contextFor } from '$lib/server/trpc/caller';
import { log } from '$lib/server/log';
import { TRPC_MAX_BATCH } from '$lib/shared/trpc-limits';

const handler: RequestHandler = (event) =>
	fetchRequestHandler({
		endpoint: '/api/trpc',
		req: event.request,
		router: appRouter,
		maxBatchSize: TRPC_MAX_BATCH,
		createContext: () => contextFor(event),
		onError({ error, path }) {
			if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.cause ?? error, procedure: path }, 'trpc error');
		}
	});

export const GET = handler;
export const POST = handler;
