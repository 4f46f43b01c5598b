/**
 * Router job actions against the RouterOS simulator over TCP: provision, isolate and restore by
 * each isolation method, remove, kick, push-profile, with read-back and the confirmed state.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import type { RouterOsSimulator } from '../routeros-sim/index';
import type { RouterJobWorker } from './worker';
import { routerJobs, subscriptions } from '../db/schema';
import { setStaticIp, type SubscriptionContext } from '../billing/subscriptions';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { translator } from '../../shared/i18n/index';
import { parseJsonColumn } from './queue';
import { decide, routerJobSpecHarness, seedPackage, seedRouter, seedSubscriptions, waitForJobs } from './test-support';
import { enqueueRouterJob } from './enqueue';
import type { IsolationMethod, ServiceType } from '../../shared/domain';

const h = routerJobSpecHarness({ beforeAll, afterAll, afterEach });
const KEY = h.secretsKey;

interface Setup {
	sim: RouterOsSimulator;
	routerId: string;
	packageId: string;
	worker: RouterJobWorker;
}

async function setup(options: { method?: IsolationMethod; serviceType?: ServiceType; burst?: string } = {}): Promise<Setup> {
	const sim = await h.simulator();
	sim.state.menu('/ppp/profile').add({ name: 'isolir', 'rate-limit': '256k/256k' });
	sim.state.menu('/ip/hotspot/user/profile').add({ name: 'isolir' });
	const routerId = await seedRouter(h.db, sim, { secretsKey: KEY, method: options.method ?? 'profile' });
	const packageId = await seedPackage(h.db, { serviceType: options.serviceType, burst: options.burst ?? null });
	const worker = h.worker({ pool: h.pool({ connectTimeoutMs: 2000 }), backoff: { baseMs: 50, capMs: 200 } });
	return { sim, routerId, packageId, worker };
}

async function subscriptionRow(id: string) {
	const [row] = await h.db.select().from(subscriptions).where(eq(subscriptions.id, id));
	return row;
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 10));
	}
}

describe('provision', () => {
	it('creates the PPPoE secret with a UTF-8 comment that reads back unchanged, and its package profile', async () => {
		const { sim, routerId, packageId } = await setup();
		const name = 'Pelanggan Ñandú — Warung Bu Siti ☕';
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY, customerName: () => name, confirmed: 'unknown' });
		const [jobId] = await decide(h.db, routerId, [sub.id], 'active', 'provision');
		const [job] = await waitForJobs(h.db, [jobId]);
		expect(job.status).toBe('done');

		const secret = sim.state.menu('/ppp/secret').find(sub.username)!;
		expect(secret.props).toMatchObject({
			name: sub.username,
			password: sub.password,
			service: 'pppoe',
			profile: 'paket-10m',
			disabled: 'false',
			comment: `${sub.code} ${name}`
		});
		// The profile did not exist: provisioning created it from the package.
		expect(sim.state.menu('/ppp/profile').find('paket-10m')!.props['rate-limit']).toBe('10M/10M');
		// What the job read back over the wire is the same UTF-8 text.
		const result = parseJsonColumn(job.result)!;
		expect((result.account as Record<string, unknown>).comment).toBe(`${sub.code} ${name}`);
		expect(job.attempts).toBe(1);
		expect(job.startedAt).toBeInstanceOf(Date);
		expect(job.finishedAt).toBeInstanceOf(Date);
		expect((await subscriptionRow(sub.id)).confirmedRouterState).toBe('active');
	});

	it('updates an existing secret to the package profile and static address, and kicks its session', async () => {
		const { sim, routerId, packageId } = await setup();
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY, staticIp: () => '10.99.0.7' });
		sim.state.menu('/ppp/secret').add({ name: sub.username, password: 'old', profile: 'default' });
		await until(() => Boolean(sim.state.sessions.sessionOf(sub.username)));
		const before = sim.state.sessions.sessionOf(sub.username)!.id;

		const [jobId] = await decide(h.db, routerId, [sub.id], 'active', 'provision');
		const [job] = await waitForJobs(h.db, [jobId]);
		expect(job.status).toBe('done');
		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props).toMatchObject({
			password: sub.password,
			profile: 'paket-10m',
			'remote-address': '10.99.0.7'
		});
		expect(parseJsonColumn(job.result)!.kicked).toBe(1);
		await until(() => (sim.state.sessions.sessionOf(sub.username)?.id ?? before) !== before);
	});

	it('creates a hotspot user for a hotspot package', async () => {
		const { sim, routerId, packageId } = await setup({ serviceType: 'hotspot', method: 'disable' });
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY });
		const [provision] = await decide(h.db, routerId, [sub.id], 'active', 'provision');
		expect((await waitForJobs(h.db, [provision]))[0].status).toBe('done');
		expect(sim.state.menu('/ip/hotspot/user').find(sub.username)!.props).toMatchObject({ password: sub.password, profile: 'paket-10m', disabled: 'false' });
		expect(sim.state.menu('/ip/hotspot/user/profile').find('paket-10m')).toBeTruthy();

		sim.state.menu('/ip/hotspot/active').add({ user: sub.username, address: '10.5.50.9' });
		const [isolate] = await decide(h.db, routerId, [sub.id], 'isolated', 'isolate');
		expect((await waitForJobs(h.db, [isolate]))[0].status).toBe('done');
		expect(sim.state.menu('/ip/hotspot/user').find(sub.username)!.props.disabled).toBe('true');
		expect(sim.state.menu('/ip/hotspot/active').list()).toHaveLength(0);
	});
});

describe('isolate and restore by each method, with read-back', () => {
	it('disable: disables the secret and removes its session; restore enables it again', async () => {
		const { sim, routerId, packageId } = await setup({ method: 'disable' });
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY });
		await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'provision'));
		await until(() => Boolean(sim.state.sessions.sessionOf(sub.username)));

		const [isolate] = await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'isolated', 'isolate'));
		expect(isolate.status).toBe('done');
		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props.disabled).toBe('true');
		expect(sim.state.sessions.sessionOf(sub.username)).toBeUndefined();
		const isolated = await subscriptionRow(sub.id);
		expect(isolated.confirmedRouterState).toBe('isolated');
		expect(isolated.isolatedAt).toBeInstanceOf(Date);

		const [restore] = await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'restore'));
		expect(restore.status).toBe('done');
		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props.disabled).toBe('false');
		await until(() => Boolean(sim.state.sessions.sessionOf(sub.username)));
		expect((await subscriptionRow(sub.id)).confirmedRouterState).toBe('active');
	});

	it('profile: switches to the isolir profile and kicks, so the session comes back isolated; restore reverses it', async () => {
		const { sim, routerId, packageId } = await setup({ method: 'profile' });
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY });
		await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'provision'));
		await until(() => sim.state.sessions.profileOf(sub.username) === 'paket-10m');

		const [isolate] = await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'isolated', 'isolate'));
		expect(isolate.status).toBe('done');
		expect(parseJsonColumn(isolate.result)).toMatchObject({ state: 'isolated', kicked: 1 });
		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props).toMatchObject({ profile: 'isolir', disabled: 'false' });
		await until(() => sim.state.sessions.profileOf(sub.username) === 'isolir');
		expect((await subscriptionRow(sub.id)).confirmedRouterState).toBe('isolated');

		const [restore] = await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'restore'));
		expect(restore.status).toBe('done');
		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props.profile).toBe('paket-10m');
		await until(() => sim.state.sessions.profileOf(sub.username) === 'paket-10m');
		expect((await subscriptionRow(sub.id)).confirmedRouterState).toBe('active');
	});

	it('address-list: adds the static IP to the isolir list and removes it on restore', async () => {
		const { sim, routerId, packageId } = await setup({ method: 'address-list' });
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY, staticIp: () => '10.20.0.5' });
		await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'provision'));
		const list = () => sim.state.menu('/ip/firewall/address-list').list().filter((r) => r.props.list === 'isolir' && r.props.address === '10.20.0.5');

		const [isolate] = await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'isolated', 'isolate'));
		expect(isolate.status).toBe('done');
		expect(list()).toHaveLength(1);
		expect(list()[0].props.comment).toContain(sub.code);
		// The account itself is untouched: the firewall does the isolating.
		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props).toMatchObject({ profile: 'paket-10m', disabled: 'false' });
		expect(parseJsonColumn(isolate.result)!.addressListed).toBe(true);
		expect((await subscriptionRow(sub.id)).confirmedRouterState).toBe('isolated');

		const [restore] = await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'restore'));
		expect(restore.status).toBe('done');
		expect(list()).toHaveLength(0);
		expect((await subscriptionRow(sub.id)).confirmedRouterState).toBe('active');
	});

	it('address-list without a static IP is dead at once with a clear message', async () => {
		const { routerId, packageId } = await setup({ method: 'address-list' });
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY });
		const [job] = await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'isolated', 'isolate'));
		expect(job.status).toBe('dead');
		expect(job.attempts).toBe(1);
		expect(job.lastError).toMatch(/static IP/);
	});

	it('an isolate and a restore that both run late end restored, in order', async () => {
		const { sim, routerId, packageId, worker } = await setup({ method: 'profile' });
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY });
		await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'provision'));
		await worker.stop();
		const [isolate] = await decide(h.db, routerId, [sub.id], 'isolated', 'isolate');
		const [restore] = await decide(h.db, routerId, [sub.id], 'active', 'restore');
		worker.start();
		const jobs = await waitForJobs(h.db, [isolate, restore]);
		expect(jobs.map((j) => j.status)).toEqual(['done', 'done']);
		// Both converged to the current desired state; the restore never ran before the isolate.
		expect(jobs[0].finishedAt!.getTime()).toBeLessThanOrEqual(jobs[1].startedAt!.getTime());
		expect(parseJsonColumn(jobs[0].result)!.state).toBe('active');
		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props.profile).toBe('paket-10m');
		expect((await subscriptionRow(sub.id)).confirmedRouterState).toBe('active');
	});

	it('a missing isolir profile stops the job with a message naming it', async () => {
		const { sim, routerId, packageId } = await setup({ method: 'profile' });
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY });
		await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'provision'));
		sim.state.menu('/ppp/profile').remove('isolir');
		const [job] = await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'isolated', 'isolate'));
		expect(job.status).toBe('dead');
		expect(job.lastError).toMatch(/isolir profile "isolir" does not exist/);
	});
});

describe('a static IP taken away or changed', () => {
	const ctx = (): SubscriptionContext => ({ timeZone: 'Asia/Jakarta', rules: DEFAULT_BILLING_RULES, actorUserId: null, ipAddress: null, t: translator('id'), now: new Date(), secretsKey: KEY });
	async function staticIpJob(subscriptionId: string) {
		const rows = await h.db.select().from(routerJobs).where(and(eq(routerJobs.subscriptionId, subscriptionId), like(routerJobs.dedupeKey, 'static-ip:%'))).orderBy(routerJobs.id);
		const [job] = await waitForJobs(h.db, [rows.at(-1)!.id]);
		return job;
	}

	it('unsets the secret\'s remote-address through the router job, reads it back, and the session redials without it', async () => {
		const { sim, routerId, packageId } = await setup();
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY, staticIp: () => '10.99.0.8' });
		await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'provision'));
		await until(() => sim.state.sessions.sessionOf(sub.username)?.props.address === '10.99.0.8');

		expect(await setStaticIp(h.db, { subscriptionId: sub.id, staticIp: null }, ctx())).toEqual({ changed: true });
		expect(await setStaticIp(h.db, { subscriptionId: sub.id, staticIp: null }, ctx())).toEqual({ changed: false });
		const job = await staticIpJob(sub.id);
		expect(job.status).toBe('done');
		expect(parseJsonColumn(job.result)!.changes).toEqual(['remote-address unset (was 10.99.0.8)']);
		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props).not.toHaveProperty('remote-address');
		expect((await subscriptionRow(sub.id)).staticIp).toBeNull();
		// The old session held the address; it was kicked and came back with a dynamic one.
		await until(() => Boolean(sim.state.sessions.sessionOf(sub.username)) && sim.state.sessions.sessionOf(sub.username)!.props.address !== '10.99.0.8');
	});

	it('leaves a remote-address it did not set (a pool the ISP chose) alone', async () => {
		const { sim, routerId, packageId } = await setup();
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY, staticIp: () => '10.99.0.9' });
		await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'provision'));
		// Meanwhile someone put the account on an address pool by hand.
		sim.state.menu('/ip/pool').add({ name: 'pool-rw', ranges: '10.50.0.2-10.50.0.200' });
		sim.state.menu('/ppp/secret').set(sub.username, { 'remote-address': 'pool-rw' });
		await setStaticIp(h.db, { subscriptionId: sub.id, staticIp: null }, ctx());
		const job = await staticIpJob(sub.id);
		expect(job.status).toBe('done');
		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props['remote-address']).toBe('pool-rw');
	});

	it('address-list: a changed static IP moves the isolir entry from the old address to the new one', async () => {
		const { sim, routerId, packageId } = await setup({ method: 'address-list' });
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY, staticIp: () => '10.20.0.15' });
		await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'isolated', 'isolate'));
		const listed = () => sim.state.menu('/ip/firewall/address-list').list().filter((r) => r.props.list === 'isolir').map((r) => r.props.address);
		expect(listed()).toEqual(['10.20.0.15']);
		await setStaticIp(h.db, { subscriptionId: sub.id, staticIp: '10.20.0.16' }, ctx());
		const job = await staticIpJob(sub.id);
		expect(job.status).toBe('done');
		expect(listed()).toEqual(['10.20.0.16']);
		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props['remote-address']).toBe('10.20.0.16');
	});
});

describe('remove, kick and push-profile', () => {
	it('remove takes the secret, its session and its address-list entry away', async () => {
		const { sim, routerId, packageId } = await setup({ method: 'address-list' });
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY, staticIp: () => '10.20.0.9' });
		await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'isolated', 'provision'));
		expect(sim.state.menu('/ip/firewall/address-list').list()).toHaveLength(1);
		await until(() => Boolean(sim.state.sessions.sessionOf(sub.username)));

		const [job] = await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'absent', 'remove'));
		expect(job.status).toBe('done');
		expect(sim.state.menu('/ppp/secret').find(sub.username)).toBeUndefined();
		expect(sim.state.sessions.sessionOf(sub.username)).toBeUndefined();
		expect(sim.state.menu('/ip/firewall/address-list').list()).toHaveLength(0);
		expect((await subscriptionRow(sub.id)).confirmedRouterState).toBe('absent');
	});

	it('kick ends the live session', async () => {
		const { sim, routerId, packageId } = await setup();
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY });
		await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'provision'));
		await until(() => Boolean(sim.state.sessions.sessionOf(sub.username)));
		const session = sim.state.sessions.sessionOf(sub.username)!.id;
		const [job] = await waitForJobs(h.db, await decide(h.db, routerId, [sub.id], 'active', 'kick'));
		expect(job.status).toBe('done');
		expect(parseJsonColumn(job.result)!.kicked).toBe(1);
		expect(sim.state.menu('/ppp/active').list().some((r) => r.id === session)).toBe(false);
	});

	it('push-profile creates, then updates, the PPP profile with rate limit and burst', async () => {
		const { sim, routerId, packageId } = await setup({ burst: '20M/20M 8M/8M 16/16' });
		const push = async (key: string) => {
			await h.db.transaction((tx) =>
				enqueueRouterJob(tx, { routerId, subscriptionId: null, action: 'push-profile', desiredState: null, dedupeKey: key, payload: { packageId } })
			);
			const [row] = (await h.db.execute(sql`SELECT id FROM router_jobs WHERE dedupe_key = ${key}`)) as unknown as [Array<{ id: number }>];
			return (await waitForJobs(h.db, [Number(row[0].id)]))[0];
		};
		const first = await push(`push:${packageId}:1`);
		expect(first.status).toBe('done');
		expect(sim.state.menu('/ppp/profile').find('paket-10m')!.props['rate-limit']).toBe('10M/10M 20M/20M 8M/8M 16/16');

		sim.state.menu('/ppp/profile').set('paket-10m', { 'rate-limit': '1M/1M' });
		const second = await push(`push:${packageId}:2`);
		expect(second.status).toBe('done');
		expect(parseJsonColumn(second.result)).toMatchObject({ changed: true, rateLimit: '10M/10M 20M/20M 8M/8M 16/16' });
		expect(sim.state.menu('/ppp/profile').find('paket-10m')!.props['rate-limit']).toBe('10M/10M 20M/20M 8M/8M 16/16');
	});
});
