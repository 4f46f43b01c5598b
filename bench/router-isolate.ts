/**
 * bench/router-isolate: isolating 1,000 subscriptions on one simulated router that answers each
 * command after 5 ms, against a baseline measured in the same run.
 *
 *   npm run bench:router-isolate -- [--n 1000] [--latency-ms 5] [--in-flight 32]
 *
 * - Lunas: 1,000 `isolate` jobs (method `profile`) through the durable worker — claimed from
 *   MySQL, run concurrently on the router's one connection with commands pipelined on tags,
 *   each read back and confirmed.
 * - Baseline: the very same handler for the same subscriptions on a fresh simulator, one job
 *   after another with every command awaited before the next is sent.
 * The simulated router runs in a child process, as a real router is a machine of its own: its
 * work (it scans a 1,000-row menu for every `print ?name=`) must not eat the CPU the server uses.
 * Prints both times and the ratio (target: Lunas ≥ 5× faster).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { inArray } from 'drizzle-orm';
import { routers, subscriptions } from '../src/lib/server/db/schema';
import { startRouterOsSimulator, type RouterOsSimulator } from '../src/lib/server/routeros-sim/index';
import { connectRouter } from '../src/lib/server/routeros/client';
import { RouterPool } from '../src/lib/server/routeros/pool';
import { routerEndpointLoader } from '../src/lib/server/routeros/endpoint';
import type { RouterClient } from '../src/lib/server/routeros/types';
import { RouterJobWorker } from '../src/lib/server/router-jobs/worker';
import { convergeSubscription } from '../src/lib/server/router-jobs/actions/converge';
import { decide, seedPackage, seedRouter, seedSubscriptions, waitForJobs, type SeededSubscription } from '../src/lib/server/router-jobs/test-support';
import { log } from '../src/lib/server/log';
import { eq } from 'drizzle-orm';
import { runBench, timed, withBenchDatabase } from './lib';

const SECRETS_KEY = '0123456789abcdef'.repeat(4);

interface SimSecret {
	name: string;
	password: string;
	comment: string;
}

type ToChild = { type: 'start'; latencyMs: number; secrets: SimSecret[] } | { type: 'check'; names: string[] };
type FromChild = { type: 'ready'; port: number } | { type: 'checked'; notIsolated: number; onPackageProfile: number };

/** In the child: the simulated router as it is before the run — both profiles, every secret, every CPE online. */
async function serveSimulator(): Promise<void> {
	let sim: RouterOsSimulator | undefined;
	process.on('message', async (message: ToChild) => {
		if (message.type === 'start') {
			sim = await startRouterOsSimulator({ user: 'admin', password: 'secret', port: 0, latencyMs: message.latencyMs, reconnectDelayMs: 60_000 });
			sim.state.menu('/ppp/profile').add({ name: 'isolir', 'rate-limit': '256k/256k' });
			sim.state.menu('/ppp/profile').add({ name: 'paket-10m', 'rate-limit': '10M/10M' });
			for (const s of message.secrets) sim.state.menu('/ppp/secret').add({ ...s, service: 'pppoe', profile: 'paket-10m' });
			process.send!({ type: 'ready', port: sim.port } satisfies FromChild);
		} else if (message.type === 'check' && sim) {
			const state = sim.state;
			process.send!({
				type: 'checked',
				notIsolated: message.names.filter((n) => state.menu('/ppp/secret').find(n)?.props.profile !== 'isolir').length,
				onPackageProfile: message.names.filter((n) => state.sessions.profileOf(n) === 'paket-10m').length
			} satisfies FromChild);
		}
	});
	process.on('disconnect', () => process.exit(0));
}

class SimulatorProcess {
	private constructor(
		private readonly child: ChildProcess,
		readonly port: number
	) {}

