import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { query, signInAs } from './helpers';
import { openApiContract, type OpenApiDocument } from '../openapi-contract';

/** The REST API (issue #20) over plain HTTP against the built server, with keys made on the settings page. */

async function createKey(page: Page, name: string, scope: 'Hanya baca' | 'Baca dan tulis'): Promise<string> {
	await page.goto('/office/settings');
	const section = page.getByRole('region', { name: 'Kunci API' });
	await section.getByLabel('Nama', { exact: true }).fill(name);
	await section.getByLabel('Hak akses').selectOption({ label: scope });
	await section.getByRole('button', { name: 'Buat kunci' }).click();
	const secret = (await section.getByTestId('api-key-secret').textContent()) ?? '';
	expect(secret).toMatch(/^lunas_[A-Za-z0-9_-]{43}$/);
	await expect(section.getByRole('cell', { name: new RegExp(name) })).toBeVisible();
	return secret;
}

const auth = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });

async function openApi(request: APIRequestContext) {
	const res = await request.get('/api/v1/openapi.json');
	expect(res.status()).toBe(200);
	return res.json();
}

type Options = Parameters<APIRequestContext['post']>[1];

/**
 * The API as an integration calls it, every answer checked against the document the server
 * serves: status, content type and body schema (the contract the Vitest REST specs check too).
 */
async function contractClient(request: APIRequestContext) {
	const contract = openApiContract((await openApi(request)) as OpenApiDocument);
	const checked = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE') => async (url: string, options?: Options) => {
		const res = await request.fetch(url, { ...options, method });
		const text = await res.text();
		contract.checkAgainstDocument(method, url, res.status(), res.headers()['content-type'] ?? null, text ? JSON.parse(text) : null);
		return res;
	};
	return { get: checked('GET'), post: checked('POST'), patch: checked('PATCH'), delete: checked('DELETE') };
}

/** Follows a router job at its href until it is done or dead. */
async function settled(api: Awaited<ReturnType<typeof contractClient>>, href: string, key: string) {
	let job: { status: string; action: string; result: Record<string, unknown> | null } = { status: 'queued', action: '', result: null };
	await expect
		.poll(async () => {
			job = await (await api.get(href, { headers: auth(key) })).json();
			return job.status;
		}, { timeout: 30_000 })
		.toMatch(/^(done|dead)$/);
	return job;
}

