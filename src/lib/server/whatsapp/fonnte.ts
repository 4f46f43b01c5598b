/**
 * Fonnte (https://docs.fonnte.com/api-send-message/): `POST https://api.fonnte.com/send`, header
 * `Authorization: <device token>`, form fields `target`, `message`, `countryCode`. It answers HTTP
 * 200 for refusals too, with `{"status": false, "reason": "..."}`; an accepted message is
 * `{"status": true, "detail": "success! message in queue", "id": [142223099], "process": "pending", …}`.
 */
import { byHttpStatus, callGateway, digitsOf, parseJson } from './http';
import type { OutgoingMessage, SendOutcome, WhatsAppGateway } from './types';

export interface FonnteOptions {
	token: string;
	/** Defaults to https://api.fonnte.com; the simulator's URL in tests and the demo. */
	baseUrl?: string;
	ratePerSecond?: number;
	timeoutMs?: number;
}

/** Reasons that mean the token or the device, not the message: every message would fail alike. */
const MISCONFIGURED = /token|device|unauthori[sz]ed|not connected|disconnected|expired/i;
/** Reasons that mean this number cannot receive WhatsApp. */
const INVALID_NUMBER = /invalid (target|number|phone)|target invalid|not registered|not on whatsapp|number invalid/i;
/** Reasons that pass: a quota or a limit resets, a busy device frees up. */
const TRANSIENT = /limit|quota|busy|try again|wait|timeout/i;

export function fonnteOutcome(status: number, text: string, headers: Headers): SendOutcome {
	const byStatus = byHttpStatus({ status, text, headers }, `Fonnte HTTP ${status}`);
	if (byStatus) return byStatus;
	const body = parseJson(text);
	const base = { httpStatus: status, answer: text };
	if (body?.status === true) {
		const ids = Array.isArray(body.id) ? body.id : body.id != null ? [body.id] : [];
		return { ...base, kind: 'accepted', providerMessageId: ids.length > 0 ? String(ids[0]) : null };
	}
	const reason = typeof body?.reason === 'string' ? body.reason : typeof body?.detail === 'string' ? body.detail : `unreadable answer (HTTP ${status})`;
	if (!body) return { ...base, kind: 'retry', retryAfterMs: null, reason };
	if (INVALID_NUMBER.test(reason)) return { ...base, kind: 'rejected', reason: 'invalid_number', detail: reason };
	if (TRANSIENT.test(reason)) return { ...base, kind: 'retry', retryAfterMs: null, reason };
	if (MISCONFIGURED.test(reason)) return { ...base, kind: 'misconfigured', reason };
	// An answer we do not know: retry with backoff; the attempts and their answers are on record.
	return { ...base, kind: 'retry', retryAfterMs: null, reason };
}

export function createFonnteGateway(options: FonnteOptions): WhatsAppGateway {
	const url = `${(options.baseUrl ?? 'https://api.fonnte.com').replace(/\/$/, '')}/send`;
	return {
		kind: 'fonnte',
		sends: true,
		ratePerSecond: options.ratePerSecond ?? 1,
		async send(message: OutgoingMessage): Promise<SendOutcome> {
			const form = new URLSearchParams({ target: digitsOf(message.to), message: message.body, countryCode: '62' });
			const result = await callGateway(
				url,
				{ method: 'POST', headers: { authorization: options.token, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
				options.timeoutMs ?? 15_000
			);
			if (!result.ok) return result.outcome;
			return fonnteOutcome(result.answer.status, result.answer.text, result.answer.headers);
		}
	};
}
