/**
 * bench/wa-outbox: the WhatsApp outbox's two figures (issue #16), each against a baseline
 * measured in the same run.
 *
 *   npx tsx bench/wa-outbox.ts [--n 20000] [--runs 3] [--naive-sample 2000] [--send 600] [--rate 20] [--failures 0.05] [--only enqueue|send]
 *
 * 1. Enqueue: the due-soon reminders of N subscriptions, each with an open invoice due in 3 days,
 *    by `waDueReminders` (the daily task's own call: one INSERT … SELECT) — median of `runs` on an
 *    emptied outbox; then the same day replayed, which must add 0 rows. Baselines in the same run:
 *    the row-by-row path (read the invoices into Node, render, multi-row INSERTs — timed per
 *    step), and one INSERT per message in its own transaction (sampled, scaled). Target: ≤ 2 s.
 * 2. Send: `send` messages through the simulated Fonnte gateway allowing `rate` calls/s and
 *    failing `failures` of them, by the real worker. Every message must be delivered exactly once.
 *    Baseline: a bare loop calling the same simulator at the same rate with no database at all —
 *    what this machine and the simulator allow. Target: ≥ 95 % of the allowed rate.
 */
import { parseArgs } from 'node:util';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../src/lib/server/db/index';
import { seed } from './billing-run-seed';
import { enqueueMessages, type NewWaMessage } from '../src/lib/server/whatsapp/enqueue';
import { createFonnteGateway } from '../src/lib/server/whatsapp/fonnte';
import { RateLimiter } from '../src/lib/server/whatsapp/rate-limiter';
import { WhatsAppWorker } from '../src/lib/server/whatsapp/worker';
import { startWhatsAppSimulator } from '../src/lib/server/whatsapp-sim/index';
import { invoices, subscriptions } from '../src/lib/server/db/schema';
import { writeSetting } from '../src/lib/server/settings';
import { WA_GATEWAY_KEY } from '../src/lib/server/whatsapp/gateway-settings';
import { billMessages, billQuery, configureWhatsAppEvents, setupFor, waDueReminders } from '../src/lib/server/whatsapp/events';
import { median, runBench, timed, withBenchDatabase } from './lib';

const { values: args } = parseArgs({
	options: {
		n: { type: 'string', default: '20000' },
		runs: { type: 'string', default: '3' },
		'naive-sample': { type: 'string', default: '2000' },
		send: { type: 'string', default: '600' },
		rate: { type: 'string', default: '20' },
		failures: { type: 'string', default: '0.05' },
		only: { type: 'string' }
	}
});
const N = Number(args.n);
const RUNS = Number(args.runs);
const SAMPLE = Number(args['naive-sample']);
const SEND = Number(args.send);
const RATE = Number(args.rate);
const FAILURES = Number(args.failures);

async function count(db: Db, where = sql`1 = 1`): Promise<number> {
	const [rows] = (await db.execute(sql`SELECT COUNT(*) AS n FROM wa_messages WHERE ${where}`)) as unknown as [Array<{ n: number }>];
	return Number(rows[0].n);
}

/** TRUNCATE (a fresh table each run; DELETE would leave purge work behind), foreign keys off for it. */
async function emptyOutbox(db: Db): Promise<void> {
	const conn = await db.$client.getConnection();
	try {
		await conn.query('SET FOREIGN_KEY_CHECKS = 0');
		for (const table of ['wa_message_attempts', 'wa_messages']) await conn.query(`TRUNCATE TABLE ${table}`);
		await conn.query('SET FOREIGN_KEY_CHECKS = 1');
	} finally {
		conn.release();
	}
}

const TODAY = '2026-12-08';
const DUE = '2026-12-11'; // TODAY + the default 3 "days before due"

