/**
 * Meta's webhook for the WhatsApp Cloud API (docs/WHATSAPP.md): the subscription check (GET with
 * `hub.challenge`) and the signed status updates (POST). A status moves a message forward only —
 * sent → delivered → read; failed from sent — because Meta does not promise order and repeats
 * deliveries. Unknown message ids are answered 200 (they may be another app's on the same number),
 * unless a Meta call is under way: then 503, so Meta delivers the status again after Lunas has
 * recorded the id.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { clip } from './queue';
import { verifyMetaSignature } from './meta-signature';

export interface WebhookAnswer {
	status: number;
	body: string;
}

/** GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… */
export function answerMetaChallenge(params: URLSearchParams, verifyToken: string): WebhookAnswer {
	const mode = params.get('hub.mode');
	const token = params.get('hub.verify_token');
	const challenge = params.get('hub.challenge');
	if (mode === 'subscribe' && verifyToken !== '' && token === verifyToken && challenge !== null) return { status: 200, body: challenge };
	return { status: 403, body: 'forbidden' };
}

interface MetaStatus {
	id: string;
	status: 'sent' | 'delivered' | 'read' | 'failed';
	timestamp: Date;
	error: string | null;
}

/** The statuses in a webhook body; anything else in it (incoming messages) is ignored. */
export function statusesOf(body: unknown): MetaStatus[] {
	const out: MetaStatus[] = [];
	const entries = (body as { entry?: unknown })?.entry;
	if (!Array.isArray(entries)) return out;
	for (const entry of entries) {
		const changes = (entry as { changes?: unknown })?.changes;
		if (!Array.isArray(changes)) continue;
		for (const change of changes) {
			const statuses = (change as { value?: { statuses?: unknown } })?.value?.statuses;
			if (!Array.isArray(statuses)) continue;
			for (const s of statuses as Array<Record<string, unknown>>) {
				if (typeof s?.id !== 'string' || s.id.length > 128) continue;
				if (s.status !== 'sent' && s.status !== 'delivered' && s.status !== 'read' && s.status !== 'failed') continue;
				const seconds = Number(s.timestamp);
				const errors = Array.isArray(s.errors) ? (s.errors as Array<{ code?: unknown; title?: unknown; message?: unknown }>) : [];
				const error = errors.length > 0 ? errors.map((e) => `${e.code ?? ''} ${e.title ?? e.message ?? ''}`.trim()).join('; ') : null;
				out.push({ id: s.id, status: s.status, timestamp: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date(), error });
			}
		}
	}
	return out;
}

/** Applies one status; each guard makes a repeat or a late, older status a no-op. */
async function applyStatus(db: Db, s: MetaStatus): Promise<number> {
	const where = sql`provider_message_id = ${s.id} AND gateway = 'meta'`;
	let result: unknown;
	switch (s.status) {
		case 'sent':
			return 0;
		case 'delivered':
			result = await db.execute(sql`
				UPDATE wa_messages SET delivered_at = COALESCE(delivered_at, ${s.timestamp}),
					status = IF(status = 'sent', 'delivered', status)
				WHERE ${where} AND status IN ('sent', 'delivered', 'read')`);
			break;
		case 'read':
			result = await db.execute(sql`
				UPDATE wa_messages SET read_at = COALESCE(read_at, ${s.timestamp}), delivered_at = COALESCE(delivered_at, ${s.timestamp}),
					status = IF(status IN ('sent', 'delivered'), 'read', status)
				WHERE ${where} AND status IN ('sent', 'delivered', 'read')`);
			break;
		case 'failed':
			result = await db.execute(sql`
				UPDATE wa_messages SET status = 'failed', finished_at = NOW(3), last_error = ${clip(s.error ?? 'failed (reported by Meta)', 1000)}
				WHERE ${where} AND status = 'sent'`);
			break;
	}
	return (result as [{ affectedRows: number }])[0].affectedRows;
}

/** Webhook bodies are small; a larger one is not Meta's. */
const MAX_BODY = 512 * 1024;

export async function handleMetaWebhook(db: Db, rawBody: string, signature: string | null, appSecret: string | null): Promise<WebhookAnswer> {
	if (rawBody.length > MAX_BODY) return { status: 413, body: 'too large' };
	if (!appSecret || !verifyMetaSignature(rawBody, signature, appSecret)) return { status: 401, body: 'bad signature' };
	let body: unknown;
	try {
		body = JSON.parse(rawBody);
	} catch {
		return { status: 400, body: 'not JSON' };
	}
	let unknown = 0;
	for (const s of statusesOf(body)) {
		if ((await applyStatus(db, s)) > 0) continue;
		const [rows] = (await db.execute(sql`SELECT 1 AS x FROM wa_messages WHERE provider_message_id = ${s.id} LIMIT 1`)) as unknown as [unknown[]];
		if (rows.length === 0) unknown += 1;
	}
	if (unknown > 0) {
		// Meta can report a message before Lunas has recorded the answer that named it. While a
		// Meta call is under way, ask Meta to deliver again later (it retries non-2xx answers);
		// otherwise the id is not ours (another app on the number) and 200 ends it.
		const [sending] = (await db.execute(sql`SELECT 1 AS x FROM wa_messages WHERE status = 'sending' AND gateway = 'meta' LIMIT 1`)) as unknown as [unknown[]];
		if (sending.length > 0) return { status: 503, body: 'not yet known, try again' };
	}
	return { status: 200, body: 'ok' };
}
