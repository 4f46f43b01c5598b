import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from './root';
import type { Context } from './trpc';
import { log } from '../log';
import { TRPC_MAX_BATCH } from '$lib/shared/trpc-limits';

/**
 * The tRPC endpoint's HTTP handling, in one place: the SvelteKit route calls it with the request's
 * context, and the procedure fuzzer (tests/fuzz) calls the very same function, so what the fuzzer
 * proves about status codes holds for the real endpoint.
 */
export function handleTrpcRequest(
	req: Request,
	createContext: () => Context,
	/** Told of every internal error besides the log (the fuzzer lists them with their input). */
	onInternalError?: (err: unknown, procedure: string | undefined) => void
): Promise<Response> {
	return fetchRequestHandler({
		endpoint: '/api/trpc',
		req,
		router: appRouter,
		maxBatchSize: TRPC_MAX_BATCH,
		createContext,
		onError({ error, path }) {
			if (error.code !== 'INTERNAL_SERVER_ERROR') return;
			log.error({ err: error.cause ?? error, procedure: path }, 'trpc error');
			onInternalError?.(error.cause ?? error, path);
		}
	});
}
