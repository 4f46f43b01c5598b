import { describe, expect, it } from 'vitest';
import { sameSitePath } from './safe-redirect';

describe('sameSitePath', () => {
	it('keeps paths on this site', () => {
		expect(sameSitePath('/office/customers?search=budi')).toBe('/office/customers?search=budi');
		expect(sameSitePath('/')).toBe('/');
	});
	it('refuses anything that leaves it', () => {
		for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'office', '', null, undefined, 42]) {
			expect(sameSitePath(bad)).toBeNull();
		}
	});
});
