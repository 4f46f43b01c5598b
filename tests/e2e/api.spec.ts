import { expect, test } from '@playwright/test';
import { signInAs } from './helpers';

test('GET /api/health reports the database, version and server time', async ({ request }) => {
	const res = await request.get('/api/health');
	expect(res.status()).toBe(200);
	const body = await res.json();
	expect(body.status).toBe('ok');
	expect(body.database.reachable).toBe(true);
	expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
	expect(Math.abs(Date.parse(body.serverTime) - Date.now())).toBeLessThan(60_000);
});

test('tRPC refuses the signed-out and answers malformed input with 400 naming the fields', async ({ page }) => {
	const unauth = await page.request.get('/api/trpc/staff.list');
	expect(unauth.status()).toBe(401);

	await signInAs(page, 'admin');

	const bad = await page.request.post('/api/trpc/staff.create', {
		data: { json: { username: 'A B', name: '', role: 'boss', password: 'x' } }
	});
	expect(bad.status()).toBe(400);
	const body = await bad.json();
	const fields = Object.keys(body.error.json.data.fieldErrors);
	expect(fields.sort()).toEqual(['name', 'password', 'role', 'username']);
	expect(body.error.json.data.fieldErrors.password[0]).toBe('Minimal 10 karakter.');

	const garbage = await page.request.post('/api/trpc/staff.create', { data: 'not json at all', headers: { 'content-type': 'application/json' } });
	expect(garbage.status()).toBe(400);
});
