import { describe, expect, it } from 'vitest';
import { decodedPath } from './request-path';

describe('decodedPath', () => {
	it('accepts ordinary and properly encoded paths', () => {
		for (const p of ['/', '/office', '/office/customers/abc', '/pay/AbC_-9', '/office/%20x', '/a/%25/b', '/a%2Fb', '/%E2%82%AC']) {
			expect(decodedPath(p), p).not.toBeNull();
		}
	});

	it('refuses every malformed escape, wherever it sits', () => {
		const bad = ['%', '%c0%af', '%E0%A4%A', '%zz', '%1', '%ED%A0%80', '%FF', '%C0%80'];
		for (const prefix of ['/office/', '/tech/', '/', '/api/trpc/', '/login/']) {
			for (const b of bad) {
				expect(decodedPath(`${prefix}..${b}..`), `${prefix}..${b}..`).toBeNull();
				expect(decodedPath(`${prefix}${b}`), `${prefix}${b}`).toBeNull();
			}
		}
	});
});
