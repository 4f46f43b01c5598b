/**
 * "Links only": today's behaviour and the default. Nothing is sent automatically — the office taps
 * a wa.me link per customer (reminders page) — so the outbox worker does not run with it.
 */
import type { WhatsAppGateway } from './types';

export const linksOnlyGateway: WhatsAppGateway = {
	kind: 'links',
	sends: false,
	ratePerSecond: 0,
	async send() {
		throw new Error('the links-only gateway sends nothing; the outbox worker must not run with it');
	}
};
