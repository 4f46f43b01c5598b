/**
 * The OpenAPI document as a contract: every route of the table is documented and every
 * documented operation answers; each route is driven here to a success, and every answer this
 * file gets (as every answer of the REST specs, through tests/rest.ts) is checked against the
 * document's schema for its status — successes and problem documents alike.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../tests/db';
import { trpcTester } from '../../../../tests/trpc';
import { makeIsp, type Isp } from '../../../../tests/fixtures';
import { restCaller } from '../../../../tests/rest';
import { checkAgainstDocument, contractSeen, operationOf } from '../../../../tests/rest-contract';
import { writeSnapshot } from '../routers/router-status';
import { setConfigForTests, type Config } from '../config';
import { createApiKey } from '../api-keys/api-keys.service';
import { translator } from '../../shared/i18n/index';
import { startMidtransSimulator, type MidtransSimulator } from '../midtrans-sim/index';
import { openApiDocument } from './openapi';
import { REST_ROUTES } from './routes';

const SERVER_KEY = 'SB-Mid-server-contract-0001';
let t: TestDatabase;
let config: Config;
let isp: Isp;
let key: string;
let readKey: string;
let midtrans: MidtransSimulator;
const { makeUser } = trpcTester(() => t);
const call = restCaller(() => ({ db: t.db, config, ipAddress: '127.0.0.1' }));

beforeAll(async () => {
	t = await createTestDatabase();
	// Snap tokens come from the Midtrans simulator; no payment is made, so nothing is notified.
	midtrans = await startMidtransSimulator({ serverKey: SERVER_KEY, notifyUrl: 'http://127.0.0.1:9/api/midtrans/notification', retryDelaysMs: [50] });
	config = { ...testConfig(t.url), MIDTRANS_SERVER_KEY: SERVER_KEY, MIDTRANS_CLIENT_KEY: 'SB-Mid-client-contract', MIDTRANS_SNAP_BASE_URL: midtrans.url, MIDTRANS_API_BASE_URL: midtrans.url } as Config;
	setConfigForTests(config);
	isp = await makeIsp(t.db);
	const admin = await makeUser('admin');
	const actor = { userId: admin.id, role: 'admin' as const, ipAddress: '127.0.0.1', t: translator('id') };
	key = (await createApiKey(t.db, { name: 'kontrak', scope: 'read-write', areaIds: null }, actor, 'Asia/Jakarta')).secret;
	readKey = (await createApiKey(t.db, { name: 'kontrak baca', scope: 'read', areaIds: null }, actor, 'Asia/Jakarta')).secret;
});
afterAll(async () => {
	await midtrans?.close();
	await t?.drop();
});

describe('the OpenAPI document', () => {
	it('documents every route of the table, and every documented operation is a route', async () => {
		const doc = openApiDocument('test') as { paths: Record<string, Record<string, unknown>> };
		const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
		expect(documented.sort()).toEqual(REST_ROUTES.map((r) => `${r.method} /api/v1${r.path}`).sort());
		// Each documented operation is answered by its route: without a key, a 401 (or, public, a
		// 404 for a token that does not exist) — never "unknown address" or "method not allowed".
		for (const entry of documented) {
			const [method, template] = entry.split(' ');
			const path = template.replace('/api/v1', '').replace(/\{(\w+)\}/g, (_, n: string) => (n === 'payToken' ? 'tokenyangtidakada12345' : randomUUID()));
			const r = await call(method, path, method === 'GET' ? {} : { body: {} });
			expect(operationOf(method, `/api/v1${path}`), entry).not.toBeNull();
			expect([401, 404], entry).toContain(r.status);
			expect(r.body.detail, entry).not.toBe('Alamat API tidak dikenal.');
		}
		expect((await call('DELETE', '/customers')).status).toBe(405);
		expect((await call('GET', '/tidak-ada')).status).toBe(404);
	});
});

describe('every route, driven to a success', () => {
	it('answers as the document says', { timeout: 120_000 }, async () => {
		const ok = (r: { status: number; body: unknown }, status: number, what: string) => expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(status);
		const today = new Date().toISOString().slice(0, 10);
		// A promise to pay a few days on, whatever the day is in the ISP's zone.
		const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);

		// A webhook endpoint first, so the payments below queue deliveries to it.
		const endpoint = await call('POST', '/webhook-endpoints', { key, body: { url: 'https://n8n.contoh.id/webhook/lunas', description: 'Spreadsheet', events: ['payment.recorded'] } });
		ok(endpoint, 201, 'create webhook endpoint');

		ok(await call('GET', '/packages', { key }), 200, 'packages');
		ok(await call('GET', `/packages/${isp.packageId}`, { key }), 200, 'package');

		const customer = await call('POST', '/customers', { key, headers: { 'idempotency-key': 'kontrak-1' }, body: { name: 'Siti Aminah', phone: '081234567890', address: 'Jl. Merdeka No. 1, RT 02/RW 05', areaId: isp.areaId, latitude: -7.43, longitude: 109.25 } });
		ok(customer, 201, 'create customer');
		ok(await call('POST', '/customers', { key, headers: { 'idempotency-key': 'kontrak-1' }, body: { name: 'Siti Aminah', phone: '081234567890', address: 'Jl. Merdeka No. 1, RT 02/RW 05', areaId: isp.areaId, latitude: -7.43, longitude: 109.25 } }), 201, 'replayed customer');
		const customerId = customer.body.id as string;
		ok(await call('GET', '/customers?pageSize=10', { key }), 200, 'customers');
		ok(await call('PATCH', `/customers/${customerId}`, { key, body: { email: 'siti@contoh.id' } }), 200, 'update customer');

		const sub = await call('POST', '/subscriptions', {
			key,
			body: { customerId, packageId: isp.packageId, routerId: isp.routerId, startDate: today, serviceUsername: 'siti.aminah', servicePassword: 'rahasia-siti' }
		});
		ok(sub, 201, 'create subscription');
		const subscriptionId = sub.body.id as string;
		ok(await call('GET', '/subscriptions', { key }), 200, 'subscriptions');
		ok(await call('GET', `/subscriptions/${subscriptionId}`, { key }), 200, 'subscription');
		// The subscription's first invoice, issued with it; the customer now shows it.
		ok(await call('GET', `/customers/${customerId}`, { key }), 200, 'customer');

		const invoices = await call('GET', `/invoices?customerId=${customerId}`, { key });
		ok(invoices, 200, 'invoices');
		const invoiceId = invoices.body.rows[0].id as string;
		const invoice = await call('GET', `/invoices/${invoiceId}`, { key });
		ok(invoice, 200, 'invoice');
		ok(await call('GET', `/public/invoices/${invoice.body.payToken}`), 200, 'public invoice');
		ok(await call('POST', `/invoices/${invoiceId}/snap-token`, { key }), 200, 'snap token');

		ok(await call('POST', `/subscriptions/${subscriptionId}/isolate`, { key, body: { reason: 'Permintaan pelanggan' } }), 202, 'isolate');
		ok(await call('POST', `/subscriptions/${subscriptionId}/restore`, { key, body: { reason: 'Sudah kembali', holdUntil: inThreeDays } }), 202, 'restore');
		ok(await call('POST', `/subscriptions/${subscriptionId}/provision`, { key, body: {} }), 202, 'provision');
		ok(await call('POST', `/subscriptions/${subscriptionId}/kick`, { key }), 202, 'kick');

		const paid = await call('POST', `/invoices/${invoiceId}/mark-paid`, { key, headers: { 'idempotency-key': `bayar-${invoiceId}` }, body: { amount: 50_000, method: 'transfer', note: 'Transfer BRI' } });
		ok(paid, 201, 'mark paid');
		const payment = await call('POST', '/payments', { key, body: { customerId, amount: 100_000, method: 'cash', receivedAt: new Date().toISOString() } });
		ok(payment, 201, 'payment');
		ok(await call('GET', '/payments', { key }), 200, 'payments');
		ok(await call('GET', `/payments/${paid.body.paymentId}`, { key }), 200, 'receipt');
		ok(await call('POST', `/payments/${payment.body.paymentId}/void`, { key, body: { reason: 'Salah input nominal' } }), 200, 'void');
		ok(await call('GET', `/payments/${payment.body.paymentId}`, { key }), 200, 'voided receipt');

		// The monitor's readings, as it writes them, so the router's answer carries each kind.
		const at = new Date();
		await writeSnapshot(t.db, isp.routerId, 'resource', { identity: 'BTS-Teluk', version: '7.14.3 (stable)', rosMajor: 7, board: 'hEX', architecture: 'arm', uptime: '3d4h', uptimeSeconds: 273600, cpuLoad: 12, freeMemory: 120_000_000, totalMemory: 268_435_456 }, at);
		await writeSnapshot(t.db, isp.routerId, 'online', { sessions: [{ service: 'pppoe', name: 'siti.aminah', address: '10.10.0.2', uptime: '1h2m', uptimeSeconds: 3720, callerId: 'AA:BB:CC:DD:EE:01' }] }, at);
		await writeSnapshot(t.db, isp.routerId, 'interfaces', { interfaces: [{ name: 'ether1', type: 'ether', running: true, disabled: false, macAddress: 'AA:BB:CC:00:00:01', rxBytes: 1000, txBytes: 2000, comment: null }] }, at);
		await writeSnapshot(t.db, isp.routerId, 'traffic', { interface: 'ether1', samples: [{ at: at.toISOString(), rxBitsPerSecond: 8_000_000, txBitsPerSecond: 2_000_000 }] }, at);
		ok(await call('GET', '/routers', { key }), 200, 'routers');
		const router = await call('GET', `/routers/${isp.routerId}`, { key });
		ok(router, 200, 'router');
		expect(router.body.online.data.sessions[0].name).toBe('siti.aminah');
		const probe = await call('POST', `/routers/${isp.routerId}/probe`, { key });
		ok(probe, 202, 'probe');
		ok(await call('POST', `/routers/${isp.routerId}/push-profile`, { key, body: { packageId: isp.packageId } }), 202, 'push profile');
		const preview = await call('POST', `/routers/${isp.routerId}/import-preview`, { key });
		ok(preview, 202, 'import preview');
		ok(await call('GET', `/router-jobs/${preview.body.jobId}`, { key }), 200, 'router job');
		// The import itself needs a finished preview (router-actions.spec runs one against the
		// simulator); here the refusal of an unfinished one is checked against the document.
		ok(
			await call('POST', `/routers/${isp.routerId}/import`, { key, body: { previewJobId: preview.body.jobId, areaId: isp.areaId, startDate: today, billingDay: 5, mapping: [] } }),
			400,
			'import before the preview'
		);

		ok(await call('GET', '/webhook-endpoints', { key }), 200, 'webhook endpoints');
		const deliveries = await call('GET', `/webhook-deliveries?endpointId=${endpoint.body.id}`, { key });
		ok(deliveries, 200, 'webhook deliveries');
		expect(deliveries.body.map((d: { eventType: string }) => d.eventType)).toEqual(['payment.recorded', 'payment.recorded']);
		ok(await call('POST', `/webhook-deliveries/${deliveries.body[0].id}/resend`, { key }), 202, 'resend delivery');
		ok(await call('DELETE', `/webhook-endpoints/${endpoint.body.id}`, { key }), 204, 'delete webhook endpoint');

		// Refusals of each kind, as documented problem documents.
		ok(await call('POST', '/customers', { key: readKey, body: {} }), 403, 'read key');
		ok(await call('GET', '/customers', { key: 'lunas_salah' }), 401, 'bad key');
		ok(await call('GET', `/customers/${randomUUID()}`, { key }), 404, 'unknown customer');
		ok(await call('POST', `/payments/${payment.body.paymentId}/void`, { key, body: { reason: 'Dua kali' } }), 200, 'void resent');
		const routerless = await call('POST', '/subscriptions', { key, body: { customerId, packageId: isp.packageId, startDate: today, serviceUsername: 'siti.kedua', servicePassword: 'rahasia-siti' } });
		ok(await call('POST', `/subscriptions/${routerless.body.id}/kick`, { key }), 409, 'kick with no router');
		ok(await call('POST', `/invoices/${invoiceId}/mark-paid`, { key, headers: { 'idempotency-key': `bayar-${invoiceId}` }, body: { amount: 60_000, method: 'transfer' } }), 422, 'reused key');
	});

	it('manage webhook endpoints: the secret once, only with a key for all areas', async () => {
		const areaKey = (await createApiKey(t.db, { name: 'kontrak wilayah', scope: 'read-write', areaIds: [isp.areaId] }, { userId: (await makeUser('admin')).id, role: 'admin', ipAddress: null, t: translator('id') }, 'Asia/Jakarta')).secret;
		const body = { url: 'https://hooks.contoh.id/lunas', events: ['invoice.issued', 'invoice.issued'] };
		const made = await call('POST', '/webhook-endpoints', { key, body });
		expect(made.status).toBe(201);
		expect(made.body.secret).toMatch(/^whsec_/);
		const listed = await call('GET', '/webhook-endpoints', { key: readKey });
		const row = listed.body.find((e: { id: string }) => e.id === made.body.id);
		expect(row).toMatchObject({ url: body.url, events: ['invoice.issued'], description: '' });
		expect(JSON.stringify(listed.body)).not.toContain(made.body.secret);

		expect((await call('POST', '/webhook-endpoints', { key: readKey, body })).status).toBe(403);
		expect((await call('GET', '/webhook-endpoints', { key: areaKey })).status).toBe(403);
		expect((await call('DELETE', `/webhook-endpoints/${made.body.id}`, { key: areaKey })).status).toBe(403);
		const bad = await call('POST', '/webhook-endpoints', { key, body: { url: 'ftp://contoh.id', events: [] }, headers: { 'accept-language': 'en' } });
		expect(bad.status).toBe(400);
		expect(Object.keys(bad.body.errors).sort()).toEqual(['events', 'url']);

		expect((await call('DELETE', `/webhook-endpoints/${made.body.id}`, { key })).status).toBe(204);
		expect((await call('DELETE', `/webhook-endpoints/${made.body.id}`, { key })).status).toBe(404);
		expect((await call('GET', '/webhook-endpoints', { key })).body.map((e: { id: string }) => e.id)).not.toContain(made.body.id);
		expect((await call('POST', '/webhook-deliveries/987654/resend', { key })).status).toBe(404);
	});

	it('refuses an answer the document does not describe: a field missing, one extra, a wrong type, an undocumented status', () => {
		const path = `/api/v1/packages/${isp.packageId}`;
		const good = { id: isp.packageId, name: 'Rumahan 10 Mbps', price: 150000, serviceType: 'pppoe', routerProfile: 'paket-10m', rateLimit: '10M/10M', burst: null, priority: 8, active: true, version: 1, updatedAt: new Date().toISOString(), subscriptions: 0 };
		expect(() => checkAgainstDocument('GET', path, 200, 'application/json', good)).not.toThrow();
		const { price: _price, ...missing } = good;
		expect(() => checkAgainstDocument('GET', path, 200, 'application/json', missing)).toThrow(/price/);
		expect(() => checkAgainstDocument('GET', path, 200, 'application/json', { ...good, servicePassword: 'x' })).toThrow(/servicePassword/);
		expect(() => checkAgainstDocument('GET', path, 200, 'application/json', { ...good, price: '150.000' })).toThrow(/price/);
		expect(() => checkAgainstDocument('GET', path, 201, 'application/json', good)).toThrow(/status 201/);
		expect(() => checkAgainstDocument('GET', path, 404, 'application/json', { detail: 'x' })).toThrow(/application\/json/);
	});

	it('met every operation of the document with a success, except the import (router-actions.spec)', () => {
		const succeeded = new Set(contractSeen().filter((s) => s.status < 300).map((s) => s.operationId));
		const missing = REST_ROUTES.map((r) => r.operationId).filter((id) => !succeeded.has(id) && id !== 'importRouterAccounts');
		expect(missing).toEqual([]);
	});
});
