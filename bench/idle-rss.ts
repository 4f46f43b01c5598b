/**
 * bench/idle-rss: the built server's resident memory when idle, against the 150 MB budget
 * (issue #19: Lunas + MariaDB must fit a 1 GB machine).
 *
 *   npm run bench:idle-rss -- [--subscriptions 20000] [--settle 60] [--samples 10] [--no-build]
 *                              [--keep] [--reuse DB] [--set NAME=VALUE …]
 *
 * Two servers in the same run, one after the other, the same way: `node build/index.js` with every
 * worker on (scheduler, router monitor, router job worker, WhatsApp outbox), against
 * - the baseline: a freshly migrated, empty database;
 * - the loaded ISP: the dashboard bench's data (N subscriptions, a year of invoices and payments,
 *   10 routers), the routers answered by RouterOS simulators in this process holding every live
 *   subscription's secret, so the monitor reads 2,000 sessions a router as it would in the field.
 * Each server gets until /api/health/ready, then until no scheduled run is under way (the seed's
 * "today" is in the past, so on a fresh database the scheduler catches up the billing run first:
 * work, not idleness; its peak RSS is printed on its own), then `--settle` seconds of no requests
 * (the monitor polls, the workers claim), then VmRSS from /proc/<pid>/status is sampled `--samples`
 * times 3 s apart. Printed: the medians, the ratio loaded/empty, the verdict against the budget, and where
 * the memory is (V8 heap used and reserved, memory outside the heap) as the server's own /metrics
 * reports it, read once after the samples.
 *
 * To find what a change costs without seeding again (20,000 subscriptions take minutes): `--keep`
 * keeps the loaded database and prints its name, `--reuse DB` measures it again, and `--set` hands
 * both servers an extra setting (e.g. `--set ROUTER_MONITOR_ENABLED=false`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { encryptSecret } from '../src/lib/server/crypto/secret-box';
import { startRouterOsSimulator, type RouterOsSimulator } from '../src/lib/server/routeros-sim/index';
import { seedDashboard, TIME_ZONE } from './dashboard-seed';
import { median, projectDir, runBench, withBenchDatabase, type BenchDatabase } from './lib';

const { values } = parseArgs({
	options: {
		subscriptions: { type: 'string', default: '20000' },
		settle: { type: 'string', default: '60' },
		samples: { type: 'string', default: '10' },
		'no-build': { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false },
		reuse: { type: 'string' },
		set: { type: 'string', multiple: true, default: [] }
	}
});
const BUDGET_MB = 150;
const SECRETS_KEY = '0123456789abcdef'.repeat(4);
const ROUTER_PASSWORD = 'bench-router-password';

const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
const METRICS_TOKEN = 'bench-metrics-token-0123456789';
const extraEnv = Object.fromEntries(
	values.set.map((pair) => {
		const at = pair.indexOf('=');
		if (at < 1) throw new Error(`--set wants NAME=VALUE, not ${pair}`);
		return [pair.slice(0, at), pair.slice(at + 1)];
	})
);

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as { port: number };
			s.close(() => resolve(port));
		});
	});
}

/**
 * The node flags the systemd unit runs Lunas with (deploy/lunas.service's ExecStart), so the bench
 * measures the server as it runs in production, not as a bare `node` would.
 */
function unitNodeFlags(): string[] {
	const unit = readFileSync(path.join(projectDir, 'deploy', 'lunas.service'), 'utf8');
	const m = /^ExecStart=\S+\s+(.*?)\s*build\/index\.js\s*$/m.exec(unit);
	if (!m) throw new Error('deploy/lunas.service has no ExecStart=<node> … build/index.js line');
	return m[1].split(/\s+/).filter(Boolean);
}
const NODE_FLAGS = unitNodeFlags();

/** VmRSS of `pid` in kB, as the kernel counts it (what a 1 GB machine runs out of). */
function rssKb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
	if (!m) throw new Error(`no VmRSS for ${pid}`);
	return Number(m[1]);
}

