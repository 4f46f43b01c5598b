import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { routers, routerSnapshots } from '../db/schema';
import { startRouterOsSimulator, type RouterOsSimulator } from '../routeros-sim/index';
import { routerEndpointLoader } from '../routeros/endpoint';
import { RouterPool } from '../routeros/pool';
import { seedRouter } from '../router-jobs/test-support';
import type { InterfacesSnapshot, OnlineSnapshot, ResourceSnapshot, TrafficSnapshot } from '../../shared/router-snapshots';
import { RouterMonitor } from './monitor';

const KEY = '0123456789abcdef'.repeat(4);
let t: TestDatabase;
let v6: RouterOsSimulator;
let v7: RouterOsSimulator;
let pool: RouterPool;

beforeAll(async () => {
	t = await createTestDatabase();
	v6 = await startRouterOsSimulator({ user: 'admin', password: 'sandi6', ros: 6, legacyLogin: true, identity: 'BTS Teluk', port: 0 });
	v7 = await startRouterOsSimulator({ user: 'admin', password: 'sandi7', ros: 7, identity: 'Router Utama', port: 0 });
	for (const name of ['budi01', 'siti02']) v6.state.menu('/ppp/secret').add({ name, password: 'x', 'caller-id': '' });
	v6.state.menu('/ppp/secret').add({ name: 'mati03', password: 'x', disabled: 'yes' });
	v7.state.menu('/ppp/secret').add({ name: 'andi04', password: 'x' });
	v7.state.menu('/ip/hotspot/active').add({ user: 'kios-anis', address: '10.5.50.9', 'mac-address': 'AA:BB:CC:00:11:22' }, { since: String(Date.now() - 90_000) });
	pool = new RouterPool({ load: routerEndpointLoader(t.db, KEY), connectTimeoutMs: 2000, commandTimeoutMs: 5000 });
});
afterAll(async () => {
	await pool?.closeAll();
	await v6?.close();
	await v7?.close();
	await t?.drop();
});

async function routerRow(id: string) {
	return (await t.db.select().from(routers).where(eq(routers.id, id)))[0];
}

async function snapshot<T>(id: string, kind: string): Promise<T | undefined> {
	const rows = await t.db.select().from(routerSnapshots).where(eq(routerSnapshots.routerId, id));
	return rows.find((r) => r.kind === kind)?.data as T | undefined;
}

async function deadPort(): Promise<{ host: string; port: number }> {
	const gone = await startRouterOsSimulator({ user: 'admin', password: 'x', port: 0 });
	await gone.close();
	return gone;
}

