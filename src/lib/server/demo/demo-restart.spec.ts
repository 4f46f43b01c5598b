/**
 * The demo starts again after the import it invites (issue #13, item 10): seed, start the
 * simulated routers, import their unknown accounts the way the office does (preview and import
 * jobs run by the real worker), then seed and start again — which used to stop with `secret with
 * the same name already exists`, the simulator being filled with both Lunas's now-imported
 * subscriptions and the same accounts as "unknown".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { trpcTester } from '../../../../tests/trpc';
import { areas, packages, routerJobs, subscriptions } from '../db/schema';
import { RouterPool } from '../routeros/pool';
import { routerEndpointLoader } from '../routeros/endpoint';
import { RouterJobWorker } from '../router-jobs/worker';
import type { ImportPreview } from '../../shared/schemas/router-sync';
import { seedDemo } from './seed';
import { startDemoRouters, type DemoRouters } from './demo-routers';

const KEY = 'fedcba9876543210'.repeat(4);
const NOW = new Date('2026-03-24T05:30:00Z');
let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let first: DemoRouters | undefined;
let second: DemoRouters | undefined;

beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, { secretsKey: KEY, timeZone: 'Asia/Jakarta', now: NOW, customers: 60 });
});
afterAll(async () => {
	await first?.close();
	await second?.close();
	await t?.drop();
});

/** Runs the router job worker until these jobs are finished; fails on a dead one. */
async function runJobs(jobIds: number[]): Promise<void> {
	const pool = new RouterPool({ load: routerEndpointLoader(t.db, KEY), commandTimeoutMs: 10_000 });
	const worker = new RouterJobWorker({ db: t.db, pool, secretsKey: KEY, timeZone: () => 'Asia/Jakarta', pollMs: 50 });
	worker.start();
	try {
		for (let waited = 0; ; waited += 100) {
			const jobs = await t.db.select({ id: routerJobs.id, status: routerJobs.status, lastError: routerJobs.lastError }).from(routerJobs).where(inArray(routerJobs.id, jobIds));
			expect(jobs.filter((j) => j.status === 'dead')).toEqual([]);
			if (jobs.every((j) => j.status === 'done')) return;
			if (waited > 20_000) throw new Error(`jobs not done: ${JSON.stringify(jobs)}`);
			await new Promise((r) => setTimeout(r, 100));
		}
	} finally {
		await worker.stop();
		await pool.closeAll();
	}
}

const names = (d: DemoRouters, menu: string) => d.routers.flatMap((r) => r.simulator.state.menu(menu).list().map((row) => `${r.name}:${row.props.name}`));

describe('the demo after its routers\' accounts were imported', () => {
	it('seeds and starts again, with each imported account on its router once', async () => {
		first = await startDemoRouters(t.db, KEY, { anyPort: true });
		expect(first.skipped).toEqual([]);
		const known = async () => new Set((await t.db.select({ u: subscriptions.serviceUsername }).from(subscriptions).where(isNull(subscriptions.deletedAt))).map((r) => r.u));
		const before = await known();
		const unknown = [...names(first, '/ppp/secret'), ...names(first, '/ip/hotspot/user')].filter((n) => !before.has(n.split(':')[1]));
		expect(unknown.length).toBeGreaterThanOrEqual(6);

		// The office imports every router's unknown accounts, as /office/routers/[id]/import does.
		const office = await makeUser('office');
		const caller = callerAs(office);
		const [area] = await t.db.select({ id: areas.id }).from(areas).where(isNull(areas.deletedAt)).limit(1);
		const catalogue = await t.db.select({ id: packages.id, serviceType: packages.serviceType }).from(packages).where(and(eq(packages.active, true), isNull(packages.deletedAt)));
		const previews = await Promise.all(first.routers.map((r) => caller.routerSync.startPreview({ routerId: r.id })));
		await runJobs(previews.map((p) => p.jobId));
		const imports = [];
		for (const [i, r] of first.routers.entries()) {
			const preview = (await caller.routerSync.job({ routerId: r.id, jobId: previews[i].jobId })).result as unknown as ImportPreview;
			const mapping = preview.profiles.map((p) => ({
				service: p.service,
				profile: p.profile,
				packageId: p.suggestedPackageId ?? catalogue.find((c) => c.serviceType === p.service)?.id ?? null
			}));
			imports.push(await caller.routerSync.startImport({ routerId: r.id, previewJobId: previews[i].jobId, areaId: area.id, startDate: '2026-03-24', billingDay: 1, mapping }));
		}
		await runJobs(imports.map((j) => j.jobId));
		const after = await known();
		for (const n of unknown) expect(after.has(n.split(':')[1]), n).toBe(true);
		await first.close();
		first = undefined;

		// Start again: nothing is seeded twice, and the routers fill without a duplicate.
		expect((await seedDemo(t.db, { secretsKey: KEY, timeZone: 'Asia/Jakarta', now: NOW, customers: 60 })).seeded).toBe(false);
		second = await startDemoRouters(t.db, KEY, { anyPort: true });
		expect(second.skipped).toEqual([]);
		for (const menu of ['/ppp/secret', '/ip/hotspot/user']) {
			const all = names(second, menu);
			expect(all.length).toBe(new Set(all).size);
			for (const n of unknown.filter((u) => all.includes(u))) expect(all.filter((a) => a === n)).toHaveLength(1);
		}
		// The imported accounts are there once, as the subscriptions Lunas now keeps.
		const onRouters = new Set([...names(second, '/ppp/secret'), ...names(second, '/ip/hotspot/user')]);
		for (const n of unknown) expect(onRouters.has(n), n).toBe(true);
	});
});
