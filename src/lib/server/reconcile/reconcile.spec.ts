import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeIsp, makeStaff, type Isp } from '../../../../tests/fixtures';
import { auditLog, customers, packages, routerDrift, routerJobs, routers, subscriptions } from '../db/schema';
import type { RouterOsSimulator } from '../routeros-sim/index';
import type { RouterRow } from '../router-jobs/job-context';
import { RouterJobWorker } from '../router-jobs/worker';
import { RouterPool } from '../routeros/pool';
import { routerEndpointLoader } from '../routeros/endpoint';
import { reconcileHandler } from './reconcile';
import { fixDrift } from './fix';
import { registerRouter, runJob, startSim, TEST_SECRETS_KEY } from './test-harness';
import { enqueueDailyReconciles, RECONCILE_SCHEDULE_KEY } from './schedule';
import { writeSetting } from '../settings';
import { encryptSecret } from '../crypto/secret-box';
import type { RouterState, ServiceType } from '../../shared/domain';

let t: TestDatabase;
let isp: Isp;
let pppPackage: string;
let hotspotPackage: string;
let staticPackage: string;
let staffId: string;
const sims: RouterOsSimulator[] = [];

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	staffId = (await makeStaff(t.db, 'office')).id;
	pppPackage = isp.packageId; // router profile 'paket-10m'
	hotspotPackage = randomUUID();
	staticPackage = randomUUID();
	await t.db.insert(packages).values([
		{ id: hotspotPackage, name: 'Hotspot 5M', price: 50000, serviceType: 'hotspot', routerProfile: 'hs-5m', rateLimit: '5M/5M' },
		{ id: staticPackage, name: 'Static 20M', price: 300000, serviceType: 'static', routerProfile: 'static', rateLimit: '20M/20M' }
	]);
});
afterAll(async () => {
	for (const s of sims) await s.close();
	await t?.drop();
});

async function sim(): Promise<RouterOsSimulator> {
	const s = await startSim();
	sims.push(s);
	for (const name of ['paket-10m', 'paket-20m']) s.state.menu('/ppp/profile').add({ name });
	s.state.menu('/ip/hotspot/user/profile').add({ name: 'hs-5m' });
	s.state.menu('/ip/hotspot/user/profile').add({ name: 'isolir' });
	return s;
}

async function subscribe(
	router: RouterRow,
	opts: { username?: string; staticIp?: string; service?: ServiceType; desired?: Exclude<RouterState, 'absent'>; terminated?: boolean }
): Promise<string> {
	const customerId = randomUUID();
	const id = randomUUID();
	await t.db.insert(customers).values({ id: customerId, code: `R${id.slice(0, 8)}`, name: `Pelanggan ${opts.username ?? opts.staticIp}`, address: '', areaId: isp.areaId });
	const service = opts.service ?? 'pppoe';
	const desired = opts.desired ?? 'active';
	await t.db.insert(subscriptions).values({
		id,
		customerId,
		packageId: service === 'hotspot' ? hotspotPackage : service === 'static' ? staticPackage : pppPackage,
		routerId: router.id,
		serviceUsername: opts.username ?? null,
		liveServiceUsername: opts.terminated ? null : (opts.username ?? null),
		servicePasswordEnc: opts.username ? encryptSecret('pw', TEST_SECRETS_KEY) : null,
		staticIp: opts.staticIp ?? null,
		billingDay: 1,
		startDate: '2026-11-01',
		status: opts.terminated ? 'terminated' : desired === 'isolated' ? 'isolated' : 'active',
		desiredRouterState: opts.terminated ? 'absent' : desired,
		terminatedAt: opts.terminated ? new Date() : null
	});
	return id;
}

const secret = (s: RouterOsSimulator, name: string, props: Record<string, string> = {}) =>
	s.state.menu('/ppp/secret').add({ name, password: 'pw', service: 'pppoe', profile: 'paket-10m', ...props });
const driftOf = async (routerId: string) =>
	t.db.select().from(routerDrift).where(eq(routerDrift.routerId, routerId)).orderBy(routerDrift.kind, routerDrift.serviceUsername);
const kindsOf = async (routerId: string) => (await driftOf(routerId)).map((d) => `${d.kind}:${d.serviceUsername}`);