/** One open invoice due on DUE per subscription, every customer with a mobile number, a gateway that sends. */
async function seedDueInvoices(db: Db): Promise<void> {
	console.log(`seeding ${N} subscriptions with an invoice due ${DUE}…`);
	await seed(db, N);
	await db.execute(sql`UPDATE customers SET phone = CONCAT('0812', LPAD(SUBSTRING(code, 2), 8, '0'))`);
	await db.execute(sql`
		INSERT INTO invoices (id, number, subscription_id, customer_id, period_start, period_end, amount, due_date, status, pay_token)
		SELECT UUID(), CONCAT('INV-202612-', SUBSTRING(c.code, 2)), s.id, s.customer_id, '2026-12-01', '2026-12-31', p.price, ${DUE}, 'unpaid', REPLACE(UUID(), '-', '')
		FROM subscriptions s JOIN customers c ON c.id = s.customer_id JOIN packages p ON p.id = s.package_id`);
	await writeSetting(db, WA_GATEWAY_KEY, { kind: 'fonnte' }, null);
	configureWhatsAppEvents({ publicBaseUrl: 'https://isp.example', timeZone: () => 'Asia/Jakarta' });
}

/** The same messages the reminder path builds, for the per-message baseline and the breakdown. */
async function phases(db: Db): Promise<{ read: number; render: number; messages: NewWaMessage[] }> {
	const setup = await setupFor(db, 'due_soon');
	if (!setup) throw new Error('no gateway: the bench seeds one');
	const [read, rows] = await timed(() => billQuery(db).where(and(eq(invoices.dueDate, DUE), inArray(invoices.status, ['unpaid', 'partial']), isNull(invoices.deletedAt), eq(subscriptions.status, 'active'))));
	const [render, messages] = await timed(async () => billMessages(setup, rows, (id) => `due_soon:${id}`, null));
	return { read, render, messages };
}

async function enqueueFigures(db: Db): Promise<void> {
	await seedDueInvoices(db);

	const lunas: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		await emptyOutbox(db);
		const [s, result] = await timed(() => waDueReminders(db, TODAY));
		if (result.whatsappDueSoon !== N) throw new Error(`expected ${N} reminders, wrote ${result.whatsappDueSoon}`);
		lunas.push(s);
	}
	const rows = await count(db);
	const [replayS] = await timed(() => waDueReminders(db, TODAY));
	const added = (await count(db)) - rows;

	// Baseline 1, the row-by-row path (what waDueReminders did before, and what the billing run's
	// batches still do): read the due invoices into Node, render each message, multi-row INSERTs.
	const reads: number[] = [];
	const renders: number[] = [];
	const writes: number[] = [];
	const rowByRow: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		await emptyOutbox(db);
		const [total, { read, render, write }] = await timed(async () => {
			const { read, render, messages } = await phases(db);
			const [write] = await timed(() => db.transaction((tx) => enqueueMessages(tx, messages)));
			return { read, render, write };
		});
		reads.push(read);
		renders.push(render);
		writes.push(write);
		rowByRow.push(total);
	}

	const sample = (await phases(db)).messages.slice(0, SAMPLE);
	const naivePerMessage: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		await emptyOutbox(db);
		const [s] = await timed(async () => {
			for (const m of sample) await db.transaction((tx) => enqueueMessages(tx, [m]));
		});
		naivePerMessage.push(s / sample.length);
	}
	const naiveScaled = median(naivePerMessage) * N;
	const m = median(lunas);
	const r = median(rowByRow);
	console.log(`\n1. enqueue the due-soon reminders of ${N} subscriptions — waDueReminders, median of ${RUNS}`);
	console.log(`   Lunas (one INSERT … SELECT per kind): ${m.toFixed(2)} s, ${Math.round(N / m)} messages/s — runs ${lunas.map((x) => x.toFixed(2)).join(', ')} s`);
	console.log(`   rows written: ${rows}; replaying the run took ${replayS.toFixed(2)} s and added ${added}`);
	console.log(`   baseline 1, row by row (read into Node, render, multi-row INSERTs): ${r.toFixed(2)} s — read ${median(reads).toFixed(2)} s, render ${median(renders).toFixed(2)} s, write ${median(writes).toFixed(2)} s`);
	console.log(`   baseline 2, one INSERT + commit per message (sample ${sample.length}, scaled to ${N}): ${naiveScaled.toFixed(2)} s`);
	console.log(`   ratios: row by row / Lunas ${(r / m).toFixed(2)}×, per message / Lunas ${(naiveScaled / m).toFixed(1)}×   target ≤ 2 s: ${m <= 2 ? 'met' : 'NOT met'}; replay adds 0: ${added === 0 ? 'met' : 'NOT met'}`);
}