/**
 * One simulator per router row, holding the secrets of the router's live subscriptions (enabled
 * secrets dial in, so the monitor sees their sessions); the rows are pointed at the simulators.
 */
async function startRouters(bench: BenchDatabase): Promise<RouterOsSimulator[]> {
	const pool = bench.handle.pool;
	const [rows] = (await pool.query('SELECT id, name FROM routers ORDER BY name')) as unknown as [Array<{ id: string; name: string }>];
	const sims: RouterOsSimulator[] = [];
	for (const row of rows) {
		const sim = await startRouterOsSimulator({ user: 'admin', password: ROUTER_PASSWORD, ros: 7, identity: row.name, port: 0 });
		sims.push(sim);
		const [subs] = (await pool.query(
			`SELECT s.live_service_username AS username, s.status, p.router_profile AS profile
			   FROM subscriptions s JOIN packages p ON p.id = s.package_id
			  WHERE s.router_id = ? AND s.live_service_username IS NOT NULL`,
			[row.id]
		)) as unknown as [Array<{ username: string; status: string; profile: string }>];
		const profiles = sim.state.menu('/ppp/profile');
		for (const profile of new Set(subs.map((s) => s.profile))) profiles.add({ name: profile, 'rate-limit': '10M/10M' });
		const secrets = sim.state.menu('/ppp/secret');
		for (const s of subs) secrets.add({ name: s.username, password: 'x', service: 'pppoe', profile: s.profile, disabled: s.status === 'isolated' ? 'yes' : 'no' });
		await pool.query('UPDATE routers SET host = ?, api_port = ?, use_tls = 0, password_enc = ?, status = ? WHERE id = ?', [
			sim.host,
			sim.port,
			encryptSecret(ROUTER_PASSWORD, SECRETS_KEY),
			'up',
			row.id
		]);
	}
	return sims;
}

interface Reading {
	samples: number[];
	median: number;
	/** The highest RSS seen while scheduled runs (a catch-up billing run) were under way, kB. */
	busyPeak: number;
	busyRuns: string[];
	/** From the server's /metrics after sampling: V8 heap used and reserved, memory outside it (kB). */
	heapUsed: number;
	heapTotal: number;
	external: number;
}

async function memoryBreakdown(base: string): Promise<Pick<Reading, 'heapUsed' | 'heapTotal' | 'external'>> {
	const text = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text());
	const kb = (name: string) => {
		const m = new RegExp(`^lunas_${name} (\\S+)$`, 'm').exec(text);
		if (!m) throw new Error(`/metrics has no lunas_${name}`);
		return Number(m[1]) / 1024;
	};
	return { heapUsed: kb('nodejs_heap_size_used_bytes'), heapTotal: kb('nodejs_heap_size_total_bytes'), external: kb('nodejs_external_memory_bytes') };
}

