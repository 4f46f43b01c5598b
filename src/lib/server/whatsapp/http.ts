/**
 * The one HTTP call a gateway makes, with a deadline, and the distinction the outbox depends on:
 * did the request certainly NOT reach the gateway (safe to send again), or might it have (not safe
 * — the gateways have no idempotency key)?
 */
import type { SendOutcome } from './types';

export interface HttpAnswer {
	status: number;
	text: string;
	headers: Headers;
}

/** Failures that happen before a single byte of the request left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function codeOf(err: unknown): string | undefined {
	for (let e = err as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
		if (typeof e.code === 'string') return e.code;
	}
	return undefined;
}

export type CallResult = { ok: true; answer: HttpAnswer } | { ok: false; outcome: SendOutcome };

export async function callGateway(url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }, timeoutMs: number): Promise<CallResult> {
	let res: Response;
	try {
		res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
	} catch (err) {
		const code = codeOf(err);
		if (code && NOT_SENT_CODES.has(code)) {
			return { ok: false, outcome: { kind: 'retry', retryAfterMs: null, reason: `gateway unreachable (${code})`, httpStatus: null, answer: String(code) } };
		}
		const name = (err as Error)?.name;
		const why = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${Math.round(timeoutMs / 1000)} s` : `connection lost (${code ?? name ?? 'error'})`;
		return { ok: false, outcome: { kind: 'unknown', reason: why, httpStatus: null, answer: why } };
	}
	let text: string;
	try {
		text = await res.text();
	} catch (err) {
		// The gateway answered with a status but the body broke off: it did receive the request.
		const why = `answer cut off (${codeOf(err) ?? 'error'})`;
		return { ok: false, outcome: { kind: 'unknown', reason: why, httpStatus: res.status, answer: why } };
	}
	return { ok: true, answer: { status: res.status, text, headers: res.headers } };
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds; null when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | null {
	const raw = headers.get('retry-after');
	if (!raw) return null;
	const seconds = Number(raw);
	if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
	const at = Date.parse(raw);
	return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function parseJson(text: string): Record<string, unknown> | null {
	try {
		const v = JSON.parse(text) as unknown;
		return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}

/** What every gateway does with HTTP statuses that say nothing about the message itself. */
export function byHttpStatus(answer: HttpAnswer, reason: string): SendOutcome | null {
	const base = { httpStatus: answer.status, answer: answer.text };
	if (answer.status === 401 || answer.status === 403) return { ...base, kind: 'misconfigured', reason };
	if (answer.status === 429) return { ...base, kind: 'retry', retryAfterMs: retryAfterMs(answer.headers), reason };
	if (answer.status >= 500) return { ...base, kind: 'retry', retryAfterMs: retryAfterMs(answer.headers), reason };
	return null;
}

/** `+6281…` → `6281…`: what Fonnte, Wablas and Meta expect in their number fields. */
export function digitsOf(e164: string): string {
	return e164.replace(/^\+/, '');
}
