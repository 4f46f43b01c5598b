/**
 * A router failure in words. The monitor and the job worker store the technical text
 * (`timeout: no answer from 10.0.0.1:8728 within 10 s`, `login refused by …`) because support
 * needs it; people read the kind of failure in their language, the text kept behind "Detail".
 * The stored text starts with the error's kind (`timeout:`) or says it in its own words; both are
 * recognised here, in one place.
 */
import type { MessageKey } from './i18n/index';

const KINDS: Array<[RegExp, MessageKey]> = [
	[/^login:|login refused|wrong username or password|invalid user name or password|cannot log in/i, 'routerError.login'],
	[/^timeout:|no answer|timed? ?out|SOCKTMOUT|ETIMEDOUT/i, 'routerError.timeout'],
	[/certificate|TLS|SSL|handshake/i, 'routerError.tls'],
	[/^connect:|cannot reach|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|opened no socket|does not exist/i, 'routerError.connect'],
	[/^closed:|closed the connection|connection (is )?closed|ECONNRESET|EPIPE/i, 'routerError.closed'],
	[/^trap:|router refused|failure:|already have|no such item/i, 'routerError.refused'],
	[/^fatal:/i, 'routerError.fatal'],
	[/^protocol:|garbage|unexpected reply|answered without/i, 'routerError.protocol']
];

/** The message key that says what kind of failure a stored router error is. */
export function routerErrorKey(raw: string | null | undefined): MessageKey {
	const text = (raw ?? '').trim();
	for (const [pattern, key] of KINDS) if (pattern.test(text)) return key;
	return 'routerError.other';
}
