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
import http from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { findOrStartMysql } from '../scripts/lib/mysql-server';
import { openDatabase } from '../src/lib/server/db/index';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { areas, customers, packages, subscriptions, userAreas, users } from '../src/lib/server/db/schema';
import { appRouter } from '../src/lib/server/trpc/root';
import { createContext } from '../src/lib/server/trpc/trpc';
import { runBilling } from '../src/lib/server/billing/billing-run';
import { DEFAULT_BILLING_RULES } from '../src/lib/shared/schemas/billing-rules';
import { localDateOf } from '../src/lib/shared/dates';
import type { SessionUser } from '../src/lib/server/auth/session';
import type { Config } from '../src/lib/server/config';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
	const server = await findOrStartMysql(projectDir, () => {});
	const name = `lunas_bench_pull_${Date.now().toString(36)}`;
	const admin = await mysql.createConnection({ uri: server.serverUrl });
	await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
	const url = `${server.serverUrl}${name}`;
	const handle = openDatabase(url, { connectionLimit: 4 });
	const db = handle.db;
	let httpServer: http.Server | null = null;
	let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
	try {
		await migrateDatabase(db, path.join(projectDir, 'drizzle'));
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

		const techId = randomUUID();
		await db.insert(users).values({ id: techId, username: 'bench-tech', name: 'Bench Tech', role: 'technician', passwordHash: 'x' });
		await db.insert(userAreas).values(areaIds.map((areaId) => ({ userId: techId, areaId })));
		const tech: SessionUser = { id: techId, username: 'bench-tech', name: 'Bench Tech', role: 'technician', language: 'id' };
		const config = {
			DATABASE_URL: url,
			ISP_TIMEZONE: TZ,
			SECRETS_KEY: '0123456789abcdef'.repeat(4),
			SESSION_SECRET: 'bench-session-secret-bench-session-secret',
			SESSION_DAYS: 30
		} as unknown as Config;

		// One origin for the page and the API, as on a phone; server time summed inside the handler.
		let serverMs = 0;
		httpServer = http.createServer(async (req, res) => {
			if (req.url === '/' || req.url === '/page.js') {
				const html = '<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="/page.js"></script>';
				res.writeHead(200, { 'content-type': req.url === '/' ? 'text/html' : 'text/javascript' });
				res.end(req.url === '/' ? html : pageScript);
				return;
			}
			const chunks: Buffer[] = [];
			for await (const c of req) chunks.push(c as Buffer);
			const started = performance.now();
			const response = await fetchRequestHandler({
				endpoint: '/api/trpc',
				req: new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined }),
				router: appRouter,
				createContext: () => createContext({ db, config, user: tech, sessionId: null, ipAddress: '127.0.0.1', lang: 'id' })
			});
			const body = Buffer.from(await response.arrayBuffer());
			serverMs += performance.now() - started;
			res.writeHead(response.status, Object.fromEntries(response.headers));
			res.end(body);
		});
		await new Promise<void>((resolve) => httpServer!.listen(0, '127.0.0.1', resolve));
		const port = (httpServer.address() as { port: number }).port;

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
			serverMs = 0;
			raw.push({ ...(await page.evaluate(() => (window as unknown as { rawPull: () => Promise<PullRun> }).rawPull())), serverMs });
			serverMs = 0;
			idb.push({ ...(await page.evaluate(() => (window as unknown as { idbPull: () => Promise<PullRun> }).idbPull())), serverMs });
			serverMs = 0;
			dexie.push({ ...(await page.evaluate(() => (window as unknown as { dexiePull: () => Promise<PullRun> }).dexiePull())), serverMs });
		}
		const counts = dexie[0].counts;
		if (counts.customers !== n) throw new Error(`expected ${n} customers on the phone, got ${counts.customers}`);

		const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
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
		httpServer?.close();
		await handle.close();
		await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
		await admin.end();
		await server.stop();
	}
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
