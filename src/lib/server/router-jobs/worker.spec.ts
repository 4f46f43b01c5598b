/**
 * The worker's durability: racing workers, a crashed worker, a router that goes away for 30 s,
 * traps and dead letters — real MariaDB, real TCP to the RouterOS simulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import type { RouterOsSimulator } from '../routeros-sim/index';
import { routerJobs, subscriptions } from '../db/schema';
import { ROUTER_JOB_HANDLERS } from './handlers';
import type { RouterJobHandler } from './job-context';
import { copyRouterConfig, decide, routerJobSpecHarness, seedPackage, seedRouter, seedSubscriptions, waitForJobs, type SeededSubscription } from './test-support';
import { sqlList } from '../db/raw-sql';

const h = routerJobSpecHarness({ beforeAll, afterAll, afterEach });
const KEY = h.secretsKey;

const simulator = h.simulator;
const pool = () => h.pool();
const worker = h.worker;

/** A router with `count` provisioned subscriptions on the `profile` method, secrets already on it. */
async function provisioned(sim: RouterOsSimulator, count: number): Promise<{ routerId: string; subs: SeededSubscription[] }> {
	sim.state.menu('/ppp/profile').add({ name: 'isolir' });
	sim.state.menu('/ppp/profile').add({ name: 'paket-10m', 'rate-limit': '10M/10M' });
	const routerId = await seedRouter(h.db, sim, { secretsKey: KEY, method: 'profile' });
	const packageId = await seedPackage(h.db);
	const subs = await seedSubscriptions(h.db, { routerId, packageId, count, secretsKey: KEY });
	for (const s of subs) sim.state.menu('/ppp/secret').add({ name: s.username, password: s.password, service: 'pppoe', profile: 'paket-10m', comment: `${s.code} ${s.customerName}` });
	return { routerId, subs };
}

/** Counts every write to a secret per name: "applied twice" would show as 2. */
function countSecretWrites(sim: RouterOsSimulator, counts: Map<string, number>): void {
	sim.state.menu('/ppp/secret').onChange((kind, row) => {
		if (kind === 'set') counts.set(row.props.name, (counts.get(row.props.name) ?? 0) + 1);
	});
}

async function confirmedStates(ids: string[]) {
	const rows = await h.db.select({ state: subscriptions.confirmedRouterState }).from(subscriptions).where(inArray(subscriptions.id, ids));
	return new Set(rows.map((r) => r.state));
}

