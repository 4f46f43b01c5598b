/**
 * The REST API's router writes against the RouterOS simulator over TCP: each request answers
 * 202 with a job at once, the worker carries the job out, and the simulated router shows it.
 * Scope, area, unknown ids, bad bodies, Idempotency-Key and the audit trail under the key.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, like } from 'drizzle-orm';
import { testConfig } from '../../../../tests/db';
import { trpcTester } from '../../../../tests/trpc';
import { restCaller, type RestReply } from '../../../../tests/rest';
import { areas, auditLog, customers, packages, routerJobs, subscriptions } from '../db/schema';
import { setConfigForTests, type Config } from '../config';
import { createApiKey } from '../api-keys/api-keys.service';
import { translator } from '../../shared/i18n/index';
import type { RouterOsSimulator } from '../routeros-sim/index';
import { routerJobSpecHarness, seedPackage, seedRouter } from '../router-jobs/test-support';

const h = routerJobSpecHarness({ beforeAll, afterAll, afterEach });
const { makeUser } = trpcTester(() => h.testDatabase);
let config: Config;
const call = restCaller(() => ({ db: h.db, config, ipAddress: '127.0.0.1' }));

let areaId: string;
let otherAreaId: string;
let writeKey: string;
let readKey: string;
let areaKey: string;
let otherAreaKey: string;
let writeKeyId: string;

beforeAll(async () => {
	config = testConfig(h.testDatabase.url) as Config;
	setConfigForTests(config);
	const admin = await makeUser('admin');
	const actor = { userId: admin.id, role: 'admin' as const, ipAddress: '127.0.0.1', t: translator('id') };
	areaId = randomUUID();
	otherAreaId = randomUUID();
	await h.db.insert(areas).values([
		{ id: areaId, name: 'Teluk' },
		{ id: otherAreaId, name: 'Berkoh' }
	]);
	const write = await createApiKey(h.db, { name: 'n8n router', scope: 'read-write', areaIds: null }, actor, 'Asia/Jakarta');
	writeKey = write.secret;
	writeKeyId = write.id;
	readKey = (await createApiKey(h.db, { name: 'Dasbor', scope: 'read', areaIds: null }, actor, 'Asia/Jakarta')).secret;
	areaKey = (await createApiKey(h.db, { name: 'Reseller Teluk', scope: 'read-write', areaIds: [areaId] }, actor, 'Asia/Jakarta')).secret;
	otherAreaKey = (await createApiKey(h.db, { name: 'Reseller Berkoh', scope: 'read-write', areaIds: [otherAreaId] }, actor, 'Asia/Jakarta')).secret;
});

interface Site {
	sim: RouterOsSimulator;
	routerId: string;
	packageId: string;
}

/** A simulated router serving the Teluk area, a PPPoE package, and a worker running. */
async function site(): Promise<Site> {
	const sim = await h.simulator();
	sim.state.menu('/ppp/profile').add({ name: 'isolir', 'rate-limit': '256k/256k' });
	const routerId = await seedRouter(h.db, sim, { secretsKey: h.secretsKey, method: 'profile', name: `BTS ${randomUUID().slice(0, 6)}` });
	const packageId = await seedPackage(h.db, { routerProfile: 'paket-10m', rateLimit: '10M/10M' });
	await h.db.update(areas).set({ routerId }).where(eq(areas.id, areaId));
	h.worker();
	return { sim, routerId, packageId };
}

let customerCount = 0;
/** A customer of Teluk subscribed over the API, on the site's router unless null. */
async function subscribe(s: Site, routerId: string | null = s.routerId): Promise<{ id: string; username: string }> {
	customerCount += 1;
	const customer = await call('POST', '/customers', {
		key: writeKey,
		body: { name: `Pelanggan ${customerCount}`, phone: `08123400${String(customerCount).padStart(4, '0')}`, address: 'Jl. Merdeka No. 1', areaId }
	});
	expect(customer.status, JSON.stringify(customer.body)).toBe(201);
	const username = `pel-${randomUUID().slice(0, 8)}`;
	const sub = await call('POST', '/subscriptions', {
		key: writeKey,
		body: { customerId: customer.body.id, packageId: s.packageId, routerId: routerId ?? undefined, startDate: new Date().toISOString().slice(0, 10), serviceUsername: username, servicePassword: 'rahasia-123' }
	});
	expect(sub.status, JSON.stringify(sub.body)).toBe(201);
	return { id: sub.body.id, username };
}

