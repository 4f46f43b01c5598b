/**
 * bench/wa-outbox: the WhatsApp outbox's two figures (issue #16), each against a baseline
 * measured in the same run.
 *
 *   npx tsx bench/wa-outbox.ts [--n 20000] [--runs 3] [--naive-sample 2000] [--send 600] [--rate 20] [--failures 0.05]
 *
 * 1. Enqueue: the due-soon reminders of N subscriptions (one SELECT, messages rendered from the
 *    reminder template, `enqueueMessages` in one transaction) — median of `runs` on an emptied
 *    outbox; then the same run replayed, which must add 0 rows. Baseline: one INSERT per message
 *    in its own transaction (what "send on each event" code does), timed on a sample, per message.
 *    Target: ≤ 2 s for 20,000.
 * 2. Send: `send` messages through the simulated Fonnte gateway allowing `rate` calls/s and
 *    failing `failures` of them, by the real worker. Every message must be delivered exactly once.
 *    Baseline: a bare loop calling the same simulator at the same rate with no database at all —
 *    what this machine and the simulator allow. Target: ≥ 95 % of the allowed rate.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/lib/server/db/index';
import { seed } from './billing-run-seed';
import { enqueueMessages, type NewWaMessage } from '../src/lib/server/whatsapp/enqueue';
import { createFonnteGateway } from '../src/lib/server/whatsapp/fonnte';
import { RateLimiter } from '../src/lib/server/whatsapp/rate-limiter';
import { WhatsAppWorker } from '../src/lib/server/whatsapp/worker';
import { startWhatsAppSimulator } from '../src/lib/server/whatsapp-sim/index';
import { DEFAULT_TEMPLATES, renderTemplate } from '../src/lib/shared/templates';
import { formatRupiah } from '../src/lib/shared/money';
import { median, runBench, timed, withBenchDatabase } from './lib';

const { values: args } = parseArgs({
	options: {
		n: { type: 'string', default: '20000' },
		runs: { type: 'string', default: '3' },
		'naive-sample': { type: 'string', default: '2000' },
		send: { type: 'string', default: '600' },
		rate: { type: 'string', default: '20' },
		failures: { type: 'string', default: '0.05' }
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

/** The reminders of every active subscription, as a reminder run would build them. */
async function reminders(db: Db): Promise<NewWaMessage[]> {
	const [rows] = (await db.execute(sql`
		SELECT s.id AS subscription_id, c.id AS customer_id, c.code, c.name, c.phone, p.name AS package, p.price
		FROM subscriptions s JOIN customers c ON c.id = s.customer_id JOIN packages p ON p.id = s.package_id
		WHERE s.status = 'active'`)) as unknown as [
		Array<{ subscription_id: string; customer_id: string; code: string; name: string; phone: string | null; package: string; price: number }>
	];
	return rows.map((r) => ({
		dedupeKey: `due_soon:${r.subscription_id}:2026-12-01`,
		customerId: r.customer_id,
		phone: r.phone,
		kind: 'due_soon' as const,
		body: renderTemplate('reminder', DEFAULT_TEMPLATES.reminder, {
			nama: r.name,
			kode: r.code,
			paket: r.package,
			periode: 'Desember 2026',
			jumlah: formatRupiah(Number(r.price)),
			jatuh_tempo: '11 Des 2026',
			link_bayar: `https://isp.example/pay/${r.subscription_id}`,
			isp: 'Bench Net'
		})
	}));
}

async function enqueueFigures(db: Db): Promise<void> {
	console.log(`seeding ${N} subscriptions…`);
	await seed(db, N);
	await db.execute(sql`UPDATE customers SET phone = CONCAT('0812', LPAD(SUBSTRING(code, 2), 8, '0'))`);

	const lunas: number[] = [];
	const building: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		await emptyOutbox(db);
		const [s] = await timed(async () => {
			const [b, messages] = await timed(() => reminders(db));
			building.push(b);
			await db.transaction((tx) => enqueueMessages(tx, messages));
		});
		lunas.push(s);
	}
	const rows = await count(db);
	const [replayS] = await timed(async () => {
		const messages = await reminders(db);
		await db.transaction((tx) => enqueueMessages(tx, messages));
	});
	const added = (await count(db)) - rows;

	const sample = (await reminders(db)).slice(0, SAMPLE);
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
	console.log(`\n1. enqueue the reminders of ${N} subscriptions (median of ${RUNS})`);
	console.log(`   Lunas (one query, multi-row INSERT … ON DUPLICATE KEY, one transaction): ${m.toFixed(2)} s, ${Math.round(N / m)} messages/s — runs ${lunas.map((x) => x.toFixed(2)).join(', ')} s`);
	console.log(`   of which reading the subscriptions and rendering the messages: ${median(building).toFixed(2)} s`);
	console.log(`   rows written: ${rows}; replaying the run took ${replayS.toFixed(2)} s and added ${added}`);
	console.log(`   baseline, one INSERT + commit per message (sample ${sample.length}, scaled to ${N}): ${naiveScaled.toFixed(2)} s`);
	console.log(`   ratio baseline / Lunas: ${(naiveScaled / m).toFixed(1)}×   target ≤ 2 s: ${m <= 2 ? 'met' : 'NOT met'}; replay adds 0: ${added === 0 ? 'met' : 'NOT met'}`);
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
		await enqueueFigures(db);
		await sendFigures(db);
	});
});
