import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '$lib/server/trpc/root';
import type { FieldErrors } from '$lib/shared/validation';
import { TRPC_MAX_BATCH } from '$lib/shared/trpc-limits';

export const trpc = createTRPCClient<AppRouter>({
	links: [httpBatchLink({ url: '/api/trpc', transformer: superjson, maxItems: TRPC_MAX_BATCH })]
});

/** What a form shows for a failed call: one message and, when known, errors per field. */
export function describeError(err: unknown): { message: string; fieldErrors: FieldErrors } {
	if (err instanceof TRPCClientError) {
		const data = err.data as { fieldErrors?: FieldErrors | null } | undefined;
		return { message: err.message, fieldErrors: data?.fieldErrors ?? {} };
	}
	return { message: err instanceof Error ? err.message : String(err), fieldErrors: {} };
}
