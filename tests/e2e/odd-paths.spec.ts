/**
 * Requests a scanner sends all day: paths that cannot be percent-decoded, under every part of the
 * app. Each is a 400, and the server still answers afterwards (one such request used to end it).
 */
import { expect, test } from '@playwright/test';

const MALFORMED = ['%', '..%c0%af..', '%E0%A4%A', '%zz', '..%ED%A0%80..', 'a%', '%%32%65'];
const PREFIXES = ['/office/', '/tech/', '/office/staff/', '/', '/api/trpc/', '/pay/', '/login/', '/_app/'];

test('a path that cannot be decoded is a 400 and the server keeps running', async ({ request }) => {
	for (const prefix of PREFIXES) {
		for (const bad of MALFORMED) {
			for (const method of ['GET', 'POST', 'HEAD'] as const) {
				const response = await request.fetch(prefix + bad, { method, maxRedirects: 0, failOnStatusCode: false, timeout: 5000 });
				expect(response.status(), `${method} ${prefix}${bad}`).toBe(400);
			}
			const health = await request.get('/api/health');
			expect(health.status(), `alive after ${prefix}${bad}`).toBe(200);
		}
	}
	// Signed out, a decodable office path still goes to sign-in: only malformed paths are refused.
	const office = await request.get('/office/customers', { maxRedirects: 0 });
	expect(office.status()).toBe(303);
	expect(office.headers().location).toBe('/login?next=%2Foffice%2Fcustomers');
});
