/**
 * One interface for every WhatsApp gateway. A gateway turns a message into exactly one HTTP call
 * and says what the answer means for the outbox; it never retries by itself and never touches the
 * database — the outbox worker decides what happens next (docs/WHATSAPP.md, "Answers and states").
 */
import type { WaGatewayKind } from '../../shared/whatsapp';

export interface WaTemplate {
	/** An approved template's name at Meta. */
	name: string;
	/** Its language code, e.g. `id`. */
	language: string;
	/** The body's {{1}}, {{2}}… in order. */
	params: string[];
}

export interface OutgoingMessage {
	/** E.164 with '+', e.g. `+6281234567890`. */
	to: string;
	body: string;
	template?: WaTemplate | null;
}

interface Answer {
	/** Null when no HTTP answer came back. */
	httpStatus: number | null;
	/** The raw answer (clipped before it is stored), or what went wrong on the way. */
	answer: string;
}

/**
 * - `accepted`: the gateway took the message; `providerMessageId` is its id when it gave one.
 * - `retry`: certainly not taken (refused connection, 5xx, 429, a transient refusal): try again,
 *   not before `retryAfterMs` when the gateway said so.
 * - `rejected`: refused for good for THIS message (invalid number, outside Meta's window…).
 * - `misconfigured`: the gateway refuses Lunas itself (bad token, no device, unapproved
 *   template): every message would fail the same way, so the worker pauses the gateway.
 * - `unknown`: the call may have reached the gateway (timeout or connection lost after sending):
 *   the outbox must NOT resend blindly; the message is held for a person.
 */
export type SendOutcome =
	| (Answer & { kind: 'accepted'; providerMessageId: string | null })
	| (Answer & { kind: 'retry'; retryAfterMs: number | null; reason: string })
	| (Answer & { kind: 'rejected'; reason: 'invalid_number' | 'rejected'; detail: string })
	| (Answer & { kind: 'misconfigured'; reason: string })
	| (Answer & { kind: 'unknown'; reason: string });

export interface WhatsAppGateway {
	readonly kind: WaGatewayKind;
	/** False for "links only": nothing is sent automatically, the office taps wa.me links. */
	readonly sends: boolean;
	/** Most calls per second Lunas makes to this gateway. */
	readonly ratePerSecond: number;
	send(message: OutgoingMessage): Promise<SendOutcome>;
}
