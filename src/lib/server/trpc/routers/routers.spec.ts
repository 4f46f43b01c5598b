import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { areas, auditLog, customers, packages, routerJobs, routers, routerSnapshots, subscriptions } from '../../db/schema';
import { decryptSecret } from '../../crypto/secret-box';
import { setConfigForTests } from '../../config';
import { writeSnapshot } from '../../routers/router-status';
import type { SessionUser } from '../../auth/session';
import type { RouterCreateInput } from '../../../shared/schemas/routers';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
const KEY = '0123456789abcdef'.repeat(4);
let admin: SessionUser;
let office: SessionUser;
let technician: SessionUser;

const router = (over: Partial<RouterCreateInput> = {}): RouterCreateInput => ({
	name: `Router ${randomUUID().slice(0, 6)}`,
	host: '192.168.88.1',
	username: 'lunas',
	password: 'rahasia-123',
	...over
});

beforeAll(async () => {
	t = await createTestDatabase();
	// Editing a router drops this process's pooled connection, which needs the app's config.
	setConfigForTests(testConfig(t.url));
	admin = await makeUser('admin');
	office = await makeUser('office');
	technician = await makeUser('technician');
});
afterAll(async () => {
	setConfigForTests(undefined);
	await t?.drop();
});

const rowOf = async (id: string) => (await t.db.select().from(routers).where(eq(routers.id, id)))[0];
const routerCount = async () => (await t.db.select({ n: count() }).from(routers))[0].n;

async function subscribe(routerId: string, status: 'active' | 'terminated' = 'active') {
	const areaId = randomUUID();
	const customerId = randomUUID();
	const packageId = randomUUID();
	await t.db.insert(areas).values({ id: areaId, name: `Area ${areaId.slice(0, 8)}` });
	await t.db.insert(packages).values({ id: packageId, name: `Paket ${packageId.slice(0, 8)}`, price: 100_000, routerProfile: 'p', rateLimit: '5M/5M' });
	await t.db.insert(customers).values({ id: customerId, code: `X${customerId.slice(0, 8)}`, name: 'Pak Slamet', address: 'Jl. Kenanga', areaId });
	const id = randomUUID();
	const username = `u${id.slice(0, 8)}`;
	await t.db.insert(subscriptions).values({
		id,
		customerId,
		packageId,
		routerId,
		serviceUsername: username,
		liveServiceUsername: status === 'terminated' ? null : username,
		billingDay: 5,
		startDate: '2026-01-05',
		status
	});
	return id;
}

