import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, ne } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { customers, packages, routers, subscriptions } from '../db/schema';
import { connectRouter } from '../routeros/client';
import { endpointOf, routerEndpointLoader } from '../routeros/endpoint';
import { RouterPool } from '../routeros/pool';
import { RouterMonitor } from '../routers/monitor';
import { DEMO_ROUTERS } from './catalogue';
import { seedDemo } from './seed';
import { startDemoRouters, type DemoRouters } from './demo-routers';

const KEY = '0123456789abcdef'.repeat(4);
let t: TestDatabase;
let demo: DemoRouters;
const blockers: Server[] = [];

/** Takes a port if it is free, so the demo has to fall back to another one. */
function occupy(port: number): Promise<void> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve());
		server.listen(port, '127.0.0.1', () => {
			blockers.push(server);
			resolve();
		});
	});
}

beforeAll(async () => {
	t = await createTestDatabase();
	await seedDemo(t.db, { secretsKey: KEY, timeZone: 'Asia/Jakarta', now: new Date('2026-03-24T05:30:00Z'), customers: 90 });
	for (const r of DEMO_ROUTERS) await occupy(r.apiPort);
	demo = await startDemoRouters(t.db, KEY);
});
afterAll(async () => {
	await demo?.close();
	for (const b of blockers) await new Promise((r) => b.close(r));
	await t?.drop();
});

async function liveAccounts(routerId: string) {
	return t.db
		.select({ username: subscriptions.serviceUsername, status: subscriptions.status, serviceType: packages.serviceType, profile: packages.routerProfile, code: customers.code })
		.from(subscriptions)
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.innerJoin(customers, eq(customers.id, subscriptions.customerId))
		.where(and(eq(subscriptions.routerId, routerId), ne(subscriptions.status, 'terminated')));
}

describe('the demo routers', () => {
	it('start one simulator per demo router on a free port and point the router rows at it', async () => {
		expect(demo.routers.map((r) => [r.name, r.ros])).toEqual(DEMO_ROUTERS.map((r) => [r.name, r.ros]));
		expect(demo.skipped).toEqual([]);
		for (const r of demo.routers) {
			// The fixed ports were taken, so each fell back to another.
			expect(DEMO_ROUTERS.map((d) => d.apiPort)).not.toContain(r.port);
			const [row] = await t.db.select().from(routers).where(eq(routers.id, r.id));
			expect(row).toMatchObject({ host: '127.0.0.1', apiPort: r.port });
			// Log in the way Lunas does: challenge login on the RouterOS 6 one, plain on the 7.
			const client = await connectRouter(endpointOf(row, KEY), { connectTimeoutMs: 3000 });
			const [identity] = await client.print('/system/identity');
			expect(identity.name).toBe(r.name);
			await client.close();
		}
	});

	it('hold every live subscription\'s account, isolated ones per the router\'s method, plus planted drift', async () => {
		for (const r of demo.routers) {
			const method = DEMO_ROUTERS.find((d) => d.name === r.name)!.isolationMethod;
			const state = r.simulator.state;
			const accounts = await liveAccounts(r.id);
			const pppoe = accounts.filter((a) => a.serviceType === 'pppoe');
			const secrets = new Map(state.menu('/ppp/secret').list().map((row) => [row.props.name, row.props]));

			const missing = pppoe.filter((a) => !secrets.has(a.username!));
			expect(missing).toHaveLength(1);
			expect(missing[0].status).toBe('active');

			let wrongProfile = 0;
			let stillIsolated = 0;
			for (const a of pppoe) {
				const secret = secrets.get(a.username!);
				if (!secret) continue;
				expect(secret.comment).toMatch(new RegExp(`^${a.code} `));
				const isolatedOnRouter = method === 'profile' ? secret.profile === 'isolir' : secret.disabled === 'true';
				if (a.status === 'isolated') expect(isolatedOnRouter).toBe(true);
				else if (isolatedOnRouter) stillIsolated += 1;
				else if (secret.profile !== a.profile) wrongProfile += 1;
			}
			expect(wrongProfile).toBe(1);
			expect(stillIsolated).toBe(1);

			const profiles = state.menu('/ppp/profile').list().map((p) => p.props);
			expect(profiles.find((p) => p.name === 'rumahan-10m')?.['rate-limit']).toBe('10M/10M');
			expect(profiles.find((p) => p.name === 'isolir')?.['address-list']).toBe('isolir');

			const hotspot = accounts.filter((a) => a.serviceType === 'hotspot');
			const users = state.menu('/ip/hotspot/user').list().map((u) => u.props.name);
			for (const h of hotspot) expect(users).toContain(h.username);
		}
	});

	it('hold accounts Lunas does not know, one with a non-ASCII comment', async () => {
		const known = new Set((await t.db.select({ u: subscriptions.serviceUsername }).from(subscriptions)).map((r) => r.u));
		const unknown = demo.routers.flatMap((r) =>
			[...r.simulator.state.menu('/ppp/secret').list(), ...r.simulator.state.menu('/ip/hotspot/user').list()].filter((s) => !known.has(s.props.name))
		);
		expect(unknown.length).toBeGreaterThanOrEqual(6);
		expect(unknown.map((u) => u.props.comment ?? '')).toContainEqual(expect.stringMatching(/[^\x00-\x7f]/));
	});

	it('are read by the monitor: both up, with people online', async () => {
		const pool = new RouterPool({ load: routerEndpointLoader(t.db, KEY), connectTimeoutMs: 3000 });
		try {
			await new RouterMonitor({ db: t.db, pool }).refreshAll();
			const rows = await t.db.select().from(routers);
			expect(rows.map((r) => [r.name, r.status, r.rosMajor]).sort()).toEqual(DEMO_ROUTERS.map((r) => [r.name, 'up', r.ros]).sort());
			for (const r of demo.routers) expect(r.simulator.state.menu('/ppp/active').list().length).toBeGreaterThan(3);
		} finally {
			await pool.closeAll();
		}
	});

	it('fill the same way on every start', async () => {
		const again = await startDemoRouters(t.db, KEY, { anyPort: true });
		try {
			for (const [i, r] of again.routers.entries()) {
				const names = (s: typeof r) => s.simulator.state.menu('/ppp/secret').list().map((x) => `${x.props.name}|${x.props.profile}|${x.props.disabled}|${x.props.password}`);
				expect(names(r)).toEqual(names(demo.routers[i]));
			}
		} finally {
			await again.close();
		}
	});
});
