/**
 * Idempotency-Key on the POSTs that create (payments, customers, subscriptions, mark-paid): the
 * first successful answer is stored under (API key, Idempotency-Key), a UNIQUE primary key. The
 * same request again gets that answer; another request under the same Idempotency-Key is a 422.
 * The services' own UNIQUE keys (routes.ts `derivedId`) cover two copies racing in together.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { apiIdempotency } from '../db/schema';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestHash(method: string, path: string, body: string): string {
	return createHash('sha256').update(`${method}\u0000${path}\u0000${body}`).digest('hex');
}

export type StoredAnswer = { kind: 'replay'; status: number; body: unknown } | { kind: 'mismatch' } | { kind: 'none' };

export async function storedAnswer(db: Db, apiKeyId: string, key: string, hash: string): Promise<StoredAnswer> {
	const [row] = await db
		.select({ requestHash: apiIdempotency.requestHash, status: apiIdempotency.status, body: apiIdempotency.body })
		.from(apiIdempotency)
		.where(and(eq(apiIdempotency.apiKeyId, apiKeyId), eq(apiIdempotency.idempotencyKey, key)));
	if (!row) return { kind: 'none' };
	if (row.requestHash !== hash) return { kind: 'mismatch' };
	return { kind: 'replay', status: row.status, body: row.body };
}

/** Keeps the first answer: a racing copy that finished second leaves the stored one alone. */
export async function storeAnswer(db: Db, apiKeyId: string, key: string, hash: string, status: number, body: unknown): Promise<void> {
	await db
		.insert(apiIdempotency)
		.values({ apiKeyId, idempotencyKey: key, requestHash: hash, status, body: body ?? null })
		.onDuplicateKeyUpdate({ set: { apiKeyId } });
}