describe('reconcile on a router isolating by profile', () => {
	let s: RouterOsSimulator;
	let router: RouterRow;
	const subs: Record<string, string> = {};

	beforeAll(async () => {
		s = await sim();
		// The isolir profile puts its sessions on the `isolir` address-list, as the isolir script sets it up.
		s.state.menu('/ppp/profile').add({ name: 'isolir', 'address-list': 'isolir', 'rate-limit': '512k/512k' });
		router = await registerRouter(t.db, s, { method: 'profile' });

		subs.ok = await subscribe(router, { username: 'ok1' });
		secret(s, 'ok1');
		subs.missing = await subscribe(router, { username: 'missing1' });
		subs.wrong = await subscribe(router, { username: 'wrong1' });
		secret(s, 'wrong1', { profile: 'paket-20m' });
		subs.paid = await subscribe(router, { username: 'paid1' });
		secret(s, 'paid1', { profile: 'isolir' });
		subs.notIsolated = await subscribe(router, { username: 'notiso1', desired: 'isolated' });
		secret(s, 'notiso1');
		// Switched to the isolir profile but never kicked: still on the session it dialled before.
		subs.online = await subscribe(router, { username: 'online1', desired: 'isolated' });
		secret(s, 'online1');
		s.state.menu('/ppp/secret').set('online1', { profile: 'isolir' });
		// Isolated properly: its session dialled on the isolir profile, so the router put it on the address-list.
		subs.isolatedOk = await subscribe(router, { username: 'isook1', desired: 'isolated' });
		secret(s, 'isook1', { profile: 'isolir' });
		subs.disabled = await subscribe(router, { username: 'dis1' });
		secret(s, 'dis1', { disabled: 'true' });
		subs.gone = await subscribe(router, { username: 'gone1', terminated: true });
		secret(s, 'gone1');
		secret(s, 'stranger', { comment: 'Pak Dadang Sudrajat' });
		// The ISP's own tunnel is no subscriber: not reported as unknown.
		secret(s, 'vpn-site', { service: 'l2tp' });
		subs.hotspotMissing = await subscribe(router, { username: 'hs1', service: 'hotspot' });
		subs.hotspotOk = await subscribe(router, { username: 'hs2', service: 'hotspot' });
		s.state.menu('/ip/hotspot/user').add({ name: 'hs2', password: 'pw', profile: 'hs-5m' });
		subs.staticIsolate = await subscribe(router, { staticIp: '192.168.50.10', service: 'static', desired: 'isolated' });
		subs.staticPaid = await subscribe(router, { staticIp: '192.168.50.11', service: 'static' });
		s.state.menu('/ip/firewall/address-list').add({ list: 'isolir', address: '192.168.50.11' });
	});

	it('records each kind of drift, and nothing for what matches', async () => {
		const { result } = await runJob(t.db, s, router.id, reconcileHandler, { action: 'reconcile' });
		expect(await kindsOf(router.id)).toEqual([
			'disabled_mismatch:dis1',
			'isolated_but_online:online1',
			'missing_secret:hs1',
			'missing_secret:missing1',
			'not_isolated:192.168.50.10',
			'not_isolated:notiso1',
			'paid_but_isolated:192.168.50.11',
			'paid_but_isolated:paid1',
			'terminated_present:gone1',
			'unknown_secret:stranger',
			'wrong_profile:wrong1'
		]);
		expect(result.counts).toMatchObject({ missing_secret: 2, wrong_profile: 1, paid_but_isolated: 2, not_isolated: 2, isolated_but_online: 1, disabled_mismatch: 1, terminated_present: 1, unknown_secret: 1 });
		expect(result).toMatchObject({ drift: 11, autoFix: false, fixesQueued: 0 });
		const rows = await driftOf(router.id);
		expect(rows.find((r) => r.serviceUsername === 'paid1')).toMatchObject({ subscriptionId: subs.paid, fixJobId: null });
		expect(rows.find((r) => r.serviceUsername === 'gone1')?.subscriptionId).toBe(subs.gone);
		expect(rows.find((r) => r.serviceUsername === 'stranger')).toMatchObject({ subscriptionId: null, detail: expect.objectContaining({ comment: 'Pak Dadang Sudrajat' }) });
		// Nothing was fixed or queued without being asked.
		expect(await t.db.select().from(routerJobs).where(and(eq(routerJobs.routerId, router.id), eq(routerJobs.action, 'provision')))).toEqual([]);
	});

	it('reconciles run side by side without deadlocking on the drift rows', async () => {
		const runs = await Promise.allSettled(Array.from({ length: 6 }, () => runJob(t.db, s, router.id, reconcileHandler, { action: 'reconcile' })));
		expect(runs.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)).join('\n')).toBe('');
		// Each run replaced the router's rows whole: one set remains, nothing twice.
		const rows = await t.db.select().from(routerDrift).where(eq(routerDrift.routerId, router.id));
		expect(rows.length).toBeGreaterThan(0);
		expect(new Set(rows.map((r) => `${r.kind}:${r.serviceUsername}`)).size).toBe(rows.length);
	});

	it('replaces the router\'s rows on the next run', async () => {
		secret(s, 'missing1');
		await runJob(t.db, s, router.id, reconcileHandler, { action: 'reconcile' });
		const kinds = await kindsOf(router.id);
		expect(kinds).not.toContain('missing_secret:missing1');
		expect(kinds).toHaveLength(10);
	});

	it('fixes chosen rows, then all, with the convergence job of each subscription; unknown accounts are left alone', async () => {
		const rows = await driftOf(router.id);
		const paid = rows.find((r) => r.serviceUsername === 'paid1')!;
		expect(await fixDrift(t.db, router.id, [paid.id], staffId)).toEqual({ queued: 1 });
		expect(await fixDrift(t.db, router.id, [paid.id], staffId)).toEqual({ queued: 0 });
		const all = await fixDrift(t.db, router.id, undefined, staffId);
		expect(all.queued).toBe(rows.length - 2); // all but paid1 (queued already) and the unknown one
		// One audit row per batch that queued something, by the person who asked.
		const audited = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'router.fixDrift'), eq(auditLog.entityId, router.id)));
		expect(audited.map((a) => [a.userId, (a.after as { count: number }).count])).toEqual([
			[staffId, 1],
			[staffId, rows.length - 2]
		]);
		const jobs = await t.db.select().from(routerJobs).where(inArray(routerJobs.subscriptionId, Object.values(subs)));
		const bySub = new Map(jobs.map((j) => [j.subscriptionId, j]));
		expect(bySub.get(subs.paid)).toMatchObject({ action: 'provision', desiredState: 'active', requestedBy: staffId });
		expect(bySub.get(subs.online)).toMatchObject({ action: 'kick', desiredState: 'isolated' });
		expect(bySub.get(subs.gone)).toMatchObject({ action: 'remove', desiredState: 'absent' });
		expect(bySub.get(subs.notIsolated)).toMatchObject({ action: 'provision', desiredState: 'isolated' });
		const after = await driftOf(router.id);
		expect(after.filter((r) => r.fixJobId === null).map((r) => r.serviceUsername)).toEqual(['stranger']);
	});
});