/** Starts the built server on `bench`, waits for ready, lets it idle, samples its RSS, stops it. */
async function idleRss(label: string, bench: BenchDatabase): Promise<Reading> {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, path.join(projectDir, 'build', 'index.js')], {
		cwd: projectDir,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			PATH: process.env.PATH,
			NODE_ENV: 'production',
			DATABASE_URL: bench.url,
			SESSION_SECRET: 'bench-session-secret-bench-session-secret',
			SECRETS_KEY,
			PUBLIC_BASE_URL: base,
			ORIGIN: base,
			HOST: '127.0.0.1',
			PORT: String(port),
			ISP_TIMEZONE: TIME_ZONE,
			LOG_LEVEL: 'warn',
			METRICS_TOKEN,
			...extraEnv
		}
	});
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	try {
		const deadline = Date.now() + 120_000;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`${label}: the server exited with ${child.exitCode}`);
			if (Date.now() > deadline) throw new Error(`${label}: not ready after 120 s`);
			const ready = await fetch(`${base}/api/health/ready`).then((r) => r.ok, () => false);
			if (ready) break;
			await sleep(500);
		}
		// The scheduler starts its catch-up runs right after start: give it a moment, then wait them out.
		let busyPeak = rssKb(child.pid!);
		const busyRuns = new Set<string>();
		const busyUntil = Date.now() + 15 * 60_000;
		for (let quiet = 0; quiet < 5 && Date.now() < busyUntil; ) {
			await sleep(2000);
			busyPeak = Math.max(busyPeak, rssKb(child.pid!));
			const [running] = (await bench.handle.pool.query("SELECT task FROM task_runs WHERE status = 'running'")) as unknown as [Array<{ task: string }>];
			for (const r of running) busyRuns.add(r.task);
			quiet = running.length === 0 ? quiet + 1 : 0;
		}
		const settle = Number(values.settle);
		console.log(`  ${label}: ready; idle for ${settle} s, then ${values.samples} samples 3 s apart`);
		await sleep(settle * 1000);
		const samples: number[] = [];
		for (let i = 0; i < Number(values.samples); i++) {
			if (i > 0) await sleep(3000);
			samples.push(rssKb(child.pid!));
		}
		return { samples, median: median(samples), busyPeak, busyRuns: [...busyRuns], ...(await memoryBreakdown(base)) };
	} finally {
		child.kill('SIGTERM');
		await Promise.race([exited, sleep(30_000).then(() => child.kill('SIGKILL'))]);
	}
}

runBench(async () => {
	if (!values['no-build']) {
		console.log('building (vite build)…');
		const built = spawnSync('npx', ['vite', 'build'], { cwd: projectDir, stdio: ['ignore', 'ignore', 'inherit'] });
		if (built.status !== 0) throw new Error('vite build failed');
	}
	const n = Number(values.subscriptions);

	const empty = await withBenchDatabase({ prefix: 'lunas_bench_rss_empty' }, (bench) => idleRss('empty database', bench));

	const loaded = await withBenchDatabase({ prefix: 'lunas_bench_rss_loaded', keep: values.keep, reuse: values.reuse }, async (bench) => {
		if (!values.reuse) {
			console.log(`seeding ${n.toLocaleString('en')} subscriptions with a year of invoices and payments…`);
			await seedDashboard(bench.handle.pool, n);
		}
		const sims = await startRouters(bench);
		try {
			return await idleRss(`${n.toLocaleString('en')} subscriptions`, bench);
		} finally {
			await Promise.allSettled(sims.map((s) => s.close()));
		}
	});

	console.log(`\nidle RSS (VmRSS, median of ${values.samples} samples after ${values.settle} s idle)`);
	console.log(`  empty database            ${mb(empty.median)}   samples ${empty.samples.map(mb).join(', ')}`);
	console.log(`  ${n.toLocaleString('en')} subscriptions`.padEnd(28) + `${mb(loaded.median)}   samples ${loaded.samples.map(mb).join(', ')}`);
	for (const [label, r] of [['empty database', empty], [`${n.toLocaleString('en')} subscriptions`, loaded]] as const) {
		if (r.busyRuns.length) console.log(`  ${label}: peak while ${r.busyRuns.join(', ')} ran before going idle: ${mb(r.busyPeak)}`);
		console.log(`  ${label}: V8 heap used ${mb(r.heapUsed)} of ${mb(r.heapTotal)} reserved, outside the heap ${mb(r.external)}`);
	}
	console.log(`  node flags (deploy/lunas.service): ${NODE_FLAGS.join(' ') || 'none'}`);
	if (values.set.length) console.log(`  with ${values.set.join(' ')}`);
	console.log(`  ratio loaded / empty      ${(loaded.median / empty.median).toFixed(2)}×`);
	const over = loaded.median / 1024 > BUDGET_MB;
	console.log(`  budget ${BUDGET_MB} MB: ${over ? 'OVER' : 'within'} (${((loaded.median / 1024 / BUDGET_MB) * 100).toFixed(0)}% of it)`);
	if (over) process.exitCode = 1;
});
