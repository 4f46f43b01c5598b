/**
 * Seeding and waiting helpers shared by the router job specs (tests/router-jobs-*.spec.ts) and
 * bench/router-isolate.ts: an ISP with customers on one simulated router, and a way to watch
 * jobs settle. Not used by the running application.
 */
import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { areas, customers, packages, routerJobs, routers, subscriptions } from '../db/schema';
import { encryptSecret } from '../crypto/secret-box';
import { nextVersion } from '../db/version';
import type { IsolationMethod, RouterState, ServiceType } from '../../shared/domain';
import type { RouterState as SimRouterState } from '../routeros-sim/index';
import { enqueueRouterJob, type RouterJobAction } from './enqueue';
import { RouterJobWorker, type RouterJobWorkerOptions } from './worker';
import { startRouterOsSimulator, type RouterOsSimulator, type SimulatorOptions } from '../routeros-sim/index';
import { RouterPool } from '../routeros/pool';
import { routerEndpointLoader } from '../routeros/endpoint';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../tests/db';
import { sqlList } from '../db/raw-sql';

export interface SimAddress {
	host: string;
	port: number;
}

export async function seedRouter(
	db: Db,
	sim: SimAddress,
	options: { secretsKey: string; method?: IsolationMethod; user?: string; password?: string; name?: string }
): Promise<string> {
	const id = randomUUID();
	await db.insert(routers).values({
		id,
		name: options.name ?? `Router ${id.slice(0, 8)}`,
		host: sim.host,
		apiPort: sim.port,
		username: options.user ?? 'admin',
		passwordEnc: encryptSecret(options.password ?? 'secret', options.secretsKey),
		isolationMethod: options.method ?? 'profile'
	});
	return id;
}

export async function seedPackage(
	db: Db,
	options: { serviceType?: ServiceType; routerProfile?: string; rateLimit?: string; burst?: string | null; priority?: number } = {}
): Promise<string> {
	const id = randomUUID();
	await db.insert(packages).values({
		id,
		name: `Paket ${id.slice(0, 8)}`,
		price: 150000,
		serviceType: options.serviceType ?? 'pppoe',
		routerProfile: options.routerProfile ?? 'paket-10m',
		rateLimit: options.rateLimit ?? '10M/10M',
		burst: options.burst ?? null,
		priority: options.priority ?? 8
	});
	return id;
}

export interface SeededSubscription {
	id: string;
	username: string;
	password: string;
	code: string;
	customerName: string;
	staticIp: string | null;
}

let seedCounter = 0;

/** Customers with one subscription each on the router, desired and confirmed "active". */
export async function seedSubscriptions(
	db: Db,
	options: {
		routerId: string;
		packageId: string;
		count: number;
		secretsKey: string;
		customerName?: (i: number) => string;
		staticIp?: (i: number) => string | null;
		confirmed?: RouterState | 'unknown';
	}
): Promise<SeededSubscription[]> {
	const areaId = randomUUID();
	await db.insert(areas).values({ id: areaId, name: `Area ${areaId.slice(0, 8)}` });
	const out: SeededSubscription[] = [];
	const batch = seedCounter++;
	for (let i = 0; i < options.count; i++) {
		const id = randomUUID();
		out.push({
			id,
			username: `pel${batch}x${String(i).padStart(5, '0')}`,
			password: `pw-${id.slice(0, 8)}`,
			code: `C${batch}${String(i).padStart(6, '0')}`,
			customerName: options.customerName?.(i) ?? `Pelanggan ${i}`,
			staticIp: options.staticIp?.(i) ?? null
		});
	}
	for (let i = 0; i < out.length; i += 500) {
		const chunk = out.slice(i, i + 500);
		const customerIds = chunk.map(() => randomUUID());
		await db.insert(customers).values(
			chunk.map((s, k) => ({ id: customerIds[k], code: s.code, name: s.customerName, address: 'Jl. Melati No. 1', areaId }))
		);
		await db.insert(subscriptions).values(
			chunk.map((s, k) => ({
				id: s.id,
				customerId: customerIds[k],
				packageId: options.packageId,
				routerId: options.routerId,
				serviceUsername: s.username,
				liveServiceUsername: s.username,
				servicePasswordEnc: encryptSecret(s.password, options.secretsKey),
				staticIp: s.staticIp,
				billingDay: 1,
				startDate: '2026-01-01',
				status: 'active' as const,
				desiredRouterState: 'active' as const,
				confirmedRouterState: options.confirmed ?? 'active'
			}))
		);
	}
	return out;
}

/**
 * Changes the desired state the way the billing services do (one transaction: the subscription
 * and its job) and returns the job ids.
 */
