/**
 * What anyone on the internet can send: bodies that are not forms, batches too large, dates at
 * the calendar's edges in addresses. Every one is a 4xx with a message, never a 5xx.
 */
import { expect, test } from '@playwright/test';
import { query, signInAs } from './helpers';

const NOT_FORMS: Array<{ type: string; body: string }> = [
	{ type: 'text/plain', body: 'username=admin&password=x' },
	{ type: 'application/json', body: '{"username":"admin"}' },
	{ type: 'multipart/form-data; boundary=xyz', body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\ntruncated' },
	{ type: 'application/octet-stream', body: '\u0000\u0001\u0002' }
];

test('a body that is not a form, posted to any form action, is a 400 in the visitor language', async ({ request, baseURL }) => {
	for (const path of ['/login', '/lang', '/isolir', '/logout']) {
		for (const { type, body } of NOT_FORMS) {
			const res = await request.post(path, { data: body, headers: { 'content-type': type, origin: baseURL! }, maxRedirects: 0 });
			// /logout reads no body; it signs out whatever is sent. SvelteKit itself answers a type
			// that no form sends (JSON, octet-stream) with 415; text/plain and a broken multipart
			// reach the action and are our 400.
			if (path === '/logout') expect(res.status(), `${path} ${type}`).toBeLessThan(500);
			else if (!/^(text\/plain|multipart\/form-data)/.test(type)) expect(res.status(), `${path} ${type}`).toBe(415);
			else {
				expect(res.status(), `${path} ${type}`).toBe(400);
				expect(await res.text(), `${path} ${type}`).toContain('kirim lewat formulir');
			}
		}
	}
	// A real form still works.
	const ok = await request.post('/lang', { form: { lang: 'en', next: '/login' }, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
	expect(ok.status()).toBe(303);
});

test('a tRPC batch larger than the limit is refused before anything runs', async ({ page }) => {
	await signInAs(page, 'admin');
	const calls = Array.from({ length: 21 }, () => 'reports.dashboard').join(',');
	const input = encodeURIComponent(JSON.stringify({}));
	const big = await page.request.get(`/api/trpc/${calls}?batch=1&input=${input}`);
	expect(big.status()).toBe(400);
	const small = await page.request.get(`/api/trpc/${Array.from({ length: 2 }, () => 'areas.list').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: {} }, 1: { json: {} } }))}`);
	expect(small.status()).toBe(200);
});

test('dates at the edges of the calendar in pages and exports are a field error, not a 5xx', async ({ page }) => {
	await signInAs(page, 'admin');
	const pages = [
		'/office/payments?to=9999-12-31',
		'/office/payments?from=0001-01-01',
		'/office/handovers?to=9999-12-31',
		'/office/invoices?period=0000-01',
		'/office/reports/revenue?from=0000-01',
		'/office/reports/revenue?from=2000-01',
		'/office/reports/arrears?to=9999-12-31',
		'/office/reports/collectors?from=0001-01-01',
		'/office/reports/ledger?to=9999-12-31',
		'/office/audit?to=9999-12-31'
	];
	for (const path of pages) {
		const res = await page.request.get(path);
		expect(res.status(), path).toBe(200);
		expect(await res.text(), path).toMatch(/Tahun harus antara 2000 dan 2100|Rentang terlalu panjang/);
	}
	for (const path of [
		'/office/reports/export/revenue?from=0000-01',
		'/office/reports/export/revenue?from=2000-01',
		'/office/reports/export/ledger?to=9999-12-31',
		'/office/reports/export/arrears?to=9999-12-31',
		'/office/reports/export/collectors?from=0001-01-01'
	]) {
		const res = await page.request.get(path);
		expect(res.status(), path).toBe(400);
	}
	const print = await page.request.get('/office/invoices/print?period=9999-12');
	expect(print.status()).toBeLessThan(500);
});

test('Midtrans notifications: a large body is 413 unread, refusals are recorded small and then limited', async ({ request }) => {
	const big = await request.post('/api/midtrans/notification', { data: 'x'.repeat(100 * 1024), headers: { 'content-type': 'application/json' } });
	expect(big.status()).toBe(413);
	const forged = JSON.stringify({ order_id: `INV-E2E-FLOOD-${Date.now()}`, status_code: '200', gross_amount: '150000.00', signature_key: 'f'.repeat(128), pad: 'A'.repeat(50_000) });
	const statuses: number[] = [];
	for (let i = 0; i < 25; i++) {
		statuses.push((await request.post('/api/midtrans/webhook', { data: forged, headers: { 'content-type': 'application/json' } })).status());
	}
	// Earlier refusals from this address in the window count too; once limited, always limited.
	const first429 = statuses.indexOf(429);
	expect(first429).toBeGreaterThan(-1);
	expect(statuses.slice(0, first429).every((s) => s === 403)).toBe(true);
	expect(statuses.slice(first429).every((s) => s === 429)).toBe(true);
	const rows = await query<{ n: number; longest: number }>('SELECT COUNT(*) AS n, MAX(LENGTH(raw)) AS longest FROM midtrans_notifications WHERE order_id = ?', [JSON.parse(forged).order_id]);
	expect(Number(rows[0].n)).toBe(first429);
	expect(Number(rows[0].longest)).toBeLessThan(1500);
});
