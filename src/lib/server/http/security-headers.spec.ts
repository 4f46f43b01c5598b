import { describe, expect, it } from 'vitest';
import { applySecurityHeaders, extendCsp, isSignedInArea, scriptHash } from './security-headers';

describe('security headers', () => {
	it('sets the defaults without overriding what a route chose', () => {
		const h = new Headers({ 'referrer-policy': 'no-referrer' });
		applySecurityHeaders('/api/health', h);
		expect(h.get('x-content-type-options')).toBe('nosniff');
		expect(h.get('x-frame-options')).toBe('DENY');
		expect(h.get('referrer-policy')).toBe('no-referrer');
		expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(h.get('cache-control')).toBeNull();
	});

	it('never lets office and phone pages be cached, whatever the route said', () => {
		for (const path of ['/office', '/office/customers', '/tech', '/tech/customers/1', '/office/__data.json']) {
			const h = new Headers({ 'cache-control': 'public, max-age=600' });
			applySecurityHeaders(path, h);
			expect(h.get('cache-control'), path).toBe('no-store');
		}
		for (const path of ['/officer', '/login', '/pay/x', '/technician']) expect(isSignedInArea(path), path).toBe(false);
	});

	it('extends a policy: adds sources, drops none, creates missing directives from default-src', () => {
		const policy = "default-src 'self'; script-src 'self' 'nonce-abc'; frame-src 'none'; frame-ancestors 'none'";
		const out = extendCsp(policy, { 'script-src': ["'sha256-x'", 'https://app.midtrans.com'], 'frame-src': ['https://app.midtrans.com'], 'connect-src': ['https://app.midtrans.com'], 'img-src': [] });
		expect(out).toBe(
			"default-src 'self'; script-src 'self' 'nonce-abc' 'sha256-x' https://app.midtrans.com; frame-src https://app.midtrans.com; frame-ancestors 'none'; connect-src 'self' https://app.midtrans.com"
		);
	});

	it('hashes an inline script the way CSP does', () => {
		expect(scriptHash('alert(1)')).toBe("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
	});
});