test('the seed\'s flow over HTTP with a key: customer, subscription, invoice, payment twice, restore job; revoke', async ({ page, request }) => {
	await signInAs(page, 'admin');
	const key = await createKey(page, 'n8n otomasi', 'Baca dan tulis');
	const readOnly = await createKey(page, 'Dasbor baca', 'Hanya baca');
	const api = await contractClient(request);

	const packages = await api.get('/api/v1/packages', { headers: auth(key) });
	expect(packages.status()).toBe(200);
	const pkg = (await packages.json()).rows[0];
	const [area] = await query<{ id: string }>('SELECT id FROM areas WHERE deleted_at IS NULL ORDER BY name LIMIT 1');

	// Bad input: 400 problem naming the field, changes nothing.
	const bad = await api.post('/api/v1/customers', { headers: auth(key), data: { name: '', phone: 'x', address: 'Jl. Mawar', areaId: area.id } });
	expect(bad.status()).toBe(400);
	expect(bad.headers()['content-type']).toBe('application/problem+json');
	expect(Object.keys((await bad.json()).errors)).toEqual(expect.arrayContaining(['name', 'phone']));
	// A read-only key is refused any write.
	expect((await api.post('/api/v1/customers', { headers: auth(readOnly), data: {} })).status()).toBe(403);

	const customer = await api.post('/api/v1/customers', {
		headers: auth(key, { 'idempotency-key': 'crm-lead-7781' }),
		data: { name: 'Rina Wulandari', phone: '081355557777', address: 'Jl. Melati No. 9, RT 01/RW 04', areaId: area.id }
	});
	expect(customer.status(), await customer.text()).toBe(201);
	const { id: customerId } = await customer.json();

	const subscription = await api.post('/api/v1/subscriptions', {
		headers: auth(key, { 'idempotency-key': 'crm-lead-7781-sub' }),
		data: { customerId, packageId: pkg.id, startDate: new Date().toISOString().slice(0, 10), serviceUsername: `rina.${Date.now()}`, servicePassword: 'rahasia-rina' }
	});
	expect(subscription.status(), await subscription.text()).toBe(201);

	// An open invoice of the seed, paid twice with the same Idempotency-Key: one payment.
	const [invoice] = await query<{ id: string; customer_id: string }>("SELECT id, customer_id FROM invoices WHERE status IN ('unpaid', 'partial') ORDER BY due_date LIMIT 1");
	const fetched = await api.get(`/api/v1/invoices/${invoice.id}`, { headers: auth(key) });
	expect(fetched.status()).toBe(200);
	const pay = () => api.post(`/api/v1/invoices/${invoice.id}/mark-paid`, { headers: auth(key, { 'idempotency-key': `bank-mutasi-${invoice.id}` }), data: { method: 'transfer' } });
	const first = await pay();
	expect(first.status()).toBe(201);
	const second = await pay();
	expect(second.headers()['idempotent-replayed']).toBe('true');
	expect(await second.json()).toEqual(await first.json());
	const { paymentId } = await first.json();
	const [{ n }] = await query<{ n: number }>('SELECT COUNT(*) AS n FROM payments WHERE id = ?', [paymentId]);
	expect(Number(n)).toBe(1);
	const [audit] = await query<{ api_key_id: string | null }>("SELECT api_key_id FROM audit_log WHERE entity = 'payment' AND entity_id = ? ORDER BY id LIMIT 1", [paymentId]);
	expect(audit?.api_key_id).toBeTruthy();

	// A router action is a job to follow, never a call during the request.
	const routers = await (await api.get('/api/v1/routers', { headers: auth(key) })).json();
	const probe = await api.post(`/api/v1/routers/${routers[0].id}/probe`, { headers: auth(key) });
	expect(probe.status()).toBe(202);
	const job = await api.get((await probe.json()).href, { headers: auth(key) });
	expect(job.status()).toBe(200);
	expect((await job.json()).action).toBe('probe');

	// The new subscription put on a demo router (a RouterOS simulator), isolated and restored:
	// each a 202 whose job the worker carries out and reads back; the subscription shows it.
	const subscriptionId = (await subscription.json()).id as string;
	const routerId = routers.find((r: { status: string }) => r.status === 'up')?.id ?? routers[0].id;
	const provision = await api.post(`/api/v1/subscriptions/${subscriptionId}/provision`, { headers: auth(key, { 'idempotency-key': `pasang-${subscriptionId}` }), data: { routerId } });
	expect(provision.status(), await provision.text()).toBe(202);
	expect(provision.headers()['location']).toBe((await provision.json()).href);
	expect(await settled(api, (await provision.json()).href, key)).toMatchObject({ action: 'provision', status: 'done' });
	for (const [action, state] of [
		['isolate', 'isolated'],
		['restore', 'active']
	] as const) {
		const r = await api.post(`/api/v1/subscriptions/${subscriptionId}/${action}`, { headers: auth(key), data: { reason: 'Uji integrasi n8n' } });
		expect(r.status(), await r.text()).toBe(202);
		expect(await settled(api, (await r.json()).href, key)).toMatchObject({ action, status: 'done' });
		const shown = await (await api.get(`/api/v1/subscriptions/${subscriptionId}`, { headers: auth(key) })).json();
		expect(shown.subscription.confirmedRouterState).toBe(state);
	}
	expect((await api.post(`/api/v1/subscriptions/${subscriptionId}/kick`, { headers: auth(readOnly) })).status()).toBe(403);

	// Revoked on the settings page: refused on the next request.
	await page.goto('/office/settings');
	page.once('dialog', (d) => d.accept());
	const section = page.getByRole('region', { name: 'Kunci API' });
	await section.getByRole('row', { name: /n8n otomasi/ }).getByRole('button', { name: 'Cabut' }).click();
	await expect(section.getByRole('row', { name: /n8n otomasi/ })).toContainText('Dicabut');
	const refused = await api.get('/api/v1/customers', { headers: auth(key) });
	expect(refused.status()).toBe(401);
	expect((await refused.json()).detail).toBe('Kunci API tidak dikenal, sudah dicabut, atau kedaluwarsa.');
	const english = await api.get('/api/v1/customers', { headers: auth(key, { 'accept-language': 'en' }) });
	expect((await english.json()).detail).toBe('The API key is unknown, revoked or expired.');
});

test('the OpenAPI document validates and lists every route; /api/docs shows it', async ({ page, request }) => {
	const doc = await openApi(request);
	const result = await new Validator().validate(doc);
	expect(result.valid, JSON.stringify(result.errors)).toBe(true);
	expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/customers', '/api/v1/payments', '/api/v1/invoices/{id}/mark-paid', '/api/v1/public/invoices/{payToken}']));
	await page.goto('/api/docs');
	await expect(page.getByRole('heading', { name: /Lunas REST API/ })).toBeVisible();
	await expect(page.locator('#createPayment')).toContainText('150000');
	// Each success answer's fields, nested ones by their path.
	await expect(page.locator('#createPayment').getByRole('cell', { name: 'receiptNumber', exact: true })).toBeVisible();
	await expect(page.locator('#listCustomers').getByRole('cell', { name: 'rows[].owed', exact: true })).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('api-docs.png') });
});

test('the public invoice by pay token needs no key and shows only what the pay page shows', async ({ request }) => {
	const api = await contractClient(request);
	const [row] = await query<{ pay_token: string }>("SELECT pay_token FROM invoices WHERE pay_token IS NOT NULL AND status IN ('unpaid', 'partial') LIMIT 1");
	// The seed always has customers in arrears (demo/dataset.ts), so an open invoice exists.
	expect(row, 'the seed has an open invoice with a pay token').toBeTruthy();
	const res = await api.get(`/api/v1/public/invoices/${row.pay_token}`);
	expect(res.status()).toBe(200);
	const body = await res.json();
	expect(body.invoice.outstanding).toBeGreaterThan(0);
	// The customer's first name only: no id, full name, phone or address.
	expect(Object.keys(body.invoice).sort()).toEqual(['amount', 'amountPaid', 'dueDate', 'firstName', 'number', 'outstanding', 'periodEnd', 'periodStart', 'status']);
	expect((await api.get('/api/v1/public/invoices/not-a-token-at-all')).status()).toBe(404);
});
