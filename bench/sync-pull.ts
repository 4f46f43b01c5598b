/**
 * bench/sync-pull: a technician's first sync on an empty phone — 5,000 customers of their areas,
 * with their subscriptions and open invoices, pulled page by page into Dexie (IndexedDB) in
 * Chromium by the phone's real sync engine, through the real tRPC fetch handler behind node:http.
 * Baselines in the same run, same server, same pages: fetching and parsing them without storing
 * anything, and writing them with bare IndexedDB (no Dexie). Prints all three and the ratios.
 * Target: ≤ 5 s for the Dexie pull.
 *
 *   npm run bench:sync-pull -- [--n 5000] [--runs 3]
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium, type Browser } from '@playwright/test';
import { areas, customers, packages, subscriptions } from '../src/lib/server/db/schema';
import { runBilling } from '../src/lib/server/billing/billing-run';
import { DEFAULT_BILLING_RULES } from '../src/lib/shared/schemas/billing-rules';
import { localDateOf } from '../src/lib/shared/dates';
import { median, projectDir, runBench, seconds as s, seedTechnician, startBenchApi, withBenchDatabase } from './lib';

const TZ = 'Asia/Jakarta';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface PullRun {
	ms: number;
	pages: number;
	rows: number;
	counts: Record<string, number>;
}

/** The page script, bundled for the browser with the app's own `$lib` paths. */
async function bundlePage(): Promise<string> {
	const result = await build({
		entryPoints: [path.join(projectDir, 'bench/sync-pull-page.ts')],
		bundle: true,
		format: 'esm',
		platform: 'browser',
		target: 'es2022',
		write: false,
		minify: true,
		alias: { $lib: path.join(projectDir, 'src/lib') },
		logLevel: 'warning'
	});
	return result.outputFiles[0].text;
}

async function main() {
	const { values } = parseArgs({ options: { n: { type: 'string', default: '5000' }, runs: { type: 'string', default: '3' } } });
	const n = Number(values.n);
	const runs = Number(values.runs);
	const pageScript = await bundlePage();
	await withBenchDatabase({ prefix: 'lunas_bench_pull', connectionLimit: 4 }, async (bench) => {
		const db = bench.db;
		const today = localDateOf(new Date(), TZ);

		console.log(`Seeding ${n.toLocaleString('en')} customers with a subscription and an open invoice each…`);
		const areaIds = [randomUUID(), randomUUID()];
		await db.insert(areas).values(areaIds.map((id, i) => ({ id, name: `Bench ${i + 1}` })));
		const packageId = randomUUID();
		await db.insert(packages).values({ id: packageId, name: 'Bench 10M', price: 150000, routerProfile: 'p10', rateLimit: '10M/10M' });
		for (let start = 0; start < n; start += 1000) {
			const size = Math.min(1000, n - start);
			const rows = Array.from({ length: size }, (_, k) => ({
				id: randomUUID(),
				code: `B${String(start + k).padStart(6, '0')}`,
				name: `Pelanggan ${start + k}`,
				phone: `0812${String(start + k).padStart(8, '0')}`,
				address: `Jl. Bench No. ${start + k}, RT 0${(start + k) % 9 + 1}`,
				areaId: areaIds[(start + k) % 2]
			}));
			await db.insert(customers).values(rows);
			await db.insert(subscriptions).values(
				rows.map((c, k) => ({ id: randomUUID(), customerId: c.id, packageId, serviceUsername: `b${start + k}`, liveServiceUsername: `b${start + k}`, billingDay: 1, startDate: today }))
			);
		}
		await runBilling(db, { today, rules: DEFAULT_BILLING_RULES });

		const tech = await seedTechnician(db, areaIds);

		// One origin for the page and the API, as on a phone; server time summed inside the handler.
		const api = await startBenchApi(bench, tech, {
			timeZone: TZ,
			page: (req, res) => {
				if (req.url !== '/' && req.url !== '/page.js') return false;
				const html = '<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="/page.js"></script>';
				res.writeHead(200, { 'content-type': req.url === '/' ? 'text/html' : 'text/javascript' });
				res.end(req.url === '/' ? html : pageScript);
				return true;
			}
		});
		const port = api.port;

		let browser: Browser | null = null;
		try {
			browser = await chromium.launch({
				executablePath: CHROMIUM,
				args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
			});
			const page = await browser.newPage();
			page.on('pageerror', (err) => console.error('page error:', err));
			await page.goto(`http://127.0.0.1:${port}/`);
			await page.waitForFunction(() => 'dexiePull' in window);

			// Warm-up (not counted): code paths, the connection pool, the database's caches.
			await page.evaluate(() => (window as unknown as { rawPull: () => Promise<unknown> }).rawPull());

			const raw: Array<PullRun & { serverMs: number }> = [];
			const idb: Array<PullRun & { serverMs: number }> = [];
			const dexie: Array<PullRun & { serverMs: number }> = [];
			for (let i = 0; i < runs; i++) {
				api.serverMs = 0;
				raw.push({ ...(await page.evaluate(() => (window as unknown as { rawPull: () => Promise<PullRun> }).rawPull())), serverMs: api.serverMs });
				api.serverMs = 0;
				idb.push({ ...(await page.evaluate(() => (window as unknown as { idbPull: () => Promise<PullRun> }).idbPull())), serverMs: api.serverMs });
				api.serverMs = 0;
				dexie.push({ ...(await page.evaluate(() => (window as unknown as { dexiePull: () => Promise<PullRun> }).dexiePull())), serverMs: api.serverMs });
			}
			const counts = dexie[0].counts;
			if (counts.customers !== n) throw new Error(`expected ${n} customers on the phone, got ${counts.customers}`);

			const d = median(dexie.map((r) => r.ms));
			const r = median(raw.map((x) => x.ms));
			const b = median(idb.map((x) => x.ms));
			console.log(`\nbench/sync-pull — first sync of an empty phone in Chromium, median of ${runs}`);
			console.log(`  rows: ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')} (${dexie[0].pages} pages)`);
			console.log(`  into Dexie (engine)      ${s(d)}   server ${s(median(dexie.map((x) => x.serverMs)))}   runs: ${dexie.map((x) => s(x.ms)).join(', ')}   target ≤ 5 s`);
			console.log(`  baseline: fetch only     ${s(r)}   server ${s(median(raw.map((x) => x.serverMs)))}   runs: ${raw.map((x) => s(x.ms)).join(', ')}`);
			console.log(`  baseline: bare IndexedDB ${s(b)}   server ${s(median(idb.map((x) => x.serverMs)))}   runs: ${idb.map((x) => s(x.ms)).join(', ')}`);
			console.log(`  Dexie / fetch-only = ${(d / r).toFixed(2)}×   Dexie / bare IndexedDB = ${(d / b).toFixed(2)}×`);
		} finally {
			await browser?.close();
			api.close();
		}
	});
}

runBench(main);