describe('the router monitor', () => {
	let ids: { v6: string; v7: string; dead: string };

	beforeAll(async () => {
		ids = {
			v6: await seedRouter(t.db, v6, { secretsKey: KEY, password: 'sandi6' }),
			v7: await seedRouter(t.db, v7, { secretsKey: KEY, password: 'sandi7' }),
			dead: await seedRouter(t.db, await deadPort(), { secretsKey: KEY, password: 'x' })
		};
	});

	afterEach(() => {
		v6.setFault({ stall: false });
	});

	it('reads every router in one cycle: status, resources, sessions and interfaces; a dead one is down at once', async () => {
		const monitor = new RouterMonitor({ db: t.db, pool, routerTimeoutMs: 5000 });
		const started = Date.now();
		await monitor.refreshAll();
		expect(Date.now() - started).toBeLessThan(4000);

		const six = await routerRow(ids.v6);
		expect(six).toMatchObject({ status: 'up', rosMajor: 6, boardName: 'hEX S', lastError: null });
		expect(six.lastCheckedAt).toBeInstanceOf(Date);
		expect(six.lastSeenAt).toBeInstanceOf(Date);
		expect(await snapshot<ResourceSnapshot>(ids.v6, 'resource')).toMatchObject({ identity: 'BTS Teluk', rosMajor: 6 });
		const online6 = (await snapshot<OnlineSnapshot>(ids.v6, 'online'))!;
		expect(online6.sessions.map((s) => [s.service, s.name])).toEqual([
			['pppoe', 'budi01'],
			['pppoe', 'siti02']
		]);
		expect(online6.sessions[0].address).toMatch(/^10\.10\./);
		expect(online6.sessions[0].callerId).toMatch(/^4C:5E:0C/);
		const ifaces = (await snapshot<InterfacesSnapshot>(ids.v6, 'interfaces'))!;
		expect(ifaces.interfaces.map((i) => [i.name, i.running])).toEqual([
			['ether1', true],
			['ether2', true],
			['ether3', false],
			['ether4', false],
			['ether5', false]
		]);

		expect(await routerRow(ids.v7)).toMatchObject({ status: 'up', rosMajor: 7 });
		const online7 = (await snapshot<OnlineSnapshot>(ids.v7, 'online'))!;
		expect(online7.sessions.map((s) => [s.service, s.name])).toEqual([
			['pppoe', 'andi04'],
			['hotspot', 'kios-anis']
		]);
		expect(online7.sessions[1]).toMatchObject({ address: '10.5.50.9', callerId: 'AA:BB:CC:00:11:22' });
		expect(online7.sessions[1].uptimeSeconds).toBeGreaterThanOrEqual(89);

		const dead = await routerRow(ids.dead);
		expect(dead.status).toBe('down');
		expect(dead.lastError).toMatch(/cannot reach/);
		expect(dead.lastCheckedAt).toBeInstanceOf(Date);
		expect(dead.lastSeenAt).toBeNull();
	});

	it('gives up on a router that stops answering after its timeout, while the others are still refreshed', async () => {
		const monitor = new RouterMonitor({ db: t.db, pool, routerTimeoutMs: 700 });
		await monitor.refreshAll();
		expect((await routerRow(ids.v6)).status).toBe('up');
		const before = (await routerRow(ids.v7)).lastSeenAt!;
		await new Promise((r) => setTimeout(r, 20));

		v6.setFault({ stall: true });
		const started = Date.now();
		await monitor.refreshAll();
		expect(Date.now() - started).toBeLessThan(2500);
		const stalled = await routerRow(ids.v6);
		expect(stalled.status).toBe('down');
		expect(stalled.lastError).toMatch(/no answer/);
		// Its last readings stay for reference.
		expect(await snapshot<ResourceSnapshot>(ids.v6, 'resource')).toMatchObject({ identity: 'BTS Teluk' });
		const other = await routerRow(ids.v7);
		expect(other.status).toBe('up');
		expect(other.lastSeenAt!.getTime()).toBeGreaterThan(before.getTime());

		// It answers again: the next cycle dials afresh and finds it up.
		v6.setFault({ stall: false });
		await monitor.refreshAll();
		expect(await routerRow(ids.v6)).toMatchObject({ status: 'up', lastError: null });
	});

	it('samples live traffic only while someone watches, keeping the latest samples of one interface', async () => {
		const monitor = new RouterMonitor({ db: t.db, pool, trafficSamples: 3 });
		await monitor.refreshAll();
		await monitor.sampleTraffic();
		expect(await snapshot(ids.v7, 'traffic')).toBeUndefined();

		await t.db.update(routers).set({ watchInterface: 'ether1', watchUntil: new Date(Date.now() + 30_000) }).where(eq(routers.id, ids.v7));
		for (let i = 0; i < 5; i++) await monitor.sampleTraffic();
		let traffic = (await snapshot<TrafficSnapshot>(ids.v7, 'traffic'))!;
		expect(traffic.interface).toBe('ether1');
		expect(traffic.samples).toHaveLength(3);
		expect(traffic.samples[2].rxBitsPerSecond).toBeGreaterThan(0);
		expect(traffic.samples[0].at <= traffic.samples[2].at).toBe(true);
		expect(await snapshot(ids.v6, 'traffic')).toBeUndefined();

		await t.db.update(routers).set({ watchInterface: 'ether3' }).where(eq(routers.id, ids.v7));
		await monitor.sampleTraffic();
		traffic = (await snapshot<TrafficSnapshot>(ids.v7, 'traffic'))!;
		expect(traffic).toMatchObject({ interface: 'ether3', samples: [{ rxBitsPerSecond: 0, txBitsPerSecond: 0 }] });

		// The page closed: watch_until passes and sampling stops.
		await t.db.update(routers).set({ watchUntil: new Date(Date.now() - 1000) }).where(eq(routers.id, ids.v7));
		await monitor.sampleTraffic();
		expect((await snapshot<TrafficSnapshot>(ids.v7, 'traffic'))!.samples).toHaveLength(1);
	});

	it('runs on its own timer once started, and stops', async () => {
		await t.db.update(routers).set({ status: 'unknown', lastCheckedAt: null }).where(eq(routers.id, ids.v7));
		const monitor = new RouterMonitor({ db: t.db, pool, intervalMs: 200, routerTimeoutMs: 1000 });
		monitor.start();
		try {
			for (let i = 0; i < 100 && (await routerRow(ids.v7)).status !== 'up'; i++) await new Promise((r) => setTimeout(r, 50));
			expect((await routerRow(ids.v7)).status).toBe('up');
		} finally {
			await monitor.stop();
		}
	});
});
