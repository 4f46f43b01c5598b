import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Router and PPPoE passwords at rest: AES-256-GCM under the configured SECRETS_KEY.
 * Envelope: `v1:<iv b64url>:<tag b64url>:<ciphertext b64url>` — versioned so the key or
 * algorithm can be rotated later without guessing what a stored value is.
 */

export class SecretBoxError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SecretBoxError';
	}
}

function keyFromHex(hexKey: string): Buffer {
	if (!/^[0-9a-fA-F]{64}$/.test(hexKey)) throw new SecretBoxError('SECRETS_KEY must be 64 hex characters');
	return Buffer.from(hexKey, 'hex');
}

export function encryptSecret(plain: string, hexKey: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', keyFromHex(hexKey), iv);
	const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	const tag = cipher.getAuthTag();
	return ['v1', iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(':');
}

export function decryptSecret(envelope: string, hexKey: string): string {
	const parts = envelope.split(':');
	if (parts.length !== 4 || parts[0] !== 'v1') {
		throw new SecretBoxError('Stored secret is not a Lunas v1 envelope (corrupted or not encrypted)');
	}
	const [, ivText, tagText, bodyText] = parts;
	const iv = Buffer.from(ivText, 'base64url');
	const tag = Buffer.from(tagText, 'base64url');
	if (iv.length !== 12 || tag.length !== 16) throw new SecretBoxError('Stored secret envelope is malformed');
	try {
		const decipher = createDecipheriv('aes-256-gcm', keyFromHex(hexKey), iv);
		decipher.setAuthTag(tag);
		return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8');
	} catch {
		throw new SecretBoxError(
			'Stored secret cannot be decrypted: SECRETS_KEY is not the key it was encrypted with, or the value was tampered with'
		);
	}
}
