/**
 * WhatsApp Cloud API (Meta): `POST https://graph.facebook.com/<version>/<phone number id>/messages`
 * with `Authorization: Bearer <token>` and `messaging_product: "whatsapp"`. Outside the 24-hour
 * customer-service window only approved templates may be sent, so Lunas sends every message as a
 * template when the event has one. Accepted: `{"messages": [{"id": "wamid…"}]}`. Refused:
 * `{"error": {"code": 130429, "message": "(#130429) Rate limit hit", "error_data": {"details": …}}}`
 * — Meta asks integrators to act on `code`, not on the title (docs/WHATSAPP.md lists the codes).
 */
import { callGateway, digitsOf, parseJson, retryAfterMs } from './http';
import type { OutgoingMessage, SendOutcome, WhatsAppGateway } from './types';

export interface MetaOptions {
	accessToken: string;
	phoneNumberId: string;
	/** Graph API version, e.g. v21.0. */
	apiVersion?: string;
	/** Defaults to https://graph.facebook.com; the simulator's URL in tests and the demo. */
	baseUrl?: string;
	ratePerSecond?: number;
	timeoutMs?: number;
}

/** The token, the app's permissions or the template itself: every message would fail alike. */
const MISCONFIGURED_CODES = new Set([0, 3, 10, 190, 33, 368, 131005, 131031, 132000, 132001, 132005, 132007, 132012, 132015, 132016]);
/** Throughput and temporary service trouble: try again later. */
const RETRY_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004]);
/** This recipient cannot get this message. */
const INVALID_NUMBER_CODES = new Set([131026, 131030]);

export function metaBody(message: OutgoingMessage): Record<string, unknown> {
	const to = digitsOf(message.to);
	if (message.template) {
		return {
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to,
			type: 'template',
			template: {
				name: message.template.name,
				language: { code: message.template.language },
				components: message.template.params.length > 0 ? [{ type: 'body', parameters: message.template.params.map((text) => ({ type: 'text', text })) }] : []
			}
		};
	}
	return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { preview_url: false, body: message.body } };
}

export function metaOutcome(status: number, text: string, headers: Headers): SendOutcome {
	const body = parseJson(text);
	const base = { httpStatus: status, answer: text };
	if (status >= 200 && status < 300) {
		const id = (body?.messages as Array<{ id?: unknown }> | undefined)?.[0]?.id;
		return { ...base, kind: 'accepted', providerMessageId: id == null ? null : String(id) };
	}
	const error = (body?.error ?? null) as { code?: unknown; message?: unknown; error_data?: { details?: unknown } } | null;
	const code = typeof error?.code === 'number' ? error.code : null;
	const reason = `${typeof error?.message === 'string' ? error.message : `Meta HTTP ${status}`}${typeof error?.error_data?.details === 'string' ? `: ${error.error_data.details}` : ''}`;
	if (code !== null) {
		if (RETRY_CODES.has(code)) return { ...base, kind: 'retry', retryAfterMs: retryAfterMs(headers), reason };
		if (INVALID_NUMBER_CODES.has(code)) return { ...base, kind: 'rejected', reason: 'invalid_number', detail: reason };
		if (MISCONFIGURED_CODES.has(code) || (code >= 200 && code <= 299)) return { ...base, kind: 'misconfigured', reason };
	}
	if (status === 401 || status === 403) return { ...base, kind: 'misconfigured', reason };
	if (status === 429 || status >= 500) return { ...base, kind: 'retry', retryAfterMs: retryAfterMs(headers), reason };
	// Another 4xx with a code we do not list (131047 outside the window, 100 invalid parameter…):
	// this message as built will never be accepted.
	return { ...base, kind: 'rejected', reason: 'rejected', detail: reason };
}

export function createMetaGateway(options: MetaOptions): WhatsAppGateway {
	const base = (options.baseUrl ?? 'https://graph.facebook.com').replace(/\/$/, '');
	const url = `${base}/${options.apiVersion ?? 'v21.0'}/${encodeURIComponent(options.phoneNumberId)}/messages`;
	return {
		kind: 'meta',
		sends: true,
		ratePerSecond: options.ratePerSecond ?? 20,
		async send(message: OutgoingMessage): Promise<SendOutcome> {
			const result = await callGateway(
				url,
				{ method: 'POST', headers: { authorization: `Bearer ${options.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(metaBody(message)) },
				options.timeoutMs ?? 15_000
			);
			if (!result.ok) return result.outcome;
			return metaOutcome(result.answer.status, result.answer.text, result.answer.headers);
		}
	};
}
