/**
 * The office's view of router jobs: list with filters, one job, and retrying a dead letter until
 * the job succeeds — through the tRPC procedures, with a real worker and simulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../tests/trpc';
import { startRouterOsSimulator } from '../routeros-sim/index';
import { RouterPool } from '../routeros/pool';
import { routerEndpointLoader } from '../routeros/endpoint';
import { routerJobs } from '../db/schema';
import { eq } from 'drizzle-orm';
import { RouterJobWorker } from './worker';
import { decide, seedPackage, seedRouter, seedSubscriptions, waitForJobs } from './test-support';

const KEY = testConfig('mysql://x/y').SECRETS_KEY;
let t: TestDatabase;
const api = trpcTester(() => t);
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t?.drop();
});
const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
	for (const f of cleanup.splice(0).reverse()) await f();
});

describe('routerJobs procedures', () => {
	it('a job dead after max attempts is listed as dead, retried from the office, and then succeeds', async () => {
		const sim = await startRouterOsSimulator({ user: 'admin', password: 'secret', port: 0 });
		cleanup.push(() => sim.close());
		sim.state.menu('/ppp/profile').add({ name: 'isolir' });
		const routerId = await seedRouter(t.db, sim, { secretsKey: KEY, method: 'profile' });
		const packageId = await seedPackage(t.db);
		const [sub] = await seedSubscriptions(t.db, { routerId, packageId, count: 1, secretsKey: KEY, customerName: () => 'Warung Bu Siti ☕' });
		const pool = new RouterPool({ load: routerEndpointLoader(t.db, KEY), commandTimeoutMs: 2000, connectTimeoutMs: 1000 });
		cleanup.push(() => pool.closeAll());
		const worker = new RouterJobWorker({ db: t.db, pool, secretsKey: KEY, timeZone: 'Asia/Jakarta', pollMs: 50, backoff: { baseMs: 20, capMs: 50 } });
		worker.start();
		cleanup.push(() => worker.stop());

		sim.setFault({ trapOn: { command: '/ppp/secret/add', message: 'simulated: out of memory', category: 6 } });
		const [id] = await decide(t.db, routerId, [sub.id], 'active', 'provision');
		await t.db.update(routerJobs).set({ maxAttempts: 2 }).where(eq(routerJobs.id, id));
		const [dead] = await waitForJobs(t.db, [id]);
		expect(dead.status).toBe('dead');
		expect(dead.attempts).toBe(2);

		const office = api.callerAs(await api.makeUser('office'));
		const deadList = await office.routerJobs.list({ status: 'dead', routerId });
		expect(deadList.rows.map((r) => r.id)).toEqual([id]);
		expect(deadList.rows[0]).toMatchObject({ action: 'provision', customerName: 'Warung Bu Siti ☕', status: 'dead', attempts: 2 });
		expect(deadList.rows[0].lastError).toMatch(/out of memory \(category 6\)/);
		expect(deadList.counts.dead).toBe(1);

		sim.setFault({ trapOn: null });
		const retried = await office.routerJobs.retry({ id });
		expect(retried).toMatchObject({ status: 'queued', attempts: 0 });
		const [done] = await waitForJobs(t.db, [id]);
		expect(done.status).toBe('done');
		expect(done.attempts).toBe(1);
		expect(sim.state.menu('/ppp/secret').find(sub.username)!.props.comment).toBe(`${sub.code} Warung Bu Siti ☕`);
		const job = await office.routerJobs.get({ id });
		expect(job.result).toMatchObject({ state: 'active' });

		// Retrying what is not dead is refused with a translated message, nothing changed.
		const err = await errorOf(office.routerJobs.retry({ id }));
		expect(err.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(err).id).toEqual(['Hanya pekerjaan yang gagal total yang bisa dicoba lagi.']);
	});

	it('is for office staff only, and a bad filter is a field error', async () => {
		const technician = api.callerAs(await api.makeUser('technician'));
		expect((await errorOf(technician.routerJobs.list({}))).code).toBe('FORBIDDEN');
		const admin = api.callerAs(await api.makeUser('admin'));
		const err = await errorOf(admin.routerJobs.list({ status: 'sleeping' as never }));
		expect(err.code).toBe('BAD_REQUEST');
		expect(Object.keys(fieldErrorsOf(err))).toContain('status');
		expect((await errorOf(admin.routerJobs.get({ id: 999_999 }))).code).toBe('BAD_REQUEST');
	});
});
