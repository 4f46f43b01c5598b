/**
 * The office's view of router jobs: list with filters, one job, and retrying a dead letter until
 * the job succeeds — through the tRPC procedures, with a real worker and simulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../tests/trpc';
import { routerJobs } from '../db/schema';
import { eq } from 'drizzle-orm';
import { decide, routerJobSpecHarness, seedPackage, seedRouter, seedSubscriptions, waitForJobs } from './test-support';

const h = routerJobSpecHarness({ beforeAll, afterAll, afterEach });
const KEY = h.secretsKey;
const api = trpcTester(() => h.testDatabase);

describe('routerJobs procedures', () => {
	it('a job dead after max attempts is listed as dead, retried from the office, and then succeeds', async () => {
		const sim = await h.simulator();
		sim.state.menu('/ppp/profile').add({ name: 'isolir' });
		const routerId = await seedRouter(h.db, sim, { secretsKey: KEY, method: 'profile' });
		const packageId = await seedPackage(h.db);
		const [sub] = await seedSubscriptions(h.db, { routerId, packageId, count: 1, secretsKey: KEY, customerName: () => 'Warung Bu Siti ☕' });
		const worker = h.worker({ pool: h.pool({ commandTimeoutMs: 2000 }), backoff: { baseMs: 20, capMs: 50 } });

		sim.setFault({ trapOn: { command: '/ppp/secret/add', message: 'simulated: out of memory', category: 6 } });
		const [id] = await decide(h.db, routerId, [sub.id], 'active', 'provision');
		await h.db.update(routerJobs).set({ maxAttempts: 2 }).where(eq(routerJobs.id, id));
		const [dead] = await waitForJobs(h.db, [id]);
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
		const [done] = await waitForJobs(h.db, [id]);
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
