/**
 * Midtrans order ids: letters, digits and `- _ ~ .`, at most 50 characters, unique per attempt.
 * `<invoice number>-<attempt stamp>`: the office can read which invoice an order paid, and a new
 * attempt for the same invoice never reuses an id (a reused one answers 406).
 */
import { randomBytes } from 'node:crypto';

export const ORDER_ID_MAX = 50;
export const ORDER_ID_PATTERN = /^[A-Za-z0-9\-_~.]{1,50}$/;

export function newOrderId(invoiceNumber: string, now: Date = new Date()): string {
	const stamp = now.getTime().toString(36);
	const nonce = randomBytes(3).toString('hex');
	const suffix = `-${stamp}${nonce}`;
	const base = invoiceNumber.replace(/[^A-Za-z0-9\-_~.]/g, '').slice(0, ORDER_ID_MAX - suffix.length);
	return `${base}${suffix}`;
}
