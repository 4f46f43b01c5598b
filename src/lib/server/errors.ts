/**
 * The errors services throw. A service knows nothing of tRPC, HTTP or language: it says what kind
 * of refusal this is and which message explains it (an i18n key and its values, optionally per
 * field). Only the edges translate and pick a status: the tRPC error formatter, page loads, the
 * REST API, the phone's stored sync answers and outgoing messages.
 */
import type { MessageKey } from '../shared/i18n/index';

export type MessageValues = Record<string, string | number>;

/** A message not yet in any language. */
export interface Message {
	key: MessageKey;
	values?: MessageValues;
}

/**
 * `invalid`: the input breaks a rule (400); `not_found` (404); `conflict`: the record's state
 * refuses it, e.g. already voided (409); `forbidden` (403); `unauthorized`: not signed in (401);
 * `rate_limited` (429); `unavailable`: an outside system or the database cannot answer now (503).
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'rate_limited' | 'unavailable';

export class DomainError extends Error {
	constructor(
		public readonly kind: DomainErrorKind,
		public readonly msg: Message,
		/** Messages per input field ("username" → already taken), for forms to show under the field. */
		public readonly fields: Record<string, Message[]> = {}
	) {
		super(msg.key);
		this.name = 'DomainError';
	}
}

/** A rule on one input field: `throw invalidField('username', 'validation.taken')`. */
export function invalidField(field: string, key: MessageKey, values?: MessageValues): DomainError {
	const msg = { key, values };
	return new DomainError('invalid', msg, { [field]: [msg] });
}

export function invalid(key: MessageKey, values?: MessageValues): DomainError {
	return new DomainError('invalid', { key, values });
}

export function notFound(key: MessageKey, values?: MessageValues): DomainError {
	return new DomainError('not_found', { key, values });
}

export function conflict(key: MessageKey, values?: MessageValues): DomainError {
	return new DomainError('conflict', { key, values });
}

export function forbidden(key: MessageKey, values?: MessageValues): DomainError {
	return new DomainError('forbidden', { key, values });
}

export function unauthorized(key: MessageKey = 'error.signedOut', values?: MessageValues): DomainError {
	return new DomainError('unauthorized', { key, values });
}

export function rateLimited(key: MessageKey, values?: MessageValues): DomainError {
	return new DomainError('rate_limited', { key, values });
}

export function unavailable(key: MessageKey, values?: MessageValues): DomainError {
	return new DomainError('unavailable', { key, values });
}

/** The HTTP status each kind means, for the REST API and plain endpoints. */
export const HTTP_STATUS: Record<DomainErrorKind, number> = {
	invalid: 400,
	not_found: 404,
	conflict: 409,
	forbidden: 403,
	unauthorized: 401,
	rate_limited: 429,
	unavailable: 503
};