describe('routers', () => {
	it('are read by admin and office, written only by admin, hidden from technicians', async () => {
		expect((await errorOf(callerAs(null).routers.list())).code).toBe('UNAUTHORIZED');
		expect((await errorOf(callerAs(office).routers.create(router()))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(technician).routers.list())).code).toBe('FORBIDDEN');
		const { id } = await callerAs(admin).routers.create(router({ name: 'BTS Teluk' }));
		const seen = await callerAs(office).routers.get({ id });
		expect(seen).toMatchObject({ name: 'BTS Teluk', host: '192.168.88.1', apiPort: 8728, useTls: false, status: 'unknown', hasPassword: true });
		expect((await errorOf(callerAs(office).routers.update({ id, ...router({ name: 'BTS Teluk' }) }))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(office).routers.delete({ id }))).code).toBe('FORBIDDEN');
	});

	it('encrypt the API password and never send it back', async () => {
		const { id } = await callerAs(admin).routers.create(router({ password: 'sandi-router-9' }));
		const row = await rowOf(id);
		expect(row.passwordEnc).not.toContain('sandi-router-9');
		expect(decryptSecret(row.passwordEnc, KEY)).toBe('sandi-router-9');
		const read = [await callerAs(admin).routers.get({ id }), (await callerAs(admin).routers.list()).find((r) => r.id === id), (await callerAs(admin).routers.detail({ id })).router];
		for (const r of read) {
			expect(r).toBeDefined();
			expect(JSON.stringify(r)).not.toMatch(/sandi-router-9|passwordEnc|v1:/);
		}
		const [entry] = await t.db.select().from(auditLog).where(and(eq(auditLog.entity, 'router'), eq(auditLog.entityId, id)));
		expect(JSON.stringify(entry)).not.toContain('sandi-router-9');
	});

	it('default the API port to 8728, or 8729 with TLS', async () => {
		const plain = await callerAs(admin).routers.create(router());
		const tls = await callerAs(admin).routers.create(router({ useTls: true }));
		const custom = await callerAs(admin).routers.create(router({ apiPort: 18728, useTls: true }));
		expect((await rowOf(plain.id)).apiPort).toBe(8728);
		expect((await rowOf(tls.id)).apiPort).toBe(8729);
		expect((await rowOf(custom.id)).apiPort).toBe(18728);
	});

	it('keep the stored password when an edit leaves it blank, and replace it when given', async () => {
		const { id } = await callerAs(admin).routers.create(router({ password: 'lama-123' }));
		const before = await rowOf(id);
		for (const password of ['', null, undefined]) {
			await callerAs(admin).routers.update({ id, ...router({ name: before.name, host: 'mikrotik.purwa.net' }), password });
			const after = await rowOf(id);
			expect(after.passwordEnc).toBe(before.passwordEnc);
			expect(after.host).toBe('mikrotik.purwa.net');
		}
		await callerAs(admin).routers.update({ id, ...router({ name: before.name, password: 'baru-456', isolationMethod: 'disable', autoFixDrift: true }) });
		const changed = await rowOf(id);
		expect(decryptSecret(changed.passwordEnc, KEY)).toBe('baru-456');
		expect(changed).toMatchObject({ isolationMethod: 'disable', autoFixDrift: true });
		const trail = await t.db.select().from(auditLog).where(and(eq(auditLog.entity, 'router'), eq(auditLog.entityId, id)));
		expect(trail.map((a) => (a.after as { passwordChanged?: boolean }).passwordChanged ?? null)).toEqual([null, false, false, false, true]);
	});

	it('forget what they knew of the box when the address changes, and only then', async () => {
		const { id } = await callerAs(admin).routers.create(router({ name: 'Router Pindah', host: '10.0.0.1' }));
		const seen = async () => {
			await t.db.update(routers).set({ status: 'up', rosVersion: '7.18.2 (stable)', lastSeenAt: new Date() }).where(eq(routers.id, id));
			await writeSnapshot(t.db, id, 'resource', { identity: 'lama' }, new Date());
		};
		await seen();
		await callerAs(admin).routers.update({ id, ...router({ name: 'Router Pindah Nama', host: '10.0.0.1', password: '' }) });
		expect(await rowOf(id)).toMatchObject({ status: 'up', rosVersion: '7.18.2 (stable)' });
		expect((await callerAs(office).routers.detail({ id })).resource).not.toBeNull();
		await callerAs(admin).routers.update({ id, ...router({ name: 'Router Pindah Nama', host: '10.0.0.2', password: '' }) });
		expect(await rowOf(id)).toMatchObject({ status: 'unknown', rosVersion: null, lastSeenAt: null });
		expect((await callerAs(office).routers.detail({ id })).resource).toBeNull();
	});

	it('refuse bad input field by field, in the caller\'s language, writing nothing', async () => {
		const before = await routerCount();
		const err = await errorOf(
			callerAs(admin).routers.create(
				router({ name: '', host: 'http://192.168.88.1', apiPort: 70000, username: 'admin lunas', password: '', isolirProfile: 'profil isolir', isolirAddressList: '-x' })
			)
		);
		expect(err.code).toBe('BAD_REQUEST');
		const errors = fieldErrorsOf(err);
		expect(Object.keys(errors).sort()).toEqual(['apiPort', 'host', 'isolirAddressList', 'isolirProfile', 'name', 'password', 'username']);
		expect(errors.host).toEqual(['Isi alamat IP atau nama host router, misalnya 192.168.88.1 atau router.contoh.net.']);
		expect(errors.password).toEqual(['Kata sandi API wajib diisi.']);
		const en = fieldErrorsOf(await errorOf(callerAs(admin, 'en').routers.create(router({ host: '300.1.1.1', apiPort: 0 }))), 'en');
		expect(en).toEqual({
			host: ['Enter the router\'s IP address or host name, e.g. 192.168.88.1 or router.example.net.'],
			apiPort: ['The API port is a number 1–65535 (usually 8728, or 8729 with TLS).']
		});
		expect(await routerCount()).toBe(before);
		// Addresses that are fine.
		for (const host of ['10.0.0.1', 'router-1.example.net', 'fe80::1', 'mikrotik']) await callerAs(admin).routers.create(router({ host }));
	});

	it('refuse a name another router has, saying when that router was deleted', async () => {
		await callerAs(admin).routers.create(router({ name: 'Router Kembar' }));
		expect(fieldErrorsOf(await errorOf(callerAs(admin).routers.create(router({ name: 'Router Kembar' }))))).toEqual({ name: ['Sudah dipakai.'] });
		const other = await callerAs(admin).routers.create(router({ name: 'Router Lama' }));
		await callerAs(admin).routers.delete({ id: other.id });
		const mine = await callerAs(admin).routers.create(router());
		const refused = await errorOf(callerAs(admin).routers.update({ id: mine.id, ...router({ name: 'Router Lama' }) }));
		expect(fieldErrorsOf(refused)).toEqual({ name: ['Sudah dipakai oleh data yang telah dihapus.'] });
		// Creating it again brings the deleted row back as a fresh router.
		const again = await callerAs(admin).routers.create(router({ name: 'Router Lama', host: '10.9.9.9' }));
		expect(again.id).toBe(other.id);
		expect(await callerAs(office).routers.get({ id: other.id })).toMatchObject({ host: '10.9.9.9', status: 'unknown' });
	});

	it('refuse deleting a router a live subscription uses, then delete it softly', async () => {
		const { id } = await callerAs(admin).routers.create(router({ name: 'Router Dipakai' }));
		const live = await subscribe(id);
		await subscribe(id, 'terminated');
		await writeSnapshot(t.db, id, 'online', { sessions: [] }, new Date());
		expect((await callerAs(office).routers.get({ id })).subscriptions).toBe(1);
		const refused = await errorOf(callerAs(admin).routers.delete({ id }));
		expect(refused.code).toBe('BAD_REQUEST');
		expect(refused.message).toBe('Router ini masih dipakai 1 langganan. Pindahkan atau hentikan langganan itu dulu.');
		expect((await rowOf(id)).deletedAt).toBeNull();

		await t.db.update(subscriptions).set({ status: 'terminated', liveServiceUsername: null }).where(eq(subscriptions.id, live));
		await callerAs(admin).routers.delete({ id });
		expect((await rowOf(id)).deletedAt).toBeInstanceOf(Date);
		expect((await errorOf(callerAs(office).routers.get({ id }))).code).toBe('NOT_FOUND');
		expect((await callerAs(office).routers.list()).map((r) => r.id)).not.toContain(id);
		expect(await t.db.select().from(routerSnapshots).where(eq(routerSnapshots.routerId, id))).toEqual([]);
	});

	it('list with the monitor\'s online count and live subscriptions', async () => {
		const { id } = await callerAs(admin).routers.create(router({ name: 'Router Hitung' }));
		await subscribe(id);
		let row = (await callerAs(office).routers.list()).find((r) => r.id === id)!;
		expect(row).toMatchObject({ online: null, subscriptions: 1 });
		const session = { service: 'pppoe', name: 'a', address: null, uptime: '1m', uptimeSeconds: 60, callerId: null };
		await writeSnapshot(t.db, id, 'online', { sessions: [session, { ...session, name: 'b' }] }, new Date());
		row = (await callerAs(office).routers.list()).find((r) => r.id === id)!;
		expect(row.online).toBe(2);
	});
});

