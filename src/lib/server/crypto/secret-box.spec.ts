import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, SecretBoxError } from './secret-box';

const key = 'a'.repeat(64);
const otherKey = 'b'.repeat(64);

describe('secret box', () => {
	it('round-trips, including non-ASCII, with a fresh IV each time', () => {
		const a = encryptSecret('rahasia-ñ-🔑', key);
		const b = encryptSecret('rahasia-ñ-🔑', key);
		expect(a).not.toBe(b);
		expect(a).not.toContain('rahasia');
		expect(decryptSecret(a, key)).toBe('rahasia-ñ-🔑');
	});

	it('refuses the wrong key with a clear error', () => {
		const sealed = encryptSecret('secret', key);
		expect(() => decryptSecret(sealed, otherKey)).toThrow(SecretBoxError);
		expect(() => decryptSecret(sealed, otherKey)).toThrow(/not the key it was encrypted with/);
	});

	it('refuses tampered ciphertext, tag and envelope', () => {
		const sealed = encryptSecret('secret', key);
		const [v, iv, tag, body] = sealed.split(':');
		const flipped = Buffer.from(body, 'base64url');
		flipped[0] ^= 1;
		expect(() => decryptSecret([v, iv, tag, flipped.toString('base64url')].join(':'), key)).toThrow(SecretBoxError);
		const badTag = Buffer.from(tag, 'base64url');
		badTag[3] ^= 1;
		expect(() => decryptSecret([v, iv, badTag.toString('base64url'), body].join(':'), key)).toThrow(SecretBoxError);
		expect(() => decryptSecret('plaintext-password', key)).toThrow(/not a Lunas v1 envelope/);
	});

	it('refuses a malformed key', () => {
		expect(() => encryptSecret('x', 'short')).toThrow(/64 hex/);
	});
});