async function sendFigures(db: Db): Promise<void> {
	await emptyOutbox(db);
	const sim = await startWhatsAppSimulator({ fonnteToken: 'bench-token', config: { ratePerSecond: RATE, failureRate: FAILURES } });
	try {
		// Baseline: the same calls with nothing around them.
		const limiter = new RateLimiter(RATE);
		const baselineCalls = Math.min(SEND, Math.max(RATE * 10, 100));
		const gateway = createFonnteGateway({ token: 'bench-token', baseUrl: sim.url, ratePerSecond: RATE });
		const [baseS] = await timed(async () => {
			const inFlight = new Set<Promise<unknown>>();
			for (let i = 0; i < baselineCalls; i++) {
				const wait = limiter.reserve();
				if (wait > 0) await new Promise((r) => setTimeout(r, wait));
				const p = gateway.send({ to: `+62813${String(i).padStart(8, '0')}`, body: 'baseline' }).finally(() => inFlight.delete(p));
				inFlight.add(p);
			}
			await Promise.all(inFlight);
		});
		const baseRate = baselineCalls / baseS;
		sim.delivered.length = 0;
		const callsBefore = sim.calls.fonnte;
		sim.configure({});

		const messages: NewWaMessage[] = Array.from({ length: SEND }, (_, i) => ({
			dedupeKey: `bench-send:${i}`,
			customerId: null,
			phone: `0812${String(i).padStart(8, '0')}`,
			kind: 'payment_receipt',
			body: `Kuitansi ${i}`
		}));
		await enqueueMessages(db, messages);
		const worker = new WhatsAppWorker({ db, gateway: async () => gateway, timeZone: () => 'Asia/Jakarta', pollMs: 50, backoff: { baseMs: 200, capMs: 2000 } });
		const [sendS] = await timed(async () => {
			worker.start();
			while ((await count(db, sql`status = 'sent'`)) < SEND) await new Promise((r) => setTimeout(r, 100));
			await worker.stop();
		});
		const calls = sim.calls.fonnte - callsBefore;
		const unique = new Set(sim.delivered.map((d) => d.to)).size;
		const callRate = calls / sendS;
		const messageRate = SEND / sendS;
		console.log(`\n2. send ${SEND} messages through the simulated gateway allowing ${RATE}/s, failing ${(FAILURES * 100).toFixed(0)} % of calls`);
		console.log(`   delivered ${sim.delivered.length} messages to ${unique} distinct numbers (exactly once: ${sim.delivered.length === SEND && unique === SEND ? 'yes' : 'NO'}); ${calls} calls, ${calls - SEND} of them failed and retried`);
		console.log(`   Lunas worker: ${sendS.toFixed(1)} s — ${callRate.toFixed(2)} calls/s, ${messageRate.toFixed(2)} messages delivered/s`);
		console.log(`   baseline, bare paced loop with no database (${baselineCalls} calls): ${baseRate.toFixed(2)} calls/s`);
		console.log(`   ratios: calls/s vs allowed ${((callRate / RATE) * 100).toFixed(1)} % (target ≥ 95 %), vs baseline ${((callRate / baseRate) * 100).toFixed(1)} %; delivered/s vs allowed ${((messageRate / RATE) * 100).toFixed(1)} %`);
	} finally {
		await sim.close();
	}
}

runBench(async () => {
	await withBenchDatabase({ prefix: 'lunas_bench_wa' }, async ({ db }) => {
		if (args.only !== 'send') await enqueueFigures(db);
		if (args.only !== 'enqueue') await sendFigures(db);
	});
});
