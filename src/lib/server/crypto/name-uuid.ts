import { createHash } from 'node:crypto';

/**
 * A UUID that is a function of its name (RFC 9562 version 8, SHA-256 of the name, RFC variant
 * bits): the same event or idempotent request always gets the same id, so a UNIQUE key on it
 * makes the second copy a no-op.
 */
export function uuidFromName(name: string): string {
	const h = createHash('sha256').update(name).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