describe('fixing "isolated but online" on a router isolating by profile', () => {
	it('kicks once: the session comes back on the isolir profile, the next reconciles find no drift and auto-fix kicks nobody again', async () => {
		const s = await startSim({ reconnectDelayMs: 20 });
		sims.push(s);
		s.state.menu('/ppp/profile').add({ name: 'paket-10m' });
		// As the isolir script sets it up: the router lists the isolir profile's sessions itself.
		s.state.menu('/ppp/profile').add({ name: 'isolir', 'address-list': 'isolir', 'rate-limit': '512k/512k' });
		const router = await registerRouter(t.db, s, { method: 'profile' });
		const names = ['late1', 'late2', 'late3'];
		for (const name of names) {
			await subscribe(router, { username: name, desired: 'isolated' });
			// Moved to the isolir profile while online, and the kick never happened.
			secret(s, name);
			s.state.menu('/ppp/secret').set(name, { profile: 'isolir' });
		}
		await runJob(t.db, s, router.id, reconcileHandler, { action: 'reconcile' });
		expect(await kindsOf(router.id)).toEqual(names.map((n) => `isolated_but_online:${n}`));

		const pool = new RouterPool({ load: routerEndpointLoader(t.db, TEST_SECRETS_KEY), commandTimeoutMs: 5000 });
		const worker = new RouterJobWorker({ db: t.db, pool, secretsKey: TEST_SECRETS_KEY, timeZone: () => 'Asia/Jakarta', pollMs: 50 });
		const kicks = async () =>
			(await t.db.select().from(routerJobs).where(and(eq(routerJobs.routerId, router.id), eq(routerJobs.action, 'kick')))).length;
		worker.start();
		try {
			expect(await fixDrift(t.db, router.id, undefined, staffId)).toEqual({ queued: 3 });
			expect((await settle(router.id)).filter((j) => j.status === 'dead')).toEqual([]);
			// Every CPE redialled, now on the isolir profile.
			for (let i = 0; i < 50 && names.some((n) => !s.state.sessions.sessionOf(n)); i++) await new Promise((r) => setTimeout(r, 20));
			for (const name of names) expect(s.state.sessions.profileOf(name)).toBe('isolir');

			// The next reconcile (the nightly one, with auto-fix) finds nothing and queues nothing.
			await t.db.update(routers).set({ autoFixDrift: true }).where(eq(routers.id, router.id));
			const next = await runJob(t.db, s, router.id, reconcileHandler, { action: 'reconcile' });
			expect(next.result).toMatchObject({ drift: 0, autoFix: true, fixesQueued: 0 });
			expect(await kindsOf(router.id)).toEqual([]);
			await settle(router.id);
			const again = await runJob(t.db, s, router.id, reconcileHandler, { action: 'reconcile' });
			expect(again.result).toMatchObject({ drift: 0, fixesQueued: 0 });
			expect(await kicks()).toBe(3);
		} finally {
			await worker.stop();
			await pool.closeAll();
		}
	});
});