describe('claiming', () => {
	it('two workers racing claim each job exactly once', async () => {
		const sim = await simulator({ latencyMs: 2 });
		const { routerId, subs } = await provisioned(sim, 120);
		const runs = new Map<number, string[]>();
		const counting = (name: string): RouterJobHandler => async (ctx) => {
			runs.set(ctx.job.id, [...(runs.get(ctx.job.id) ?? []), name]);
			await ctx.client.print('/system/identity');
			return { by: name };
		};
		const ids = await decide(h.db, routerId, subs.map((s) => s.id), 'isolated', 'isolate');
		worker({ workerId: 'racer-a', handlers: { isolate: counting('a') }, maxHeld: 20 });
		worker({ workerId: 'racer-b', handlers: { isolate: counting('b') }, maxHeld: 20 });
		const jobs = await waitForJobs(h.db, ids, 20_000);
		expect(jobs.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
		expect([...runs.values()].every((r) => r.length === 1)).toBe(true);
		expect(runs.size).toBe(ids.length);
		// Both took part.
		const by = new Set([...runs.values()].map((r) => r[0]));
		expect(by).toEqual(new Set(['a', 'b']));
	});

	it('runs the jobs of one router concurrently on its one connection', async () => {
		const sim = await simulator({ latencyMs: 20 });
		const { routerId, subs } = await provisioned(sim, 40);
		const clients = new Set<unknown>();
		let inFlight = 0;
		let peak = 0;
		const handler: RouterJobHandler = async (ctx) => {
			clients.add(ctx.client);
			inFlight += 1;
			peak = Math.max(peak, inFlight);
			try {
				await ctx.client.print('/system/identity');
			} finally {
				inFlight -= 1;
			}
			return {};
		};
		const ids = await decide(h.db, routerId, subs.map((s) => s.id), 'isolated', 'isolate');
		worker({ handlers: { isolate: handler }, maxInFlightPerRouter: 16 });
		await waitForJobs(h.db, ids);
		expect(clients.size).toBe(1);
		expect(peak).toBe(16);
	});
});

describe('failures', () => {
	it('a trap on a named command is retried with backoff, then succeeds', async () => {
		const sim = await simulator();
		const { routerId, subs } = await provisioned(sim, 1);
		sim.setFault({ trapOn: { command: '/ppp/secret/set', message: 'simulated: item is being edited', category: 0 } });
		const [id] = await decide(h.db, routerId, [subs[0].id], 'isolated', 'isolate');
		worker({ backoff: { baseMs: 150, capMs: 300 } });
		const deadline = Date.now() + 5000;
		let row = (await waitForJobs(h.db, [id], 100))[0];
		while (row.attempts < 2 && Date.now() < deadline) row = (await waitForJobs(h.db, [id], 100))[0];
		expect(row.status).not.toBe('done');
		expect(row.lastError).toMatch(/trap: simulated: item is being edited \(category 0\)/);
		sim.setFault({ trapOn: null });
		const [done] = await waitForJobs(h.db, [id]);
		expect(done.status).toBe('done');
		expect(done.attempts).toBeGreaterThanOrEqual(2);
		expect(done.lastError).toBeNull();
		expect(sim.state.menu('/ppp/secret').find(subs[0].username)!.props.profile).toBe('isolir');
	});

	it('a job that keeps failing is dead after max_attempts', async () => {
		const sim = await simulator();
		const { routerId, subs } = await provisioned(sim, 1);
		sim.setFault({ trapOn: { command: '/ppp/secret/set', message: 'not allowed' } });
		const [id] = await decide(h.db, routerId, [subs[0].id], 'isolated', 'isolate');
		await h.db.update(routerJobs).set({ maxAttempts: 3 }).where(eq(routerJobs.id, id));
		worker({ backoff: { baseMs: 20, capMs: 50 } });
		const [job] = await waitForJobs(h.db, [id]);
		expect(job.status).toBe('dead');
		expect(job.attempts).toBe(3);
		expect(job.lastError).toMatch(/not allowed/);
		expect(job.finishedAt).toBeInstanceOf(Date);
	});

	it('an action with no handler is dead at once', async () => {
		const sim = await simulator();
		const { routerId, subs } = await provisioned(sim, 1);
		const [id] = await decide(h.db, routerId, [subs[0].id], 'active', 'reconcile');
		worker({ handlers: { ...ROUTER_JOB_HANDLERS, reconcile: undefined as unknown as RouterJobHandler } });
		const [job] = await waitForJobs(h.db, [id]);
		expect(job.status).toBe('dead');
		expect(job.lastError).toMatch(/no handler/);
	});

	it('a hung router fails the attempt on the command timeout, never leaving the job running', async () => {
		const sim = await simulator();
		const { routerId, subs } = await provisioned(sim, 3);
		sim.setFault({ stall: true });
		const p = h.pool({ commandTimeoutMs: 300, connectTimeoutMs: 300 });
		const ids = await decide(h.db, routerId, subs.map((s) => s.id), 'isolated', 'isolate');
		worker({ pool: p, backoff: { baseMs: 100, capMs: 200 } });
		await new Promise((r) => setTimeout(r, 1500));
		const stalled = await waitForJobs(h.db, ids, 10);
		expect(stalled.every((j) => j.attempts >= 1 && j.lastError !== null)).toBe(true);
		sim.setFault({ stall: false });
		const jobs = await waitForJobs(h.db, ids);
		expect(jobs.map((j) => j.status)).toEqual(['done', 'done', 'done']);
	});
});

describe('durability', () => {
	it('a server restart with jobs pending loses none and applies none twice', async () => {
		const sim = await simulator({ latencyMs: 15 });
		const { routerId, subs } = await provisioned(sim, 100);
		const writes = new Map<string, number>();
		countSecretWrites(sim, writes);
		const ids = await decide(h.db, routerId, subs.map((s) => s.id), 'isolated', 'isolate');

		const poolA = pool();
		const a = worker({ workerId: 'server-a', pool: poolA, leaseMs: 1000, maxInFlightPerRouter: 8 });
		// Let A get part of the way, then "kill" it: it writes nothing more and its connection dies.
		for (let i = 0; i < 200; i++) {
			const done = await h.db.$count(routerJobs, and2(ids, 'done'));
			if (done >= 20) break;
			await new Promise((r) => setTimeout(r, 20));
		}
		await a.stop({ abandon: true });
		await poolA.closeAll();
		const [held] = (await h.db.execute(
			sql`SELECT COUNT(*) AS n FROM router_jobs WHERE status = 'running' AND locked_by = 'server-a'`
		)) as unknown as [Array<{ n: number }>];
		expect(Number(held[0].n)).toBeGreaterThan(0);

		worker({ workerId: 'server-b', leaseMs: 1000 });
		const jobs = await waitForJobs(h.db, ids, 30_000);
		expect(jobs.every((j) => j.status === 'done')).toBe(true);
		expect(jobs.some((j) => j.attempts > 1)).toBe(true);
		for (const s of subs) expect(sim.state.menu('/ppp/secret').find(s.username)!.props.profile).toBe('isolir');
		// Every secret was switched exactly once, whichever server did it.
		expect(subs.map((s) => writes.get(s.username) ?? 0).every((n) => n === 1)).toBe(true);
		expect(await confirmedStates(subs.map((s) => s.id))).toEqual(new Set(['isolated']));
	}, 60_000);

	it('a router down for 30 seconds during an isolation run converges when it returns, each job done once', async () => {
		const first = await simulator({ latencyMs: 20 });
		const { routerId, subs } = await provisioned(first, 50);
		const writes = new Map<string, number>();
		countSecretWrites(first, writes);
		const ids = await decide(h.db, routerId, subs.map((s) => s.id), 'isolated', 'isolate');
		worker({ backoff: { baseMs: 200, capMs: 2000 }, maxInFlightPerRouter: 4 });

		for (let i = 0; i < 200; i++) {
			if ((await h.db.$count(routerJobs, and2(ids, 'done'))) >= 5) break;
			await new Promise((r) => setTimeout(r, 10));
		}
		await first.close();
		const doneBefore = await h.db.$count(routerJobs, and2(ids, 'done'));
		expect(doneBefore).toBeLessThan(50);
		await new Promise((r) => setTimeout(r, 30_000));
		const waiting = await waitForJobs(h.db, ids, 10);
		expect(waiting.filter((j) => j.status === 'dead')).toHaveLength(0);

		const second = await simulator({ port: first.port, latencyMs: 20 });
		copyRouterConfig(first.state, second.state);
		countSecretWrites(second, writes);
		const jobs = await waitForJobs(h.db, ids, 20_000);
		expect(jobs.every((j) => j.status === 'done')).toBe(true);
		expect(jobs.some((j) => j.attempts > 1)).toBe(true);
		expect(jobs.filter((j) => j.finishedAt !== null)).toHaveLength(50);
		for (const s of subs) expect(second.state.menu('/ppp/secret').find(s.username)!.props.profile).toBe('isolir');
		expect(subs.map((s) => writes.get(s.username) ?? 0).every((n) => n === 1)).toBe(true);
		expect(await confirmedStates(subs.map((s) => s.id))).toEqual(new Set(['isolated']));
	}, 90_000);
});

function and2(ids: number[], status: 'done') {
	return sql`${routerJobs.id} IN (${sqlList(ids)}) AND ${routerJobs.status} = ${status}`;
}
