/**
 * Every response carries the security headers (CSP with frame-ancestors 'none', nosniff,
 * Referrer-Policy), office and phone pages are never cached, and the CSP is one the app runs
 * under: pages used in a browser report no violation (SvelteKit's nonce, the pay page's inline
 * script and snap.js from the configured Snap origin).
 */
import { expect, test, type Page } from '@playwright/test';
import { query, signInAs, waitForHydration } from './helpers';

function expectSecure(path: string, headers: Record<string, string>, { page }: { page: boolean }) {
	expect(headers['x-content-type-options'], path).toBe('nosniff');
	expect(headers['referrer-policy'], path).toBeTruthy();
	expect(headers['x-frame-options'], path).toBe('DENY');
	const csp = headers['content-security-policy'] ?? '';
	expect(csp, path).toContain("frame-ancestors 'none'");
	if (page) {
		// SvelteKit's scripts carry a nonce; pages without the app bundle (pay, isolir) have none.
		expect(csp, path).toMatch(/(^|; )script-src 'self'/);
		expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
	}
	if (/^\/(office|tech)(\/|$)/.test(path)) expect(headers['cache-control'], path).toBe('no-store');
}

/** Collects CSP violations the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { __csp: string[] }).__csp = seen;
		document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
	});
	return () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

test('every kind of response carries the security headers', async ({ request }) => {
	const [invoice] = await query<{ pay_token: string }>("SELECT pay_token FROM invoices WHERE status IN ('unpaid', 'partial') LIMIT 1");
	for (const [path, page] of [
		['/login', true],
		['/isolir', true],
		[`/pay/${invoice.pay_token}`, true],
		['/api/health', false],
		['/api/trpc/me.get', false],
		['/no-such-page', true],
		['/office/%', false]
	] as const) {
		const response = await request.get(path, { maxRedirects: 0, failOnStatusCode: false });
		expectSecure(path, response.headers(), { page });
	}
	// Signed out, the office answers with a redirect: that too is never cached.
	const office = await request.get('/office/customers', { maxRedirects: 0 });
	expect(office.status()).toBe(303);
	expectSecure('/office/customers', office.headers(), { page: false });
	// With a dead session cookie, the redirect also clears it.
	const stale = await request.get('/office/customers', { maxRedirects: 0, headers: { cookie: `lunas_session=${'A'.repeat(43)}` } });
	expect(stale.status()).toBe(303);
	expect(stale.headers().location).toBe('/login?next=%2Foffice%2Fcustomers');
	expect(stale.headers()['set-cookie']).toMatch(/^lunas_session=;.*Max-Age=0/i);
	expectSecure('/office/customers', stale.headers(), { page: false });
});

test('office pages are not cached, carry the CSP and run under it without a violation', async ({ page }) => {
	const violations = await watchViolations(page);
	await signInAs(page, 'admin');
	for (const path of ['/office', '/office/customers', '/office/payments', '/office/reports/revenue', '/office/settings', '/office/routers', '/office/staff']) {
		const response = await page.goto(path);
		const headers = await response!.allHeaders();
		expectSecure(path, headers, { page: true });
		expect(headers['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-[^']+'/);
		await waitForHydration(page);
		expect(await violations(), path).toEqual([]);
	}
});

test('the pay page runs its inline script and snap.js under its CSP', async ({ page }) => {
	const violations = await watchViolations(page);
	const [invoice] = await query<{ pay_token: string }>(
		"SELECT pay_token FROM invoices WHERE status IN ('unpaid', 'partial') ORDER BY period_start DESC LIMIT 1"
	);
	const response = await page.goto(`/pay/${invoice.pay_token}`);
	const headers = await response!.allHeaders();
	expectSecure('/pay', headers, { page: true });
	expect(headers['content-security-policy']).toMatch(/script-src [^;]*'sha256-/);
	await page.getByRole('button', { name: 'Bayar sekarang' }).click();
	// snap.js, loaded from the Snap origin the CSP names, opens the (simulated) Snap screen.
	await expect(page.getByText('Simulator Midtrans')).toBeVisible();
	expect(await violations()).toEqual([]);
});
