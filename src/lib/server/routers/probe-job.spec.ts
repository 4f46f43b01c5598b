import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeStaff } from '../../../../tests/fixtures';
import { routerJobs, routers, routerSnapshots } from '../db/schema';
import { startRouterOsSimulator, type RouterOsSimulator } from '../routeros-sim/index';
import { connectRouter } from '../routeros/client';
import { endpointOf, routerEndpointLoader } from '../routeros/endpoint';
import { RouterPool } from '../routeros/pool';
import { RouterJobWorker } from '../router-jobs/worker';
import { waitForJobs, seedRouter } from '../router-jobs/test-support';
import type { RouterJobContext, RouterJobRow } from '../router-jobs/job-context';
import type { ResourceSnapshot } from '../../shared/router-snapshots';
import type { Actor } from '../trpc/actor';
import { translator } from '../../shared/i18n/index';
import { probeRouter } from './probe-job';
import { enqueueProbe, probeStatus } from './routers.service';
import { ROUTER_JOB_HANDLERS } from '../router-jobs/handlers';

const KEY = '0123456789abcdef'.repeat(4);
let t: TestDatabase;
let v6: RouterOsSimulator;
let v7: RouterOsSimulator;

beforeAll(async () => {
	t = await createTestDatabase();
	v6 = await startRouterOsSimulator({ user: 'admin', password: 'rahasia-6', ros: 6, legacyLogin: true, identity: 'BTS Teluk', port: 0 });
	v7 = await startRouterOsSimulator({ user: 'admin', password: 'rahasia-7', ros: 7, identity: 'Router Utama', port: 0 });
});
afterAll(async () => {
	await v6?.close();
	await v7?.close();
	await t?.drop();
});

async function runProbe(routerId: string): Promise<Record<string, unknown>> {
	const [router] = await t.db.select().from(routers).where(eq(routers.id, routerId));
	const client = await connectRouter(endpointOf(router, KEY), { connectTimeoutMs: 3000 });
	try {
		const job: RouterJobRow = { id: 1, routerId, subscriptionId: null, action: 'probe', desiredState: null, payload: null, attempts: 1, requestedBy: null };
		const ctx: RouterJobContext = { db: t.db, job, router, client, secretsKey: KEY, timeZone: 'Asia/Jakarta', progress: async () => {} };
		return await probeRouter(ctx);
	} finally {
		await client.close();
	}
}

describe('the probe job', () => {
	it('reads a RouterOS 6 router behind the pre-6.43 challenge login and records what it runs', async () => {
		const id = await seedRouter(t.db, v6, { secretsKey: KEY, password: 'rahasia-6' });
		const result = (await runProbe(id)) as { resource: ResourceSnapshot };
		expect(result.resource).toMatchObject({ identity: 'BTS Teluk', rosMajor: 6, board: 'hEX S', totalMemory: 256 * 1024 * 1024 });
		expect(result.resource.version).toMatch(/^6\.49/);
		expect(result.resource.cpuLoad).toBeGreaterThanOrEqual(0);
		const [row] = await t.db.select().from(routers).where(eq(routers.id, id));
		expect(row).toMatchObject({ status: 'up', rosMajor: 6, boardName: 'hEX S', lastError: null });
		expect(row.rosVersion).toMatch(/^6\.49/);
		expect(row.lastSeenAt).toBeInstanceOf(Date);
		const [snapshot] = await t.db.select().from(routerSnapshots).where(eq(routerSnapshots.routerId, id));
		expect(snapshot.kind).toBe('resource');
		expect(snapshot.data).toEqual(result.resource);
	});

	it('reads a RouterOS 7.18 router', async () => {
		const id = await seedRouter(t.db, v7, { secretsKey: KEY, password: 'rahasia-7' });
		await t.db.update(routers).set({ status: 'down', lastError: 'earlier failure' }).where(eq(routers.id, id));
		const result = (await runProbe(id)) as { resource: ResourceSnapshot };
		expect(result.resource).toMatchObject({ identity: 'Router Utama', rosMajor: 7 });
		const [row] = await t.db.select().from(routers).where(eq(routers.id, id));
		expect(row).toMatchObject({ status: 'up', rosMajor: 7, lastError: null });
	});

	it('runs through the job queue from "Test connection" and reports a dead router after one attempt', async () => {
		const staff = await makeStaff(t.db, 'office');
		const actor: Actor = { userId: staff.id, role: staff.role, ipAddress: null, t: translator('en') };
		const up = await seedRouter(t.db, v7, { secretsKey: KEY, password: 'rahasia-7' });
		// Nothing listens here: a port taken from a simulator that is closed again.
		const gone = await startRouterOsSimulator({ user: 'admin', password: 'x', port: 0 });
		await gone.close();
		const down = await seedRouter(t.db, gone, { secretsKey: KEY, password: 'x' });
		const wrongPassword = await seedRouter(t.db, v7, { secretsKey: KEY, password: 'salah' });

		const pool = new RouterPool({ load: routerEndpointLoader(t.db, KEY), connectTimeoutMs: 3000 });
		const worker = new RouterJobWorker({ db: t.db, pool, secretsKey: KEY, timeZone: () => 'Asia/Jakarta', handlers: ROUTER_JOB_HANDLERS, pollMs: 50 });
		worker.start();
		try {
			const jobs = await Promise.all([up, down, wrongPassword].map(async (id) => (await enqueueProbe(t.db, id, randomUUID(), actor)).jobId));
			const [ok] = await waitForJobs(t.db, [jobs[0]], 10_000);
			expect(ok.status).toBe('done');
			expect(await probeStatus(t.db, up, jobs[0], actor)).toMatchObject({ status: 'done', resource: { identity: 'Router Utama', rosMajor: 7 } });

			for (const [id, jobId, error] of [
				[down, jobs[1], /cannot reach/],
				[wrongPassword, jobs[2], /login/]
			] as const) {
				// The first failed attempt is the answer: the page sees the job end with the error.
				let status = await probeStatus(t.db, id, jobId, actor);
				for (let i = 0; i < 200 && status.status !== 'dead'; i++) {
					await new Promise((r) => setTimeout(r, 50));
					status = await probeStatus(t.db, id, jobId, actor);
				}
				expect(status).toMatchObject({ status: 'dead', resource: null });
				expect(status.lastError).toMatch(error);
				const [job] = await t.db.select().from(routerJobs).where(eq(routerJobs.id, jobId));
				expect(job.attempts).toBe(1);
				const [row] = await t.db.select().from(routers).where(eq(routers.id, id));
				expect(row.status).toBe('down');
				expect(row.lastError).toMatch(error);
			}
		} finally {
			await worker.stop();
			await pool.closeAll();
		}
	});
});