describe('reconcile on a router isolating by disabling', () => {
	it('sees a disabled account as isolated, a session on it as online, and an enabled one as not isolated', async () => {
		const s = await sim();
		const router = await registerRouter(t.db, s, { method: 'disable' });
		await subscribe(router, { username: 'd-online', desired: 'isolated' });
		secret(s, 'd-online');
		// Disabling does not end a running session (as on a real router): it is still online.
		s.state.menu('/ppp/secret').set('d-online', { disabled: 'true' });
		await subscribe(router, { username: 'd-enabled', desired: 'isolated' });
		secret(s, 'd-enabled');
		await subscribe(router, { username: 'd-paid' });
		secret(s, 'd-paid', { disabled: 'true' });
		await subscribe(router, { username: 'd-offline', desired: 'isolated' });
		secret(s, 'd-offline', { disabled: 'true' });
		s.state.sessions.kick('d-offline', { reconnect: false });
		s.state.sessions.kick('d-paid', { reconnect: false });
		await runJob(t.db, s, router.id, reconcileHandler, { action: 'reconcile' });
		expect(await kindsOf(router.id)).toEqual(['isolated_but_online:d-online', 'not_isolated:d-enabled', 'paid_but_isolated:d-paid']);
	});
});

describe('reconcile on a router without the hotspot package', () => {
	it('reads no hotspot users instead of failing', async () => {
		const s = await sim();
		s.setFault({ trapOn: { command: '/ip/hotspot/user/print', message: 'no such command prefix', category: 0 } });
		const router = await registerRouter(t.db, s, { method: 'profile' });
		await subscribe(router, { username: 'h-ok' });
		secret(s, 'h-ok');
		const { result } = await runJob(t.db, s, router.id, reconcileHandler, { action: 'reconcile' });
		expect(result).toMatchObject({ drift: 0, accounts: 1 });
	});
});