/** Follows a job the way an integration does: GET its href until it is done or dead. */
async function follow(href: string, key = readKey): Promise<RestReply['body']> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const r = await call('GET', href.replace('/api/v1', ''), { key });
		expect(r.status).toBe(200);
		if (r.body.status === 'done' || r.body.status === 'dead' || Date.now() > deadline) return r.body;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

function expectAccepted(r: RestReply): void {
	expect(r.status, JSON.stringify(r.body)).toBe(202);
	expect(r.body.href).toBe(`/api/v1/router-jobs/${r.body.jobId}`);
	expect(r.headers.get('location')).toBe(r.body.href);
}

async function until(check: () => boolean): Promise<void> {
	const deadline = Date.now() + 5000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 20));
	}
}

const secretOf = (s: Site, username: string) => s.sim.state.menu('/ppp/secret').find(username);

describe('subscription router actions', () => {
	it('provision, isolate (disable), restore (enable) and kick: 202 at once, the job runs, the router shows it', async () => {
		const s = await site();
		const sub = await subscribe(s);
		await until(() => secretOf(s, sub.username) !== undefined);

		// The router was reset: the account is gone. Provisioning again puts it back.
		s.sim.state.menu('/ppp/secret').remove(sub.username);
		const provision = await call('POST', `/subscriptions/${sub.id}/provision`, { key: writeKey });
		expectAccepted(provision);
		const provisioned = await follow(provision.body.href);
		expect(provisioned).toMatchObject({ id: provision.body.jobId, action: 'provision', subscriptionId: sub.id, status: 'done', attempts: 1 });
		expect(provisioned.result).toMatchObject({ state: 'active' });
		expect(secretOf(s, sub.username)!.props).toMatchObject({ profile: 'paket-10m', disabled: 'false' });

		const isolate = await call('POST', `/subscriptions/${sub.id}/isolate`, { key: writeKey, body: { reason: 'Permintaan pelanggan: mudik' } });
		expectAccepted(isolate);
		expect((await follow(isolate.body.href)).status).toBe('done');
		expect(secretOf(s, sub.username)!.props.profile).toBe('isolir');

		const restore = await call('POST', `/subscriptions/${sub.id}/restore`, { key: writeKey, body: { reason: 'Sudah pulang' } });
		expectAccepted(restore);
		expect((await follow(restore.body.href)).status).toBe('done');
		expect(secretOf(s, sub.username)!.props.profile).toBe('paket-10m');

		await until(() => Boolean(s.sim.state.sessions.sessionOf(sub.username)));
		const session = s.sim.state.sessions.sessionOf(sub.username)!.id;
		const kick = await call('POST', `/subscriptions/${sub.id}/kick`, { key: writeKey });
		expectAccepted(kick);
		const kicked = await follow(kick.body.href);
		expect(kicked).toMatchObject({ action: 'kick', status: 'done', result: { kicked: 1 } });
		expect(s.sim.state.menu('/ppp/active').list().some((r) => r.id === session)).toBe(false);

		// Every write is audited under the key's name.
		const rows = await h.db.select({ action: auditLog.action, apiKeyId: auditLog.apiKeyId }).from(auditLog).where(eq(auditLog.entityId, sub.id));
		for (const action of ['subscription.provision', 'subscription.isolate', 'subscription.restore', 'subscription.kick']) {
			expect(rows.find((r) => r.action === action), action).toMatchObject({ apiKeyId: writeKeyId });
		}
	});

	it('puts a subscription no router serves on one, and asks which router when none is named', async () => {
		const s = await site();
		const sub = await subscribe(s, null);
		const unnamed = await call('POST', `/subscriptions/${sub.id}/provision`, { key: writeKey, body: {}, headers: { 'accept-language': 'en' } });
		expect(unnamed.status).toBe(400);
		expect(unnamed.body.errors.routerId).toEqual(['Choose a router.']);
		const provision = await call('POST', `/subscriptions/${sub.id}/provision`, { key: writeKey, body: { routerId: s.routerId } });
		expectAccepted(provision);
		expect((await follow(provision.body.href)).status).toBe('done');
		expect(secretOf(s, sub.username)).toBeDefined();
		// Another router while it has one: refused on the field.
		const moved = await call('POST', `/subscriptions/${sub.id}/provision`, { key: writeKey, body: { routerId: await seedRouter(h.db, s.sim, { secretsKey: h.secretsKey, name: 'BTS Lain' }) } });
		expect(moved.status).toBe(400);
		expect(Object.keys(moved.body.errors)).toEqual(['routerId']);
	});

	it('honours Idempotency-Key: a resent kick is one job and the first answer', async () => {
		const s = await site();
		const sub = await subscribe(s);
		const headers = { 'idempotency-key': `kick-${sub.id}` };
		const first = await call('POST', `/subscriptions/${sub.id}/kick`, { key: writeKey, headers });
		expectAccepted(first);
		const again = await call('POST', `/subscriptions/${sub.id}/kick`, { key: writeKey, headers });
		expect(again.status).toBe(202);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect(again.body).toEqual(first.body);
		const [{ n }] = await h.db.select({ n: count() }).from(routerJobs).where(and(eq(routerJobs.subscriptionId, sub.id), eq(routerJobs.action, 'kick')));
		expect(n).toBe(1);
		// An isolate resent under its key is the first answer, not "already isolated".
		const isolateHeaders = { 'idempotency-key': `isolate-${sub.id}` };
		const isolated = await call('POST', `/subscriptions/${sub.id}/isolate`, { key: writeKey, body: { reason: 'Tunggakan' }, headers: isolateHeaders });
		expectAccepted(isolated);
		expect((await call('POST', `/subscriptions/${sub.id}/isolate`, { key: writeKey, body: { reason: 'Tunggakan' }, headers: isolateHeaders })).body).toEqual(isolated.body);
	});

	it('refuses a read key (403), an unknown or out-of-area subscription (404) and one with no session (409)', async () => {
		const s = await site();
		const sub = await subscribe(s);
		for (const [path, body] of [
			[`/subscriptions/${sub.id}/provision`, {}],
			[`/subscriptions/${sub.id}/kick`, undefined],
			[`/subscriptions/${sub.id}/isolate`, { reason: 'Tunggakan' }]
		] as const) {
			const r = await call('POST', path, { key: readKey, body });
			expect(r.status, path).toBe(403);
			expect(r.type).toBe('application/problem+json');
			expect((await call('POST', path.replace(sub.id, randomUUID()), { key: writeKey, body })).status, path).toBe(404);
			expect((await call('POST', path, { key: otherAreaKey, body })).status, path).toBe(404);
		}
		expect((await call('POST', `/subscriptions/${sub.id}/kick`, { key: areaKey })).status).toBe(202);
		expect((await call('POST', '/subscriptions/not-a-uuid/kick', { key: writeKey })).status).toBe(400);
		expect((await call('POST', `/subscriptions/${sub.id}/provision`, { key: writeKey, body: { routerId: 'BTS-1' } })).body.errors.routerId).toBeDefined();
		expect((await call('POST', `/subscriptions/${sub.id}/provision`, { key: writeKey, raw: '{"routerId":' })).status).toBe(400);

		const off = await subscribe(s, null);
		const noRouter = await call('POST', `/subscriptions/${off.id}/kick`, { key: writeKey, headers: { 'accept-language': 'en' } });
		expect(noRouter.status).toBe(409);
		expect(noRouter.body.detail).toBe('This subscription is not on any router yet.');
		const jobs = await h.db.select({ n: count() }).from(routerJobs).where(eq(routerJobs.subscriptionId, off.id));
		expect(jobs[0].n).toBe(0);
	});
});

