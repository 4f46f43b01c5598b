/**
 * Wablas (https://wablas.com/documentation/api): `POST https://<your server>.wablas.com/api/send-message`,
 * header `Authorization: <token>` (newer accounts: `<token>.<secret key>`), form fields `phone`,
 * `message`. The answer is JSON `{"status": true|false, "message": "...", "data": {...}}`; an
 * accepted message lists its id under `data.messages[0].id`.
 */
import { byHttpStatus, callGateway, digitsOf, parseJson } from './http';
import type { OutgoingMessage, SendOutcome, WhatsAppGateway } from './types';

export interface WablasOptions {
	/** The account's server, e.g. https://jogja.wablas.com (Wablas gives each account one). */
	baseUrl: string;
	token: string;
	/** Appended as `<token>.<secret>` when set. */
	secretKey?: string;
	ratePerSecond?: number;
	timeoutMs?: number;
}

const MISCONFIGURED = /token|device|unauthori[sz]ed|disconnected|expired|secret/i;
const INVALID_NUMBER = /(phone|number).*(invalid|not registered|not valid)|invalid (phone|number)|not on whatsapp/i;
const TRANSIENT = /limit|quota|busy|try again|wait|timeout|pending/i;

function providerId(body: Record<string, unknown>): string | null {
	const data = body.data as { messages?: Array<{ id?: unknown }>; id?: unknown } | undefined;
	const id = data?.messages?.[0]?.id ?? data?.id;
	return id == null ? null : String(id);
}

export function wablasOutcome(status: number, text: string, headers: Headers): SendOutcome {
	const body = parseJson(text);
	const base = { httpStatus: status, answer: text };
	// Wablas puts its refusal in the body even with 4xx statuses; read that first.
	const reason = typeof body?.message === 'string' ? body.message : `Wablas HTTP ${status}`;
	if (body?.status === true && status < 300) return { ...base, kind: 'accepted', providerMessageId: providerId(body) };
	if (body && INVALID_NUMBER.test(reason)) return { ...base, kind: 'rejected', reason: 'invalid_number', detail: reason };
	const byStatus = byHttpStatus({ status, text, headers }, reason);
	if (byStatus) return byStatus;
	if (!body) return { ...base, kind: 'retry', retryAfterMs: null, reason };
	if (TRANSIENT.test(reason)) return { ...base, kind: 'retry', retryAfterMs: null, reason };
	if (MISCONFIGURED.test(reason)) return { ...base, kind: 'misconfigured', reason };
	if (status >= 400) return { ...base, kind: 'rejected', reason: 'rejected', detail: reason };
	return { ...base, kind: 'retry', retryAfterMs: null, reason };
}

export function createWablasGateway(options: WablasOptions): WhatsAppGateway {
	const url = `${options.baseUrl.replace(/\/$/, '')}/api/send-message`;
	const authorization = options.secretKey ? `${options.token}.${options.secretKey}` : options.token;
	return {
		kind: 'wablas',
		sends: true,
		ratePerSecond: options.ratePerSecond ?? 1,
		async send(message: OutgoingMessage): Promise<SendOutcome> {
			const form = new URLSearchParams({ phone: digitsOf(message.to), message: message.body });
			const result = await callGateway(
				url,
				{ method: 'POST', headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
				options.timeoutMs ?? 15_000
			);
			if (!result.ok) return result.outcome;
			return wablasOutcome(result.answer.status, result.answer.text, result.answer.headers);
		}
	};
}