/** Waits until none of the router's jobs is queued or running. */
async function settle(routerId: string, timeoutMs = 20_000): Promise<Array<typeof routerJobs.$inferSelect>> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const jobs = await t.db.select().from(routerJobs).where(eq(routerJobs.routerId, routerId));
		if (jobs.every((j) => j.status === 'done' || j.status === 'dead')) return jobs;
		if (Date.now() > until) throw new Error(`jobs still pending: ${JSON.stringify(jobs.map((j) => [j.id, j.action, j.status, j.lastError]))}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

describe('auto-fix', () => {
	it('queues the fixes with the reconcile, once, and the worker converges the router', async () => {
		const s = await sim();
		s.state.menu('/ppp/profile').add({ name: 'isolir' });
		const router = await registerRouter(t.db, s, { method: 'profile', autoFixDrift: true });
		await subscribe(router, { username: 'a-missing' });
		await subscribe(router, { username: 'a-paid' });
		secret(s, 'a-paid', { profile: 'isolir' });
		await subscribe(router, { username: 'a-iso', desired: 'isolated' });
		secret(s, 'a-iso');
		secret(s, 'a-stranger');

		const { result } = await runJob(t.db, s, router.id, reconcileHandler, { action: 'reconcile', requestedBy: staffId });
		expect(result).toMatchObject({ drift: 4, autoFix: true, fixesQueued: 3 });
		const queued = await t.db.select().from(routerJobs).where(and(eq(routerJobs.routerId, router.id), eq(routerJobs.status, 'queued')));
		expect(queued.map((j) => j.action).sort()).toEqual(['provision', 'provision', 'provision']);
		// A second reconcile while the fixes wait leaves them to those jobs instead of queueing more.
		const again = await runJob(t.db, s, router.id, reconcileHandler, { action: 'reconcile' });
		expect(again.result).toMatchObject({ fixesQueued: 0 });
		expect(await t.db.select().from(routerJobs).where(and(eq(routerJobs.routerId, router.id), eq(routerJobs.status, 'queued')))).toHaveLength(3);

		const pool = new RouterPool({ load: routerEndpointLoader(t.db, TEST_SECRETS_KEY), commandTimeoutMs: 5000 });
		const worker = new RouterJobWorker({ db: t.db, pool, secretsKey: TEST_SECRETS_KEY, timeZone: () => 'Asia/Jakarta', pollMs: 50 });
		worker.start();
		try {
			const jobs = await settle(router.id);
			expect(jobs.filter((j) => j.status === 'dead')).toEqual([]);
		} finally {
			await worker.stop();
			await pool.closeAll();
		}
		expect(s.state.menu('/ppp/secret').find('a-missing')?.props.profile).toBe('paket-10m');
		await runJob(t.db, s, router.id, reconcileHandler, { action: 'reconcile' });
		expect(await kindsOf(router.id)).toEqual(['unknown_secret:a-stranger']);
	});
});

describe('the daily reconcile', () => {
	it('queues one reconcile per router once the local time has come, once per day', async () => {
		await writeSetting(t.db, RECONCILE_SCHEDULE_KEY, { enabled: true, runAt: '02:30' }, null);
		const live = await t.db.select({ id: routers.id }).from(routers);
		// 02:00 WIB = 19:00 UTC the day before: not yet.
		expect(await enqueueDailyReconciles(t.db, 'Asia/Jakarta', new Date('2026-11-23T19:00:00Z'))).toBe(0);
		expect(await enqueueDailyReconciles(t.db, 'Asia/Jakarta', new Date('2026-11-23T19:31:00Z'))).toBe(live.length);
		expect(await enqueueDailyReconciles(t.db, 'Asia/Jakarta', new Date('2026-11-23T22:00:00Z'))).toBe(0);
		const jobs = await t.db.select().from(routerJobs).where(eq(routerJobs.dedupeKey, `reconcile:${live[0].id}:2026-11-24`));
		expect(jobs).toHaveLength(1);
		expect(jobs[0]).toMatchObject({ action: 'reconcile', status: 'queued' });
		// A router whose reconcile still waits (it is down) gets no second one the next day…
		expect(await enqueueDailyReconciles(t.db, 'Asia/Jakarta', new Date('2026-11-24T20:00:00Z'))).toBe(0);
		// …but once it ran, the next local day gets its own.
		await t.db.update(routerJobs).set({ status: 'done' }).where(eq(routerJobs.action, 'reconcile'));
		expect(await enqueueDailyReconciles(t.db, 'Asia/Jakarta', new Date('2026-11-25T20:00:00Z'))).toBe(live.length);
		await writeSetting(t.db, RECONCILE_SCHEDULE_KEY, { enabled: false, runAt: '02:30' }, null);
		await t.db.update(routerJobs).set({ status: 'done' }).where(eq(routerJobs.action, 'reconcile'));
		expect(await enqueueDailyReconciles(t.db, 'Asia/Jakarta', new Date('2026-11-26T20:00:00Z'))).toBe(0);
	});
});