describe('test connection', () => {
	it('enqueues one probe job per request, tried once, and reports its progress', async () => {
		const { id } = await callerAs(admin).routers.create(router());
		const requestId = randomUUID();
		const { jobId } = await callerAs(office).routers.probe({ id, requestId });
		expect((await callerAs(office).routers.probe({ id, requestId })).jobId).toBe(jobId);
		const [job] = await t.db.select().from(routerJobs).where(eq(routerJobs.id, jobId));
		expect(job).toMatchObject({ routerId: id, action: 'probe', status: 'queued', maxAttempts: 1, requestedBy: office.id, subscriptionId: null });
		expect(await callerAs(office).routers.probeStatus({ id, jobId })).toMatchObject({ status: 'queued', resource: null, lastError: null });

		const resource = { identity: 'MikroTik', version: '7.18.2 (stable)', rosMajor: 7, board: 'hEX S', architecture: 'arm', uptime: '1h', uptimeSeconds: 3600, cpuLoad: 5, freeMemory: 1, totalMemory: 2 };
		await t.db.update(routerJobs).set({ status: 'done', attempts: 1, result: { resource }, finishedAt: new Date() }).where(eq(routerJobs.id, jobId));
		expect(await callerAs(office).routers.probeStatus({ id, jobId })).toMatchObject({ status: 'done', resource });

		// Another router's id with this job is not found; the same request id for another router neither.
		const other = await callerAs(admin).routers.create(router());
		expect((await errorOf(callerAs(office).routers.probeStatus({ id: other.id, jobId }))).code).toBe('NOT_FOUND');
		expect((await errorOf(callerAs(office).routers.probe({ id: other.id, requestId }))).code).toBe('NOT_FOUND');
		expect((await errorOf(callerAs(technician).routers.probe({ id, requestId: randomUUID() }))).code).toBe('FORBIDDEN');
	});
});

describe('live traffic', () => {
	it('keeps the monitor watching for 30 s per poll and returns the samples of that interface only', async () => {
		const { id } = await callerAs(admin).routers.create(router());
		const started = Date.now();
		expect(await callerAs(office).routers.traffic({ id, interface: 'ether1' })).toMatchObject({ interface: 'ether1', samples: [], takenAt: null });
		const row = await rowOf(id);
		expect(row.watchInterface).toBe('ether1');
		expect(row.watchUntil!.getTime()).toBeGreaterThanOrEqual(started + 29_000);
		expect(row.watchUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 31_000);

		const sample = { at: new Date().toISOString(), rxBitsPerSecond: 1000, txBitsPerSecond: 500 };
		await writeSnapshot(t.db, id, 'traffic', { interface: 'ether1', samples: [sample] }, new Date());
		expect((await callerAs(office).routers.traffic({ id, interface: 'ether1' })).samples).toEqual([sample]);
		expect((await callerAs(office).routers.traffic({ id, interface: 'ether2' })).samples).toEqual([]);
		expect((await errorOf(callerAs(office).routers.traffic({ id: randomUUID(), interface: 'ether1' }))).code).toBe('NOT_FOUND');
	});
});
