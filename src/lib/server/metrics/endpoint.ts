/**
 * GET /metrics: the Prometheus text format, only for a caller holding METRICS_TOKEN as a bearer
 * token. Without a configured token the endpoint does not exist (404), so an install that never
 * set one exposes nothing; a missing or wrong token is 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';

export interface MetricsAnswer {
	status: number;
	body: string;
	headers: Record<string, string>;
}

/** Compares digests, so the time taken says nothing about how much of the token was right. */
function sameToken(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

export async function answerMetrics(authorization: string | null, token: string | undefined, registry: Registry): Promise<MetricsAnswer> {
	const plain = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
	if (!token) return { status: 404, body: 'Not found\n', headers: plain };
	const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
	if (!match || !sameToken(match[1], token)) {
		return { status: 401, body: 'A bearer token is required (METRICS_TOKEN)\n', headers: { ...plain, 'www-authenticate': 'Bearer realm="lunas-metrics"' } };
	}
	return { status: 200, body: await registry.metrics(), headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } };
}
