/**
 * bench/rest-customers: the REST API's customer list (a page of 50 at 20,000 customers) under 20
 * concurrent clients, against the same list through tRPC in the same run on the same data.
 *
 *   npm run bench:rest -- [--n 20000] [--clients 20] [--requests 100]
 *
 * Both servers are the real handlers (rest/dispatch.ts, and the tRPC fetch handler) behind
 * node:http on 127.0.0.1; each client walks the list by `nextCursor` from the first page. REST
 * pays for the key lookup and the per-key rate count on every request; the ratio shows that
 * cost. Each client has its own key, as integrations do (the per-key limit is 600 a minute).
 * Target (issue #20): REST p95 ≤ 50 ms.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Config } from '../src/lib/server/config';
import { handleRest } from '../src/lib/server/rest/dispatch';
import { createApiKey } from '../src/lib/server/api-keys/api-keys.service';
import { areas, users } from '../src/lib/server/db/schema';
import { translator } from '../src/lib/shared/i18n/index';
import { runBench, startBenchApi, withBenchDatabase, type BenchDatabase } from './lib';

const TZ = 'Asia/Jakarta';
const FIRST = ['Siti', 'Budi', 'Dewi', 'Agus', 'Rina', 'Eko', 'Lina', 'Joko', 'Wati', 'Hendra'];
const LAST = ['Aminah', 'Santoso', 'Lestari', 'Wijaya', 'Wulandari', 'Prasetyo', 'Kurniawan', 'Hidayat'];

async function seed(db: BenchDatabase['db'], n: number): Promise<string> {
	const areaIds = Array.from({ length: 10 }, () => randomUUID());
	await db.insert(areas).values(areaIds.map((id, i) => ({ id, name: `Wilayah ${i + 1}` })));
	for (let start = 0; start < n; start += 2000) {
		const rows = Array.from({ length: Math.min(2000, n - start) }, (_, j) => {
			const i = start + j;
			return sql`(${randomUUID()}, ${`C${String(i + 1).padStart(6, '0')}`}, ${`${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${i}`}, ${`0812${String(i).padStart(8, '0')}`}, ${`Jl. Merdeka No. ${i % 200}, RT 0${i % 9}/RW 0${i % 7}`}, ${areaIds[i % areaIds.length]})`;
		});
		await db.execute(sql`INSERT INTO customers (id, code, name, phone, address, area_id) VALUES ${sql.join(rows, sql`, `)}`);
	}
	const adminId = randomUUID();
	await db.insert(users).values({ id: adminId, username: 'bench-admin', name: 'Bench Admin', role: 'admin', passwordHash: 'x' });
	return adminId;
}

function startRest(bench: BenchDatabase, config: Config): Promise<{ port: number; close(): void }> {
	const server = http.createServer(async (req, res) => {
		const response = await handleRest(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string> }), {
			db: bench.db,
			config,
			ipAddress: '127.0.0.1'
		});
		const body = Buffer.from(await response.arrayBuffer());
		res.writeHead(response.status, Object.fromEntries(response.headers));
		res.end(body);
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, close: () => server.close() })));
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** `clients` loops, each `requests` pages following nextCursor (back to page one at the end). */
async function load(clients: number, requests: number, fetchPage: (client: number, cursor: string | null) => Promise<string | null>): Promise<number[]> {
	const times: number[] = [];
	await Promise.all(
		Array.from({ length: clients }, async (_, client) => {
			let cursor: string | null = null;
			for (let i = 0; i < requests; i++) {
				const started = performance.now();
				cursor = await fetchPage(client, cursor);
				times.push(performance.now() - started);
			}
		})
	);
	return times;
}

runBench(async () => {
	const { values } = parseArgs({ options: { n: { type: 'string', default: '20000' }, clients: { type: 'string', default: '20' }, requests: { type: 'string', default: '100' } } });
	const n = Number(values.n);
	const clients = Number(values.clients);
	const requests = Number(values.requests);
	await withBenchDatabase({ prefix: 'lunas_bench_rest', connectionLimit: 20 }, async (bench) => {
		console.log(`seeding ${n} customers…`);
		const adminId = await seed(bench.db, n);
		const config = { DATABASE_URL: bench.url, ISP_TIMEZONE: TZ, SECRETS_KEY: '0123456789abcdef'.repeat(4) } as unknown as Config;
		const actor = { userId: adminId, role: 'admin' as const, ipAddress: '127.0.0.1', t: translator('id') };
		const keys = await Promise.all(Array.from({ length: clients }, (_, i) => createApiKey(bench.db, { name: `bench ${i}`, scope: 'read', areaIds: null }, actor, TZ).then((k) => k.secret)));
		const rest = await startRest(bench, config);
		const trpc = await startBenchApi(bench, { id: adminId, username: 'bench-admin', name: 'Bench Admin', role: 'admin', language: 'id' }, { timeZone: TZ });
		try {
			const restPage = async (client: number, cursor: string | null) => {
				const q = new URLSearchParams({ pageSize: '50', ...(cursor ? { cursor } : {}) });
				const res = await fetch(`http://127.0.0.1:${rest.port}/api/v1/customers?${q}`, { headers: { authorization: `Bearer ${keys[client]}` } });
				if (res.status !== 200) throw new Error(`REST ${res.status}: ${await res.text()}`);
				return ((await res.json()) as { nextCursor: string | null }).nextCursor;
			};
			const trpcPage = async (_client: number, cursor: string | null) => {
				const input = encodeURIComponent(JSON.stringify({ json: { pageSize: 50, ...(cursor ? { cursor } : {}) } }));
				const res = await fetch(`http://127.0.0.1:${trpc.port}/api/trpc/customers.list?input=${input}`);
				if (res.status !== 200) throw new Error(`tRPC ${res.status}: ${await res.text()}`);
				return ((await res.json()) as { result: { data: { json: { nextCursor: string | null } } } }).result.data.json.nextCursor;
			};
			// Warm-up (not counted): code paths, pools, the buffer pool.
			await load(clients, 5, restPage);
			await load(clients, 5, trpcPage);
			const restTimes = await load(clients, requests, restPage);
			const trpcTimes = await load(clients, requests, trpcPage);
			const line = (name: string, xs: number[]) => `${name.padEnd(6)} p50 ${pct(xs, 50).toFixed(1)} ms  p95 ${pct(xs, 95).toFixed(1)} ms  p99 ${pct(xs, 99).toFixed(1)} ms  (${xs.length} requests)`;
			console.log(`customers list, page of 50 at ${n} customers, ${clients} concurrent clients`);
			console.log(line('REST', restTimes));
			console.log(line('tRPC', trpcTimes));
			console.log(`REST / tRPC p95: ${(pct(restTimes, 95) / pct(trpcTimes, 95)).toFixed(2)}×   target REST p95 ≤ 50 ms: ${pct(restTimes, 95) <= 50 ? 'met' : 'NOT met'}`);
		} finally {
			rest.close();
			trpc.close();
		}
	});
});
