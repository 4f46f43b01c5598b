/**
 * The REST API end to end inside the process: real MariaDB, real Request/Response objects
 * through the same dispatcher the SvelteKit route uses.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../tests/db';
import { trpcTester } from '../../../../tests/trpc';
import { restCaller, type RestReply } from '../../../../tests/rest';
import { apiIdempotency, areas, auditLog, customers, packages, payments, routerJobs } from '../db/schema';
import { setConfigForTests, type Config } from '../config';
import { authenticateApiKey, createApiKey, revokeApiKey } from '../api-keys/api-keys.service';
import type { DomainError } from '../errors';
import { translator } from '../../shared/i18n/index';
import type { SessionUser } from '../auth/session';
import type { Actor } from '../trpc/actor';
import { auditPage } from '../reports/audit-log';
import { auditListInput } from '../../shared/schemas/reports';
import { openApiDocument } from './openapi';
import { REST_ROUTES } from './routes';

let t: TestDatabase;
let config: Config;
const { makeUser, callerAs } = trpcTester(() => t);
let admin: SessionUser;
let adminActor: Actor;
let teluk: string;
let berkoh: string;
let packageId: string;
let telukCustomer: string;
let berkohCustomer: string;
let readKey: string;
let writeKey: string;
let telukKey: string;

const call = restCaller(() => ({ db: t.db, config, ipAddress: '127.0.0.1' }));

const customerBody = (over: Record<string, unknown> = {}) => ({
	name: 'Siti Aminah',
	phone: '081234567890',
	address: 'Jl. Merdeka No. 1, RT 02/RW 05',
	areaId: teluk,
	...over
});

beforeAll(async () => {
	t = await createTestDatabase();
	config = testConfig(t.url) as Config;
	setConfigForTests(config);
	teluk = randomUUID();
	berkoh = randomUUID();
	packageId = randomUUID();
	await t.db.insert(areas).values([
		{ id: teluk, name: 'Teluk' },
		{ id: berkoh, name: 'Berkoh' }
	]);
	await t.db.insert(packages).values({ id: packageId, name: 'Rumahan 10 Mbps', price: 150_000, routerProfile: 'rumahan-10m', rateLimit: '10M/10M' });
	admin = await makeUser('admin');
	adminActor = { userId: admin.id, role: 'admin', ipAddress: '127.0.0.1', t: translator('id') };
	telukCustomer = (await callerAs(admin).customers.create(customerBody())).id;
	berkohCustomer = (await callerAs(admin).customers.create(customerBody({ name: 'Budi Santoso', phone: '081298765432', areaId: berkoh }))).id;
	readKey = (await createApiKey(t.db, { name: 'Dasbor', scope: 'read', areaIds: null }, adminActor, 'Asia/Jakarta')).secret;
	writeKey = (await createApiKey(t.db, { name: 'n8n', scope: 'read-write', areaIds: null }, adminActor, 'Asia/Jakarta')).secret;
	telukKey = (await createApiKey(t.db, { name: 'Reseller Teluk', scope: 'read-write', areaIds: [teluk] }, adminActor, 'Asia/Jakarta')).secret;
});
afterAll(async () => t?.drop());

describe('API keys', () => {
	it('refuse a missing, malformed or unknown key with 401 problem+json', async () => {
		for (const key of [undefined, 'lunas_not-a-real-key', 'abc']) {
			const r = await call('GET', '/customers', { key });
			expect(r.status).toBe(401);
			expect(r.type).toBe('application/problem+json');
			expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
			expect(r.body.status).toBe(401);
		}
	});

	it('let a read-only key read and refuse it any write with 403', async () => {
		expect((await call('GET', '/customers', { key: readKey })).status).toBe(200);
		const before = (await t.db.select({ n: count() }).from(customers))[0].n;
		const r = await call('POST', '/customers', { key: readKey, body: customerBody({ name: 'Tidak Boleh' }) });
		expect(r.status).toBe(403);
		expect(r.body.detail).toBe('Kunci API ini hanya untuk membaca.');
		expect((await call('POST', `/payments/${randomUUID()}/void`, { key: readKey, body: { reason: 'coba' } })).status).toBe(403);
		expect((await t.db.select({ n: count() }).from(customers))[0].n).toBe(before);
	});

	it('keep an area-limited key inside its areas, reads and writes, as 404', async () => {
		const list = await call('GET', '/customers?pageSize=200', { key: telukKey });
		expect(list.status).toBe(200);
		expect(list.body.rows.map((c: { id: string }) => c.id)).toContain(telukCustomer);
		expect(list.body.rows.map((c: { id: string }) => c.id)).not.toContain(berkohCustomer);
		expect((await call('GET', `/customers/${telukCustomer}`, { key: telukKey })).status).toBe(200);
		expect((await call('GET', `/customers/${berkohCustomer}`, { key: telukKey })).status).toBe(404);
		expect((await call('PATCH', `/customers/${berkohCustomer}`, { key: telukKey, body: { notes: 'x' } })).status).toBe(404);
		// Moving an own customer into another area is refused too.
		expect((await call('PATCH', `/customers/${telukCustomer}`, { key: telukKey, body: { areaId: berkoh } })).status).toBe(404);
		expect((await call('POST', '/customers', { key: telukKey, body: customerBody({ name: 'Luar Wilayah', areaId: berkoh }) })).status).toBe(404);
		const pay = await call('POST', '/payments', { key: telukKey, body: { customerId: berkohCustomer, amount: 50_000, method: 'cash' } });
		expect(pay.status).toBe(404);
		expect((await t.db.select({ n: count() }).from(payments).where(eq(payments.customerId, berkohCustomer)))[0].n).toBe(0);
	});

	it('are refused at creation for a taken name, a past expiry or an unknown area, naming the field', async () => {
		const fieldOf = async (p: Promise<unknown>) => {
			try {
				await p;
			} catch (err) {
				return Object.keys((err as DomainError).fields);
			}
			throw new Error('expected a refusal');
		};
		expect(await fieldOf(createApiKey(t.db, { name: 'n8n', scope: 'read', areaIds: null }, adminActor, 'Asia/Jakarta'))).toEqual(['name']);
		expect(await fieldOf(createApiKey(t.db, { name: 'Lama', scope: 'read', areaIds: null, expiresOn: '2020-01-01' }, adminActor, 'Asia/Jakarta'))).toEqual(['expiresOn']);
		expect(await fieldOf(createApiKey(t.db, { name: 'Entah', scope: 'read', areaIds: [randomUUID()] }, adminActor, 'Asia/Jakarta'))).toEqual(['areaIds']);
	});

	it('stop at the end of their last day in the ISP\'s zone', async () => {
		const made = new Date('2026-12-07T05:00:00Z');
		const { secret } = await createApiKey(t.db, { name: 'Uji coba', scope: 'read', areaIds: null, expiresOn: '2026-12-08' }, adminActor, 'Asia/Jakarta', made);
		// 2026-12-08 23:59 WIB is 16:59 UTC; midnight WIB is 17:00 UTC.
		expect((await authenticateApiKey(t.db, `Bearer ${secret}`, new Date('2026-12-08T16:59:00Z'))).name).toBe('Uji coba');
		await expect(authenticateApiKey(t.db, `Bearer ${secret}`, new Date('2026-12-08T17:00:00Z'))).rejects.toMatchObject({ kind: 'unauthorized' });
	});

	it('stop working at once when revoked', async () => {
		const { id, secret } = await createApiKey(t.db, { name: 'Sementara', scope: 'read', areaIds: null }, adminActor, 'Asia/Jakarta');
		expect((await call('GET', '/packages', { key: secret })).status).toBe(200);
		await revokeApiKey(t.db, id, adminActor);
		expect((await call('GET', '/packages', { key: secret })).status).toBe(401);
	});

	it('audit a write under the key', async () => {
		const r = await call('PATCH', `/customers/${telukCustomer}`, { key: writeKey, body: { notes: 'Rumah cat hijau' } });
		expect(r.status).toBe(200);
		expect(r.body.notes).toBe('Rumah cat hijau');
		expect(r.body.phone).toBe('081234567890');
		const rows = await t.db.select().from(auditLog).where(eq(auditLog.entityId, telukCustomer)).orderBy(auditLog.id);
		const last = rows.at(-1)!;
		expect(last.action).toMatch(/update/);
		expect(last.userId).toBe(admin.id);
		expect(last.apiKeyId).not.toBeNull();
		// The audit page names the key.
		const page = await auditPage(t.db, auditListInput.parse({ entity: 'customer', entityId: telukCustomer }), 'Asia/Jakarta');
		expect(page.rows[0]).toMatchObject({ action: 'customer.update', userName: admin.name, apiKeyName: 'n8n' });
	});
});

describe('bad input', () => {
	it('is a 400 problem naming the field, in the caller\'s language, and changes nothing', async () => {
		const id = await call('POST', '/payments', { key: writeKey, body: { customerId: telukCustomer, amount: -5, method: 'cash' } });
		expect(id.status).toBe(400);
		expect(id.type).toBe('application/problem+json');
		expect(Object.keys(id.body.errors)).toEqual(['amount']);
		const en = await call('POST', '/payments', { key: writeKey, body: { customerId: telukCustomer, amount: 1.5, method: 'cash' }, headers: { 'accept-language': 'en-US,en;q=0.9' } });
		expect(en.status).toBe(400);
		expect(en.body.errors.amount[0]).not.toBe(id.body.errors.amount[0]);
		const broken = await call('POST', '/customers', { key: writeKey, raw: '{"name": ' });
		expect(broken.status).toBe(400);
		expect(broken.body.errors.body).toBeDefined();
		expect((await call('GET', '/customers/not-a-uuid', { key: writeKey })).body.errors.id).toBeDefined();
		expect((await call('GET', '/customers?pageSize=5000', { key: writeKey })).body.errors.pageSize).toBeDefined();
		expect((await call('GET', '/customers?cursor=garbage', { key: writeKey })).status).toBe(400);
		expect((await call('GET', '/nowhere', { key: writeKey })).status).toBe(404);
		const wrongMethod = await call('DELETE', '/customers', { key: writeKey });
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toContain('GET');
		expect((await t.db.select({ n: count() }).from(payments))[0].n).toBe(0);
	});
});

describe('Idempotency-Key', () => {
	it('answers a resend with the first answer and records once; another body under the key is 422', async () => {
		const body = { customerId: telukCustomer, amount: 150_000, method: 'transfer', note: 'Transfer BRI' };
		const headers = { 'idempotency-key': 'n8n-run-42' };
		const first = await call('POST', '/payments', { key: writeKey, body, headers });
		expect(first.status).toBe(201);
		const again = await call('POST', '/payments', { key: writeKey, body, headers });
		expect(again.status).toBe(201);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect(again.body).toEqual(first.body);
		expect((await t.db.select({ n: count() }).from(payments).where(eq(payments.customerId, telukCustomer)))[0].n).toBe(1);
		const other = await call('POST', '/payments', { key: writeKey, body: { ...body, amount: 200_000 }, headers });
		expect(other.status).toBe(422);
		expect(other.body.errors['Idempotency-Key']).toBeDefined();
		// With the stored answer gone, the service's own UNIQUE key still makes it one payment.
		await t.db.delete(apiIdempotency);
		const raced = await call('POST', '/payments', { key: writeKey, body, headers });
		expect(raced.status).toBe(200);
		expect(raced.body.paymentId).toBe(first.body.paymentId);
		expect(raced.body.duplicate).toBe(true);
		expect((await t.db.select({ n: count() }).from(payments).where(eq(payments.customerId, telukCustomer)))[0].n).toBe(1);
	});

	it('makes a resent customer create one customer', async () => {
		const headers = { 'idempotency-key': randomUUID() };
		const body = customerBody({ name: 'Dewi Lestari', phone: '081311112222' });
		const a = await call('POST', '/customers', { key: writeKey, body, headers });
		const b = await call('POST', '/customers', { key: writeKey, body, headers });
		expect(a.status).toBe(201);
		expect(b.body).toEqual(a.body);
		expect((await t.db.select({ n: count() }).from(customers).where(eq(customers.name, 'Dewi Lestari')))[0].n).toBe(1);
		expect((await call('POST', '/customers', { key: writeKey, body, headers: { 'idempotency-key': 'bad key with spaces' } })).status).toBe(400);
	});
});

describe('routers', () => {
	it('answer a write with 202 and the router job to follow, without calling the router', async () => {
		const { id } = await callerAs(admin).routers.create({ name: 'BTS Teluk', host: '127.0.0.1', apiPort: 1, username: 'lunas', password: 'rahasia-123' });
		const r = await call('POST', `/routers/${id}/probe`, { key: writeKey });
		expect(r.status).toBe(202);
		expect(r.body.href).toBe(`/api/v1/router-jobs/${r.body.jobId}`);
		expect(r.headers.get('location')).toBe(r.body.href);
		const [job] = await t.db.select().from(routerJobs).where(eq(routerJobs.id, r.body.jobId));
		expect(job.status).toBe('queued');
		const follow = await call('GET', `/router-jobs/${r.body.jobId}`, { key: readKey });
		expect(follow.body).toMatchObject({ id: r.body.jobId, action: 'probe', status: 'queued' });
		// No area of the Teluk key names this router.
		expect((await call('GET', `/routers/${id}`, { key: telukKey })).status).toBe(404);
		expect((await call('GET', `/router-jobs/${r.body.jobId}`, { key: telukKey })).status).toBe(404);
		expect((await call('GET', `/routers/${id}`, { key: readKey })).status).toBe(200);

		// Isolating and restoring a subscription on that router: each a queued job, never a router call.
		const sub = await call('POST', '/subscriptions', {
			key: writeKey,
			body: { customerId: telukCustomer, packageId, routerId: id, startDate: new Date().toISOString().slice(0, 10), serviceUsername: 'siti.aminah', servicePassword: 'rahasia-siti' }
		});
		expect(sub.status).toBe(201);
		const isolate = await call('POST', `/subscriptions/${sub.body.id}/isolate`, { key: writeKey, body: { reason: 'Permintaan pelanggan' } });
		expect(isolate.status).toBe(202);
		const [isolateJob] = await t.db.select().from(routerJobs).where(eq(routerJobs.id, isolate.body.jobId));
		expect(isolateJob).toMatchObject({ action: 'isolate', subscriptionId: sub.body.id, status: 'queued' });
		const restore = await call('POST', `/subscriptions/${sub.body.id}/restore`, { key: writeKey, body: { reason: 'Janji bayar' } });
		expect(restore.status).toBe(202);
		expect(restore.body.jobId).toBeGreaterThan(isolate.body.jobId);
		expect((await call('POST', `/subscriptions/${sub.body.id}/restore`, { key: writeKey, body: { reason: 'Janji bayar' } })).body.errors.subscriptionId).toBeDefined();
	});
});

describe('Subscription list', () => {
	it('pages, filters and keeps an area-limited key inside its areas', async () => {
		const today = new Date().toISOString().slice(0, 10);
		const made: string[] = [];
		// Eleven in Teluk (more than the smallest page of 10), one in Berkoh.
		const plan = [...Array.from({ length: 11 }, (_, i) => [telukCustomer, `list.teluk.${i}`]), [berkohCustomer, 'list.berkoh.1']];
		for (const [customerId, username] of plan) {
			const r = await call('POST', '/subscriptions', { key: writeKey, body: { customerId, packageId, startDate: today, serviceUsername: username, servicePassword: 'rahasia-123' } });
			expect(r.status).toBe(201);
			made.push(r.body.id);
		}
		const all = await call('GET', '/subscriptions?pageSize=200&search=list.', { key: readKey });
		expect(all.status).toBe(200);
		expect(all.body.total).toBe(12);
		expect(all.body.rows[0]).toMatchObject({ packageName: 'Rumahan 10 Mbps', status: 'active', startDate: today });
		const teluks = await call('GET', '/subscriptions?pageSize=200&search=list.', { key: telukKey });
		expect(teluks.body.rows.map((r: { id: string }) => r.id).sort()).toEqual(made.slice(0, 11).sort());
		const byCustomer = await call('GET', `/subscriptions?customerId=${berkohCustomer}&search=list.`, { key: readKey });
		expect(byCustomer.body.rows.map((r: { id: string }) => r.id)).toEqual([made[11]]);
		expect((await call('GET', '/subscriptions?status=isolated&search=list.', { key: readKey })).body.total).toBe(0);
		// Keyset pages of 10: each subscription once.
		const seen: string[] = [];
		let cursor: string | null = null;
		do {
			const page: RestReply = await call('GET', `/subscriptions?pageSize=10&search=list.${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key: readKey });
			expect(page.status).toBe(200);
			seen.push(...page.body.rows.map((r: { id: string }) => r.id));
			cursor = page.body.nextCursor;
		} while (cursor && seen.length < 100);
		expect(seen.sort()).toEqual([...made].sort());
		const bad = await call('GET', '/subscriptions?status=gone&customerId=nope', { key: readKey, headers: { 'accept-language': 'en' } });
		expect(bad.status).toBe(400);
		expect(Object.keys(bad.body.errors).sort()).toEqual(['customerId', 'status']);
	});
});

describe('OpenAPI document', () => {
	it('is a valid OpenAPI 3.1 document listing every route', async () => {
		const doc = openApiDocument('test');
		const result = await new Validator().validate(doc as Parameters<Validator['validate']>[0]);
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
		const paths = doc.paths as Record<string, Record<string, unknown>>;
		for (const route of REST_ROUTES) expect(paths[`/api/v1${route.path}`]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
	});
});
