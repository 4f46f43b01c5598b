/**
 * Meta signs every webhook POST with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body,
 * keyed with the app secret>`. The check must run on the raw bytes, before any JSON parsing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function metaSignature(rawBody: string | Buffer, appSecret: string): string {
	return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function verifyMetaSignature(rawBody: string | Buffer, header: string | null | undefined, appSecret: string): boolean {
	if (!header || !appSecret) return false;
	const expected = Buffer.from(metaSignature(rawBody, appSecret));
	const given = Buffer.from(header.trim());
	return given.length === expected.length && timingSafeEqual(given, expected);
}