describe('router actions', () => {
	it('push-profile writes the package\'s rate limit onto its profile on the router', async () => {
		const s = await site();
		s.sim.state.menu('/ppp/profile').add({ name: 'paket-10m', 'rate-limit': '1M/1M' });
		await h.db.update(packages).set({ rateLimit: '20M/20M' }).where(eq(packages.id, s.packageId));
		const r = await call('POST', `/routers/${s.routerId}/push-profile`, { key: writeKey, body: { packageId: s.packageId } });
		expectAccepted(r);
		const job = await follow(r.body.href);
		expect(job).toMatchObject({ action: 'push-profile', status: 'done', result: { profile: 'paket-10m', rateLimit: '20M/20M', changed: true } });
		expect(s.sim.state.menu('/ppp/profile').find('paket-10m')!.props['rate-limit']).toBe('20M/20M');
		const [audited] = await h.db.select().from(auditLog).where(and(eq(auditLog.action, 'package.pushProfile'), eq(auditLog.entityId, s.packageId)));
		expect(audited.apiKeyId).toBe(writeKeyId);

		expect((await call('POST', `/routers/${s.routerId}/push-profile`, { key: readKey, body: { packageId: s.packageId } })).status).toBe(403);
		expect((await call('POST', `/routers/${randomUUID()}/push-profile`, { key: writeKey, body: { packageId: s.packageId } })).status).toBe(404);
		expect((await call('POST', `/routers/${s.routerId}/push-profile`, { key: otherAreaKey, body: { packageId: s.packageId } })).status).toBe(404);
		expect(Object.keys((await call('POST', `/routers/${s.routerId}/push-profile`, { key: writeKey, body: {} })).body.errors)).toEqual(['packageId']);
		expect(Object.keys((await call('POST', `/routers/${s.routerId}/push-profile`, { key: writeKey, body: { packageId: randomUUID() } })).body.errors)).toEqual(['packageId']);
		const staticPackage = await seedPackage(h.db, { serviceType: 'static', routerProfile: 'statis' });
		expect((await call('POST', `/routers/${s.routerId}/push-profile`, { key: writeKey, body: { packageId: staticPackage } })).status).toBe(409);
	});

	it('imports a router\'s unknown accounts: preview job, then import job, as the office does', async () => {
		const s = await site();
		s.sim.state.menu('/ppp/profile').add({ name: 'paket-10m', 'rate-limit': '10M/10M' });
		s.sim.state.menu('/ppp/secret').add({ name: 'warung-bu-siti', password: 'kopi123', service: 'pppoe', profile: 'paket-10m', comment: 'Siti Nurhaliza 0812-3456-7890' });
		s.sim.state.menu('/ppp/secret').add({ name: 'kantor-desa', password: 'desa1', service: 'pppoe', profile: 'paket-10m', comment: 'Kantor Desa' });

		// Importing before a preview has finished names the field.
		const early = await call('POST', `/routers/${s.routerId}/import`, {
			key: writeKey,
			body: { previewJobId: 999_999, areaId, startDate: '2026-12-01', billingDay: 5, mapping: [{ service: 'pppoe', profile: 'paket-10m', packageId: s.packageId }] }
		});
		expect(early.status).toBe(400);
		expect(Object.keys(early.body.errors)).toEqual(['previewJobId']);

		const preview = await call('POST', `/routers/${s.routerId}/import-preview`, { key: writeKey });
		expectAccepted(preview);
		const read = await follow(preview.body.href);
		expect(read.status).toBe('done');
		expect(read.result.rows.map((r: { name: string }) => r.name).sort()).toEqual(['kantor-desa', 'warung-bu-siti']);

		const body = {
			previewJobId: preview.body.jobId,
			areaId,
			startDate: new Date().toISOString().slice(0, 10),
			billingDay: 5,
			mapping: [{ service: 'pppoe', profile: 'paket-10m', packageId: s.packageId }],
			accounts: [{ service: 'pppoe', name: 'kantor-desa', mode: 'complimentary' }]
		};
		expect((await call('POST', `/routers/${s.routerId}/import`, { key: readKey, body })).status).toBe(403);
		expect((await call('POST', `/routers/${s.routerId}/import`, { key: areaKey, body: { ...body, areaId: otherAreaId } })).status).toBe(404);
		expect((await call('POST', `/routers/${randomUUID()}/import`, { key: writeKey, body })).status).toBe(404);
		const bad = await call('POST', `/routers/${s.routerId}/import`, { key: writeKey, body: { ...body, billingDay: 31, mapping: 'semua' } });
		expect(bad.status).toBe(400);
		expect(Object.keys(bad.body.errors).sort()).toEqual(['billingDay', 'mapping']);

		const started = await call('POST', `/routers/${s.routerId}/import`, { key: writeKey, body });
		expectAccepted(started);
		const done = await follow(started.body.href);
		expect(done).toMatchObject({ action: 'import', status: 'done', result: { created: 2, complimentary: 1 } });
		const imported = await h.db
			.select({ username: subscriptions.serviceUsername, complimentary: subscriptions.complimentary, name: customers.name })
			.from(subscriptions)
			.innerJoin(customers, eq(customers.id, subscriptions.customerId))
			.where(and(eq(subscriptions.routerId, s.routerId), like(customers.notes, 'Diimpor%')));
		expect(imported.map((r) => [r.username, r.complimentary]).sort()).toEqual([
			['kantor-desa', true],
			['warung-bu-siti', false]
		]);
		// The same preview again joins the import already made.
		expect((await call('POST', `/routers/${s.routerId}/import`, { key: writeKey, body })).body.jobId).toBe(started.body.jobId);
	});

	it('lets a job be followed only by keys that may see it', async () => {
		const s = await site();
		const sub = await subscribe(s);
		const kick = await call('POST', `/subscriptions/${sub.id}/kick`, { key: writeKey });
		expect((await call('GET', kick.body.href.replace('/api/v1', ''), { key: areaKey })).status).toBe(200);
		expect((await call('GET', kick.body.href.replace('/api/v1', ''), { key: otherAreaKey })).status).toBe(404);
		expect((await call('GET', '/router-jobs/987654321', { key: readKey })).status).toBe(404);
		expect((await call('GET', '/router-jobs/abc', { key: readKey })).status).toBe(400);
	});
});
