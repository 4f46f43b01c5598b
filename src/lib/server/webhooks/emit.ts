/**
 * Writing webhook deliveries into the outbox — always inside the transaction of the event, so a
 * delivery exists if and only if the event committed. One row per endpoint that subscribes to
 * the event; the UNIQUE (endpoint, event id) makes a replayed event (a retried decision, a
 * resent payment) one delivery. Nothing is sent from here: the worker delivers (worker.ts).
 */
import mysql from 'mysql2/promise';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/index';
import { uuidFromName } from '../crypto/name-uuid';
import type { WebhookEventType } from '../../shared/webhooks';
import { nudgeWebhooks } from './nudge';

export interface WebhookEvent {
	type: WebhookEventType;
	/** What makes this event itself (a payment id, an invoice id, a subscription id and version): its id derives from it. */
	key: string;
	data: Record<string, unknown>;
}

type Rows<T> = [T[], unknown];

const HEAD = 'INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body) VALUES ? ON DUPLICATE KEY UPDATE id = id';

export const webhookEventId = (type: WebhookEventType, key: string): string => uuidFromName(`webhook\u0000${type}\u0000${key}`);

/** The document a receiver gets: the exact text stored, signed and sent. */
export function webhookBody(event: WebhookEvent, now: Date): { id: string; body: string } {
	const id = webhookEventId(event.type, event.key);
	return { id, body: JSON.stringify({ id, type: event.type, createdAt: now.toISOString(), data: event.data }) };
}

export async function emitWebhookEvents(tx: DbOrTx, events: WebhookEvent[], now = new Date()): Promise<void> {
	if (events.length === 0) return;
	// A handful of rows at most; read in the event's transaction so an endpoint deleted a moment
	// ago gets nothing. Without endpoints (most ISPs) this is the whole cost of an event.
	const [endpoints] = (await tx.execute(sql`SELECT id, events FROM webhook_endpoints WHERE deleted_at IS NULL`)) as unknown as Rows<{
		id: string;
		events: string | WebhookEventType[];
	}>;
	if (endpoints.length === 0) return;
	const wants = endpoints.map((e) => ({ id: e.id, events: new Set(typeof e.events === 'string' ? (JSON.parse(e.events) as WebhookEventType[]) : e.events) }));
	const rows: unknown[][] = [];
	for (const event of events) {
		const listeners = wants.filter((e) => e.events.has(event.type));
		if (listeners.length === 0) continue;
		const { id, body } = webhookBody(event, now);
		for (const e of listeners) rows.push([e.id, id, event.type, body]);
	}
	// Escaped by mysql2 in one multi-row statement, as whatsapp/enqueue.ts does.
	for (let i = 0; i < rows.length; i += 500) {
		await tx.execute(sql.raw(mysql.format(HEAD, [rows.slice(i, i + 500)] as Parameters<typeof mysql.format>[1], false, 'Z')));
	}
	if (rows.length > 0) nudgeWebhooks();
}

export function emitWebhookEvent(tx: DbOrTx, event: WebhookEvent, now = new Date()): Promise<void> {
	return emitWebhookEvents(tx, [event], now);
}