export async function decide(
	db: Db,
	routerId: string,
	subscriptionIds: string[],
	desired: RouterState,
	action: RouterJobAction,
	keyPrefix = randomUUID()
): Promise<number[]> {
	const keys = subscriptionIds.map((id) => `${action}:${id}:${keyPrefix}`);
	for (let i = 0; i < subscriptionIds.length; i += 500) {
		const chunk = subscriptionIds.slice(i, i + 500);
		await db.transaction(async (tx) => {
			const version = await nextVersion(tx);
			await tx
				.update(subscriptions)
				.set({
					desiredRouterState: desired,
					status: desired === 'isolated' ? 'isolated' : desired === 'absent' ? 'terminated' : 'active',
					version
				})
				.where(inArray(subscriptions.id, chunk));
			for (const id of chunk) {
				await enqueueRouterJob(tx, { routerId, subscriptionId: id, action, desiredState: desired, dedupeKey: `${action}:${id}:${keyPrefix}` });
			}
		});
	}
	const rows = await db.select({ id: routerJobs.id, key: routerJobs.dedupeKey }).from(routerJobs).where(inArray(routerJobs.dedupeKey, keys));
	const byKey = new Map(rows.map((r) => [r.key, r.id]));
	return keys.map((k) => byKey.get(k)!);
}

export type JobRow = typeof routerJobs.$inferSelect;

export async function jobsById(db: Db, ids: number[]): Promise<JobRow[]> {
	if (ids.length === 0) return [];
	return db.select().from(routerJobs).where(inArray(routerJobs.id, ids)).orderBy(routerJobs.id);
}

/** Waits until every job is done or dead (or the time is up) and returns them. */
export async function waitForJobs(db: Db, ids: number[], timeoutMs = 20_000, settled: Array<JobRow['status']> = ['done', 'dead']): Promise<JobRow[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const [row] = (await db.execute(sql`
			SELECT COUNT(*) AS n FROM router_jobs
			WHERE id IN (${sqlList(ids)})
				AND status NOT IN (${sqlList(settled)})`)) as unknown as [Array<{ n: number | string }>];
		if (Number(row[0].n) === 0 || Date.now() > deadline) return jobsById(db, ids);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Copies a simulated router's configuration (profiles, accounts, address-list) into a fresh one. */
export function copyRouterConfig(from: SimRouterState, to: SimRouterState): void {
	const copy = (path: string, skipExisting: boolean) => {
		const target = to.menu(path);
		const defaults = target.schema.defaults;
		for (const row of from.menu(path).list()) {
			if (skipExisting && target.find(row.props.name)) continue;
			// Only what was set: the simulator fills in its defaults again itself.
			target.add(Object.fromEntries(Object.entries(row.props).filter(([k, v]) => defaults[k] !== v || k === 'name')));
		}
	};
	copy('/ppp/profile', true);
	copy('/ip/hotspot/user/profile', true);
	for (const path of ['/ppp/secret', '/ip/hotspot/user', '/ip/firewall/address-list']) copy(path, false);
}

type Hook = (fn: () => unknown) => void;

/** One throwaway database per spec file, with the simulators, pools and workers a test starts, stopped after it. */
export interface RouterJobSpecHarness {
	readonly testDatabase: TestDatabase;
	readonly db: Db;
	readonly secretsKey: string;
	/** Runs after the current test, last registered first. */
	defer(undo: () => Promise<unknown> | unknown): void;
	simulator(options?: Partial<SimulatorOptions>): Promise<RouterOsSimulator>;
	pool(timeouts?: { commandTimeoutMs?: number; connectTimeoutMs?: number }): RouterPool;
	/** A started worker on this database (pool: a fresh one unless given). */
	worker(options?: Partial<RouterJobWorkerOptions>): RouterJobWorker;
}

/**
 * The set-up every router job spec repeats, registered on the spec's own vitest hooks (passed in,
 * so bench/router-isolate.ts can import this module outside vitest).
 */
export function routerJobSpecHarness(hooks: { beforeAll: Hook; afterAll: Hook; afterEach: Hook }): RouterJobSpecHarness {
	const secretsKey = testConfig('mysql://x/y').SECRETS_KEY;
	let t: TestDatabase | undefined;
	const undo: Array<() => Promise<unknown> | unknown> = [];
	hooks.beforeAll(async () => {
		t = await createTestDatabase();
	});
	hooks.afterAll(async () => {
		await t?.drop();
	});
	hooks.afterEach(async () => {
		for (const f of undo.splice(0).reverse()) await f();
	});
	const harness: RouterJobSpecHarness = {
		get testDatabase() {
			if (!t) throw new Error('the test database is made in beforeAll');
			return t;
		},
		get db() {
			return harness.testDatabase.db;
		},
		secretsKey,
		defer: (f) => void undo.push(f),
		async simulator(options = {}) {
			const sim = await startRouterOsSimulator({ user: 'admin', password: 'secret', port: 0, reconnectDelayMs: 30, ...options });
			undo.push(() => sim.close());
			return sim;
		},
		pool({ commandTimeoutMs = 3000, connectTimeoutMs = 1000 } = {}) {
			const p = new RouterPool({ load: routerEndpointLoader(harness.db, secretsKey), commandTimeoutMs, connectTimeoutMs });
			undo.push(() => p.closeAll());
			return p;
		},
		worker(options = {}) {
			const w = new RouterJobWorker({
				db: harness.db,
				pool: options.pool ?? harness.pool(),
				secretsKey,
				timeZone: () => 'Asia/Jakarta',
				pollMs: 50,
				backoff: { baseMs: 50, capMs: 300 },
				...options
			});
			w.start();
			undo.push(() => w.stop());
			return w;
		}
	};
	return harness;
}
