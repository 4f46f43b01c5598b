/**
 * How many procedure calls one batched tRPC request may carry. The server refuses a larger batch
 * with a 400 before running any of it (one request of a thousand report calls would otherwise
 * hold the process); the browser's link splits its batches at the same number, so no page of
 * ours ever meets the refusal.
 */
export const TRPC_MAX_BATCH = 20;
