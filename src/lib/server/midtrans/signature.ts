/**
 * Midtrans notification signatures: sha512hex(order_id + status_code + gross_amount + serverKey)
 * over the strings exactly as received. Compared in constant time so a forger learns nothing
 * from how long a wrong guess took.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function midtransSignature(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
	return createHash('sha512').update(orderId + statusCode + grossAmount + serverKey, 'utf8').digest('hex');
}

/** True when `signatureKey` is the signature of the notification's own fields. */
export function verifyMidtransSignature(
	fields: { order_id?: unknown; status_code?: unknown; gross_amount?: unknown; signature_key?: unknown },
	serverKey: string
): boolean {
	const { order_id, status_code, gross_amount, signature_key } = fields;
	if (!serverKey) return false;
	if (typeof order_id !== 'string' || typeof status_code !== 'string' || typeof gross_amount !== 'string' || typeof signature_key !== 'string') {
		return false;
	}
	const expected = Buffer.from(midtransSignature(order_id, status_code, gross_amount, serverKey), 'utf8');
	const given = Buffer.from(signature_key.toLowerCase(), 'utf8');
	// Lengths are public (always 128 hex characters); only equal-length buffers can be compared.
	if (given.length !== expected.length) return false;
	return timingSafeEqual(given, expected);
}
