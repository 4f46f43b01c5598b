/**
 * bench/sync-push: one technician's phone pushes 1,000 queued cash payments in one sync, through
 * the real tRPC HTTP handler (fetch adapter behind node:http on 127.0.0.1, superjson, the same
 * router as /api/trpc), then replays the same 1,000 (a lost reply) — which must add nothing.
 * Baseline in the same run: the same number of payments recorded one by one with recordPayment()
 * directly (no sync bookkeeping, no HTTP), on a second set of customers with the same invoices.
 *
 *   npm run bench:sync-push -- [--n 1000]
 *
 * Prints server time (inside the handler), end-to-end time (client call), the replay's times and
 * the ratio to the baseline, and (for scale) the first pull of the whole area. Target: ≤ 3 s end to
 * end for 1,000 operations.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { count, eq } from 'drizzle-orm';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import { areas, customers, invoices, packages, payments, subscriptions } from '../src/lib/server/db/schema';
import type { AppRouter } from '../src/lib/server/trpc/root';
import { runBilling } from '../src/lib/server/billing/billing-run';
import { recordPayment } from '../src/lib/server/billing/payments';
import { DEFAULT_BILLING_RULES } from '../src/lib/shared/schemas/billing-rules';
import { localDateOf } from '../src/lib/shared/dates';
import { translator } from '../src/lib/shared/i18n/index';
import type { PushInput } from '../src/lib/shared/sync/operations';
import { runBench, seconds as s, seedTechnician, startBenchApi, withBenchDatabase } from './lib';

const TZ = 'Asia/Jakarta';

async function main() {
	const { values } = parseArgs({ options: { n: { type: 'string', default: '1000' } } });
	const n = Number(values.n);
	await withBenchDatabase({ prefix: 'lunas_bench_sync', connectionLimit: 4 }, async (bench) => {
		const db = bench.db;
		const today = localDateOf(new Date(), TZ);

		// Two sets of n customers, each with one open invoice: one set for the push, one for the baseline.
		console.log(`Seeding ${(2 * n).toLocaleString('en')} customers with an open invoice each…`);
		const areaId = randomUUID();
		const packageId = randomUUID();
		await db.insert(areas).values({ id: areaId, name: 'Bench' });
		await db.insert(packages).values({ id: packageId, name: 'Bench 10M', price: 150000, routerProfile: 'p10', rateLimit: '10M/10M' });
		const customerIds: string[] = [];
		for (let start = 0; start < 2 * n; start += 1000) {
			const size = Math.min(1000, 2 * n - start);
			const custRows = Array.from({ length: size }, (_, k) => ({ id: randomUUID(), code: `B${String(start + k).padStart(6, '0')}`, name: `Pelanggan ${start + k}`, address: 'Jl. Bench', areaId }));
			await db.insert(customers).values(custRows);
			await db.insert(subscriptions).values(
				custRows.map((c, k) => ({ id: randomUUID(), customerId: c.id, packageId, serviceUsername: `b${start + k}`, liveServiceUsername: `b${start + k}`, billingDay: 1, startDate: today }))
			);
			customerIds.push(...custRows.map((c) => c.id));
		}
		await runBilling(db, { today, rules: DEFAULT_BILLING_RULES });
		const invoiceOf = new Map((await db.select({ id: invoices.id, customerId: invoices.customerId, amount: invoices.amount }).from(invoices)).map((i) => [i.customerId, i]));

		const tech = await seedTechnician(db, [areaId]);
		const techId = tech.id;
		// The real handler behind a real socket; server time is measured inside it.
		const api = await startBenchApi(bench, tech, { timeZone: TZ });
		const port = api.port;
		try {
			const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `http://127.0.0.1:${port}/api/trpc`, transformer: superjson })] });

			const deviceId = randomUUID();
			const now = new Date().toISOString();
			const input: PushInput = {
				deviceId,
				operations: customerIds.slice(0, n).map((customerId, i) => {
					const inv = invoiceOf.get(customerId)!;
					return { seq: i + 1, opId: randomUUID(), op: { type: 'cash-payment', paymentId: randomUUID(), customerId, invoiceId: inv.id, amount: inv.amount, receivedAt: now } };
				})
			};
			// Warm up the connection pool and the code paths on a different device (not counted).
			await client.sync.pull.query({ deviceId: randomUUID(), cursor: 0, limit: 10 });

			api.serverMs = 0;
			let started = performance.now();
			const first = await client.sync.push.mutate(input);
			const pushE2e = performance.now() - started;
			const pushServer = api.serverMs;
			const applied = first.results.filter((r) => r.status === 'applied').length;
			if (applied !== n) throw new Error(`expected ${n} applied, got ${applied}: ${JSON.stringify(first.results.find((r) => r.status !== 'applied'))}`);
			const countPayments = async () => (await db.select({ n: count() }).from(payments))[0].n;
			const afterPush = await countPayments();

			api.serverMs = 0;
			started = performance.now();
			const replay = await client.sync.push.mutate(input);
			const replayE2e = performance.now() - started;
			const replayServer = api.serverMs;
			const afterReplay = await countPayments();
			if (afterReplay !== afterPush) throw new Error(`replay added ${afterReplay - afterPush} payments`);
			if (JSON.stringify(replay.results) !== JSON.stringify(first.results)) throw new Error('replay answered differently');

			// Baseline: the same work through recordPayment, one call per payment, no sync and no HTTP.
			const ledger = { timeZone: TZ, rules: DEFAULT_BILLING_RULES, actorUserId: techId, ipAddress: null, t: translator('id') };
			started = performance.now();
			for (const customerId of customerIds.slice(n, 2 * n)) {
				const inv = invoiceOf.get(customerId)!;
				const id = randomUUID();
				await recordPayment(db, { id, customerId, invoiceId: inv.id, amount: inv.amount, method: 'cash', receivedAt: new Date(now), source: 'device', externalId: id, collectedBy: techId }, ledger);
			}
			const baseline = performance.now() - started;
			const [{ paid }] = await db.select({ paid: count() }).from(invoices).where(eq(invoices.status, 'paid'));

			// For scale: the technician's first pull of the whole area (2n customers, their invoices and payments).
			started = performance.now();
			let cursor = 0;
			let pages = 0;
			let pulledCustomers = 0;
			for (;;) {
				const page = await client.sync.pull.query({ deviceId, cursor, limit: 2000 });
				pages++;
				pulledCustomers += page.rows.customers.length;
				cursor = page.cursor;
				if (!page.more) break;
			}
			const pullMs = performance.now() - started;

			console.log(`\nbench/sync-push — one device, ${n.toLocaleString('en')} queued cash payments in one push`);
			console.log(`  push      server ${s(pushServer)}   end to end ${s(pushE2e)}   (${Math.round(n / (pushE2e / 1000)).toLocaleString('en')} ops/s; target ≤ 3 s)`);
			console.log(`  replay    server ${s(replayServer)}   end to end ${s(replayE2e)}   payments added: ${afterReplay - afterPush}`);
			console.log(`  baseline  recordPayment one by one, no sync, no HTTP: ${s(baseline)}`);
			console.log(`  push end to end / baseline = ${(pushE2e / baseline).toFixed(2)}×   replay / push = ${(replayE2e / pushE2e).toFixed(3)}×`);
			console.log(`  invoices paid: ${paid.toLocaleString('en')} of ${(2 * n).toLocaleString('en')}`);
			console.log(`  first pull of the area over HTTP: ${pulledCustomers.toLocaleString('en')} customers in ${pages} pages, ${s(pullMs)}`);
		} finally {
			api.close();
		}
	});
}

runBench(main);
