/**
 * A package edit pushes its profile to the routers by itself: against the RouterOS simulator over
 * TCP with the worker running, a new rate limit reaches the router's /ppp/profile; a name or price
 * edit queues nothing; a resent edit queues nothing more; a renamed profile moves the accounts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { trpcTester } from '../../../../tests/trpc';
import { packages, routerJobs, subscriptions } from '../db/schema';
import { translator } from '../../shared/i18n/index';
import { routerJobSpecHarness, seedPackage, seedRouter, seedSubscriptions, waitForJobs } from '../router-jobs/test-support';
import { getPackage, updatePackage } from './packages.service';
import type { Actor } from '../trpc/actor';

const h = routerJobSpecHarness({ beforeAll, afterAll, afterEach });
const { makeUser } = trpcTester(() => h.testDatabase);
let actor: Actor;

beforeAll(async () => {
	const office = await makeUser('office');
	actor = { userId: office.id, role: 'office', ipAddress: '127.0.0.1', t: translator('id') };
});

/** The package's push-profile jobs and the provisions of its subscriptions. */
async function jobsOfPackage(packageId: string) {
	const subs = new Set((await h.db.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.packageId, packageId))).map((r) => r.id));
	return (await h.db.select().from(routerJobs)).filter(
		(j) => (j.payload as { packageId?: string } | null)?.packageId === packageId || (j.subscriptionId !== null && subs.has(j.subscriptionId))
	);
}

/** The edit form sends every field: the package as it is, with the changes. */
async function edit(packageId: string, changes: Partial<typeof packages.$inferInsert>) {
	const { id, version: _v, updatedAt: _u, subscriptions: _s, ...fields } = await getPackage(h.db, packageId, actor);
	return updatePackage(h.db, { id, ...fields, ...changes }, actor);
}

describe('editing a package pushes its profile', () => {
	it('a new rate limit reaches every router serving the package, once; a name or price edit queues nothing', async () => {
		const simA = await h.simulator();
		const simB = await h.simulator();
		const idle = await h.simulator();
		for (const sim of [simA, simB, idle]) sim.state.menu('/ppp/profile').add({ name: 'paket-10m', 'rate-limit': '10M/10M' });
		const routerA = await seedRouter(h.db, simA, { secretsKey: h.secretsKey, name: `A ${randomUUID().slice(0, 6)}` });
		const routerB = await seedRouter(h.db, simB, { secretsKey: h.secretsKey, name: `B ${randomUUID().slice(0, 6)}` });
		await seedRouter(h.db, idle, { secretsKey: h.secretsKey, name: `Idle ${randomUUID().slice(0, 6)}` });
		const packageId = await seedPackage(h.db, { routerProfile: 'paket-10m', rateLimit: '10M/10M' });
		await seedSubscriptions(h.db, { routerId: routerA, packageId, count: 3, secretsKey: h.secretsKey });
		await seedSubscriptions(h.db, { routerId: routerB, packageId, count: 1, secretsKey: h.secretsKey });

		// Name and price are not on the router.
		expect(await edit(packageId, { name: `Paket Hemat ${randomUUID().slice(0, 4)}`, price: 175000 })).toEqual({ routers: 0, provisions: 0 });
		expect(await jobsOfPackage(packageId)).toEqual([]);

		expect(await edit(packageId, { rateLimit: '20M/20M' })).toEqual({ routers: 2, provisions: 0 });
		// The same form sent again changes nothing on the router side: nothing more is queued.
		expect(await edit(packageId, { rateLimit: '20M/20M' })).toEqual({ routers: 0, provisions: 0 });
		const jobs = await jobsOfPackage(packageId);
		expect(jobs.map((j) => [j.action, j.routerId, j.requestedBy]).sort()).toEqual(
			[
				['push-profile', routerA, actor.userId],
				['push-profile', routerB, actor.userId]
			].sort()
		);

		h.worker();
		const done = await waitForJobs(h.db, jobs.map((j) => j.id));
		expect(done.map((j) => [j.status, j.lastError])).toEqual([
			['done', null],
			['done', null]
		]);
		for (const sim of [simA, simB]) expect(sim.state.menu('/ppp/profile').find('paket-10m')!.props['rate-limit']).toBe('20M/20M');
		// A router without the package's subscriptions is left alone.
		expect(idle.state.menu('/ppp/profile').find('paket-10m')!.props['rate-limit']).toBe('10M/10M');
	});

	it('burst and priority are pushed with the rate limit; a terminated subscription does not count', async () => {
		const sim = await h.simulator();
		const routerId = await seedRouter(h.db, sim, { secretsKey: h.secretsKey, name: `C ${randomUUID().slice(0, 6)}` });
		const gone = await seedRouter(h.db, sim, { secretsKey: h.secretsKey, name: `D ${randomUUID().slice(0, 6)}` });
		const packageId = await seedPackage(h.db, { routerProfile: `burst-${randomUUID().slice(0, 6)}`, rateLimit: '5M/5M' });
		await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: h.secretsKey });
		const [ended] = await seedSubscriptions(h.db, { routerId: gone, packageId, count: 1, secretsKey: h.secretsKey });
		await h.db.update(subscriptions).set({ status: 'terminated' }).where(eq(subscriptions.id, ended.id));

		await edit(packageId, { burst: '10M/10M 4M/4M 8/8', priority: 5 });
		const jobs = await jobsOfPackage(packageId);
		expect(jobs.map((j) => j.routerId)).toEqual([routerId]);
		h.worker();
		expect((await waitForJobs(h.db, [jobs[0].id]))[0].status).toBe('done');
		const [pkg] = await h.db.select().from(packages).where(eq(packages.id, packageId));
		expect(sim.state.menu('/ppp/profile').find(pkg.routerProfile)!.props['rate-limit']).toBe('5M/5M 10M/10M 4M/4M 8/8 5');
	});

	it('a renamed profile is created and every live account moved onto it', async () => {
		const sim = await h.simulator();
		sim.state.menu('/ppp/profile').add({ name: 'paket-lama', 'rate-limit': '10M/10M' });
		const routerId = await seedRouter(h.db, sim, { secretsKey: h.secretsKey, name: `E ${randomUUID().slice(0, 6)}` });
		const packageId = await seedPackage(h.db, { routerProfile: 'paket-lama', rateLimit: '10M/10M' });
		const subs = await seedSubscriptions(h.db, { routerId, packageId, count: 2, secretsKey: h.secretsKey });
		for (const s of subs) sim.state.menu('/ppp/secret').add({ name: s.username, password: s.password, profile: 'paket-lama', service: 'pppoe' });

		expect(await edit(packageId, { routerProfile: 'paket-baru', rateLimit: '15M/15M' })).toEqual({ routers: 1, provisions: 2 });
		const jobs = await jobsOfPackage(packageId);
		expect(jobs.map((j) => j.action).sort()).toEqual(['provision', 'provision', 'push-profile']);
		expect(
			(await h.db.select({ s: routerJobs.subscriptionId }).from(routerJobs).where(and(eq(routerJobs.action, 'provision'), inArray(routerJobs.id, jobs.map((j) => j.id))))).map((r) => r.s).sort()
		).toEqual(subs.map((s) => s.id).sort());
		h.worker();
		const done = await waitForJobs(h.db, jobs.map((j) => j.id));
		expect(done.map((j) => j.status)).toEqual(['done', 'done', 'done']);
		expect(sim.state.menu('/ppp/profile').find('paket-baru')!.props['rate-limit']).toBe('15M/15M');
		for (const s of subs) expect(sim.state.menu('/ppp/secret').find(s.username)!.props.profile).toBe('paket-baru');
	});
});