	static async start(subs: SeededSubscription[], latencyMs: number): Promise<SimulatorProcess> {
		const child = fork(fileURLToPath(import.meta.url), ['--serve-simulator'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
		const secrets = subs.map((s) => ({ name: s.username, password: s.password, comment: `${s.code} ${s.customerName}` }));
		const ready = await SimulatorProcess.reply(child, { type: 'start', latencyMs, secrets });
		if (ready.type !== 'ready') throw new Error('simulator did not start');
		return new SimulatorProcess(child, ready.port);
	}

	private static reply(child: ChildProcess, message: ToChild): Promise<FromChild> {
		return new Promise((resolve, reject) => {
			child.once('message', (m) => resolve(m as FromChild));
			child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
			child.send(message);
		});
	}

	/** Fails unless every secret has the isolir profile and no session kept the package profile. */
	async check(subs: SeededSubscription[], label: string): Promise<void> {
		const r = await SimulatorProcess.reply(this.child, { type: 'check', names: subs.map((s) => s.username) });
		if (r.type !== 'checked') throw new Error('simulator did not answer');
		if (r.notIsolated > 0 || r.onPackageProfile > 0) {
			throw new Error(`${label}: ${r.notIsolated} secrets not isolated, ${r.onPackageProfile} sessions still on the package profile`);
		}
	}

	close(): void {
		this.child.disconnect();
	}
}

/** A client that sends a command only after the previous one has been answered. */
function oneAtATime(client: RouterClient): RouterClient {
	let last: Promise<unknown> = Promise.resolve();
	const serial = <T>(fn: () => Promise<T>): Promise<T> => {
		const next = last.then(fn, fn);
		last = next.catch(() => {});
		return next;
	};
	return {
		get alive() {
			return client.alive;
		},
		command: (words) => serial(() => client.command(words)),
		print: (menu, options) => serial(() => client.print(menu, options)),
		add: (menu, attributes) => serial(() => client.add(menu, attributes)),
		set: (menu, id, attributes) => serial(() => client.set(menu, id, attributes)),
		remove: (menu, id) => serial(() => client.remove(menu, id)),
		unset: (menu, id, property) => serial(() => client.unset(menu, id, property)),
		onClose: (listener) => client.onClose(listener),
		close: () => client.close()
	};
}

async function main() {
	const { values } = parseArgs({
		options: { n: { type: 'string', default: '1000' }, 'latency-ms': { type: 'string', default: '5' }, 'in-flight': { type: 'string', default: '32' } }
	});
	const n = Number(values.n);
	const latencyMs = Number(values['latency-ms']);
	const inFlight = Number(values['in-flight']);
	log.level = 'warn';

	await withBenchDatabase({ prefix: 'lunas_bench' }, async ({ db }) => {
		const sims: SimulatorProcess[] = [];
		try {
			console.log(`Seeding ${n.toLocaleString('en')} subscriptions on one simulated router (${latencyMs} ms per reply)…`);
			const placeholder = { host: '127.0.0.1', port: 1 };
			const routerId = await seedRouter(db, placeholder, { secretsKey: SECRETS_KEY, method: 'profile' });
			const packageId = await seedPackage(db);
			const subs = await seedSubscriptions(db, { routerId, packageId, count: n, secretsKey: SECRETS_KEY });
			const ids = subs.map((s) => s.id);

			// Lunas: the durable worker.
			const simA = await SimulatorProcess.start(subs, latencyMs);
			sims.push(simA);
			await db.update(routers).set({ apiPort: simA.port }).where(eq(routers.id, routerId));
			const jobIds = await decide(db, routerId, ids, 'isolated', 'isolate');
			const pool = new RouterPool({ load: routerEndpointLoader(db, SECRETS_KEY) });
			const worker = new RouterJobWorker({ db, pool, secretsKey: SECRETS_KEY, timeZone: () => 'Asia/Jakarta', maxInFlightPerRouter: inFlight, maxHeld: 1024 });
			const [lunasSeconds, jobs] = await timed(() => {
				worker.start();
				return waitForJobs(db, jobIds, 600_000);
			});
			await worker.stop();
			await pool.closeAll();
			const notDone = jobs.filter((j) => j.status !== 'done');
			if (notDone.length > 0) throw new Error(`${notDone.length} jobs not done: ${notDone[0].lastError}`);
			await simA.check(subs, 'Lunas');

			// Baseline: same handler, same subscriptions, fresh router, one command at a time.
			await db.update(subscriptions).set({ confirmedRouterState: 'active', isolatedAt: null }).where(inArray(subscriptions.id, ids));
			const simB = await SimulatorProcess.start(subs, latencyMs);
			sims.push(simB);
			const [router] = await db.select().from(routers).where(eq(routers.id, routerId));
			const client = await connectRouter({ host: '127.0.0.1', port: simB.port, tls: false, username: 'admin', password: 'secret' });
			const serial = oneAtATime(client);
			const [baselineSeconds] = await timed(async () => {
				for (let i = 0; i < jobs.length; i++) {
					const job = jobs[i];
					await convergeSubscription({
						db,
						job: { id: job.id, routerId, subscriptionId: job.subscriptionId, action: 'isolate', desiredState: 'isolated', payload: null, attempts: 1, requestedBy: null },
						router: { ...router, apiPort: simB.port },
						client: serial,
						secretsKey: SECRETS_KEY,
						timeZone: 'Asia/Jakarta',
						progress: async () => {}
					});
				}
			});
			await client.close();
			await simB.check(subs, 'baseline');

			const rate = (s: number) => `${Math.round(n / s).toLocaleString('en')} isolations/s`;
			console.log(`\nbench/router-isolate — ${n.toLocaleString('en')} isolations (method profile), ${latencyMs} ms per reply`);
			console.log(`  Lunas worker (≤ ${inFlight} jobs in flight, one connection)   ${lunasSeconds.toFixed(2)} s   ${rate(lunasSeconds)}`);
			console.log(`  one command at a time                         ${baselineSeconds.toFixed(2)} s   ${rate(baselineSeconds)}`);
			console.log(`  one-at-a-time / Lunas = ${(baselineSeconds / lunasSeconds).toFixed(1)}×   (target ≥ 5×)`);
		} finally {
			for (const sim of sims) sim.close();
		}
	});
}

if (process.argv.includes('--serve-simulator')) {
	void serveSimulator();
} else {
	runBench(main);
}
