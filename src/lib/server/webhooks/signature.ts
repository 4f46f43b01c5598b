/**
 * How a webhook is signed, and how a receiver checks it (the same code, so the documented recipe
 * and what Lunas sends cannot drift apart):
 *
 *   Lunas-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The timestamp is inside the signed text, so an attacker who recorded a delivery cannot send it
 * again later with a fresh time; a receiver refuses a `t` older than the replay window and keeps
 * the event ids it has seen for that long (a retry carries the same event id).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_REPLAY_WINDOW_SECONDS } from '../../shared/webhooks';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
	return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

function digest(secret: string, timestamp: number, body: string): string {
	return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
	return `t=${timestamp},v1=${digest(secret, timestamp, body)}`;
}

/** True when the header signs this exact body with this secret, within the replay window of `now`. */
export function verifySignature(
	secret: string,
	header: string | null | undefined,
	body: string,
	now = Date.now(),
	windowSeconds = WEBHOOK_REPLAY_WINDOW_SECONDS
): boolean {
	const parts = new Map((header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string]));
	const t = Number(parts.get('t'));
	const given = parts.get('v1') ?? '';
	if (!Number.isSafeInteger(t) || !/^[0-9a-f]{64}$/.test(given)) return false;
	if (Math.abs(Math.floor(now / 1000) - t) > windowSeconds) return false;
	return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(digest(secret, t, body), 'hex'));
}
