/**
 * bench/dashboard: every dashboard query on an ISP of 20,000 subscriptions with a year of
 * invoices and payments, each against a naive baseline measured in the same run on the same data.
 *
 *   npm run bench:dashboard -- [--n 20000] [--runs 7] [--keep] [--db <name>]
 *
 * `--keep` leaves the seeded database behind and prints its name; `--db` measures that one
 * again without seeding (seeding 20,000 subscriptions takes minutes).
 *
 * - Lunas: the set-based queries of src/lib/server/reports/dashboard.ts.
 * - naive: load the rows and aggregate in JavaScript (for router health: one query per router,
 *   snapshots parsed in JS), which is how a dashboard written against the ORM tends to start.
 * Prints the median of `runs` timings of each and the ratio; target: every Lunas query < 200 ms.
 * The reports are timed too (no baseline: they have no cheap naive twin worth measuring).
 */
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import type { Db } from '../src/lib/server/db/index';
import {
	arrearsAging,
	attentionCounts,
	collectedThisMonth,
	dashboard,
	dashboardCounts,
	revenueByMonth,
	routerHealth,
	subscriptionFlow,
	type DashboardClock
} from '../src/lib/server/reports/dashboard';
import { lastMonths } from '../src/lib/server/reports/months';
import { revenueReport } from '../src/lib/server/reports/revenue';
import { arrearsReport } from '../src/lib/server/reports/arrears';
import { collectorReport } from '../src/lib/server/reports/collectors';
import { ledgerPage } from '../src/lib/server/reports/ledger';
import { ledgerListInput } from '../src/lib/shared/schemas/reports';
import { daysBetween, localDateOf } from '../src/lib/shared/dates';
import { NOW, TIME_ZONE, seedDashboard, seededCounts } from './dashboard-seed';
import { medianMs, runBench, withBenchDatabase } from './lib';

const clock: DashboardClock = { now: NOW, timeZone: TIME_ZONE };
type Row = Record<string, unknown>;

async function all(pool: mysql.Pool, query: string, params: unknown[] = []): Promise<Row[]> {
	const [rows] = await pool.query(query, params);
	return rows as Row[];
}

/** The naive twins: fetch rows, aggregate in JS. */
function naive(pool: mysql.Pool) {
	// One formatter for all rows, so the baseline pays for the rows and not for building formatters.
	const formatter = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' });
	const month = (d: Date) => formatter.format(d).slice(0, 7);
	return {
		async counts() {
			const subs = await all(pool, 'SELECT status, deleted_at FROM subscriptions');
			const invs = await all(pool, 'SELECT status, amount, amount_paid, deleted_at FROM invoices');
			let active = 0, isolated = 0, unpaid = 0, open = 0;
			for (const s of subs) if (!s.deleted_at) s.status === 'active' ? active++ : s.status === 'isolated' ? isolated++ : 0;
			for (const i of invs) if (!i.deleted_at && (i.status === 'unpaid' || i.status === 'partial')) { open++; unpaid += Number(i.amount) - Number(i.amount_paid); }
			return { active, isolated, unpaid, open };
		},
		async collected() {
			const current = month(NOW);
			const rows = await all(pool, 'SELECT method, amount, received_at FROM payments');
			const out: Record<string, number> = {};
			for (const p of rows) if (p.method !== 'credit' && month(p.received_at as Date) === current) out[String(p.method)] = (out[String(p.method)] ?? 0) + Number(p.amount);
			return out;
		},
		async revenue() {
			const wanted = new Set(lastMonths(NOW, 12, TIME_ZONE).map((m) => m.month));
			const rows = await all(pool, 'SELECT method, amount, received_at FROM payments');
			const out = new Map<string, number>();
			for (const p of rows) {
				const m = month(p.received_at as Date);
				if (p.method !== 'credit' && wanted.has(m)) out.set(m, (out.get(m) ?? 0) + Number(p.amount));
			}
			return out;
		},
		async aging() {
			const today = localDateOf(NOW, TIME_ZONE);
			const rows = await all(pool, "SELECT due_date, amount, amount_paid FROM invoices WHERE deleted_at IS NULL AND status IN ('unpaid', 'partial')");
			const out = [0, 0, 0, 0, 0];
			for (const i of rows) {
				const days = daysBetween(String(i.due_date), today);
				out[days <= 0 ? 0 : days <= 30 ? 1 : days <= 60 ? 2 : days <= 90 ? 3 : 4] += Number(i.amount) - Number(i.amount_paid);
			}
			return out;
		},
		async flow() {
			const wanted = new Set(lastMonths(NOW, 12, TIME_ZONE).map((m) => m.month));
			const rows = await all(pool, 'SELECT start_date, terminated_at FROM subscriptions WHERE deleted_at IS NULL');
			const started = new Map<string, number>();
			const ended = new Map<string, number>();
			for (const s of rows) {
				const m = String(s.start_date).slice(0, 7);
				if (wanted.has(m)) started.set(m, (started.get(m) ?? 0) + 1);
				if (s.terminated_at) {
					const t = month(s.terminated_at as Date);
					if (wanted.has(t)) ended.set(t, (ended.get(t) ?? 0) + 1);
				}
			}
			return { started, ended };
		},
		async attention() {
			const flagged = await all(pool, 'SELECT flag, flag_reviewed_at FROM payments');
			const handovers = await all(pool, 'SELECT status, deleted_at FROM cash_handovers');
			const ops = await all(pool, 'SELECT status, reviewed_at FROM sync_ops');
			return {
				flagged: flagged.filter((p) => p.flag !== null && p.flag_reviewed_at === null).length,
				handovers: handovers.filter((h) => h.status === 'pending' && !h.deleted_at).length,
				rejected: ops.filter((o) => o.status === 'rejected' && o.reviewed_at === null).length
			};
		},
		async routers() {
			const routers = await all(pool, 'SELECT id, name, status FROM routers WHERE deleted_at IS NULL ORDER BY name');
			const out = [];
			for (const r of routers) {
				const snaps = await all(pool, 'SELECT kind, data FROM router_snapshots WHERE router_id = ?', [r.id]);
				const of = (kind: string) => {
					const s = snaps.find((x) => x.kind === kind)?.data;
					return typeof s === 'string' ? JSON.parse(s) : s;
				};
				out.push({ ...r, cpu: of('resource')?.cpuLoad ?? null, online: of('online')?.sessions?.length ?? null });
			}
			return out;
		}
	};
}

/**
 * About 1% of payments flagged, half of those already reviewed, so the attention count has both
 * kinds to tell apart (the seed itself records clean payments only).
 */
async function flagSome(pool: mysql.Pool) {
	await pool.query("UPDATE payments SET flag = 'amount-mismatch: asked 150000, paid 100000' WHERE CRC32(id) % 100 = 0");
	await pool.query("UPDATE payments SET flag_reviewed_at = received_at, flag_review_note = 'bench' WHERE flag IS NOT NULL AND CRC32(id) % 200 = 0");
}

async function main() {
	const { values } = parseArgs({
		options: { n: { type: 'string', default: '20000' }, runs: { type: 'string', default: '7' }, keep: { type: 'boolean', default: false }, db: { type: 'string' } }
	});
	const n = Number(values.n);
	const runs = Number(values.runs);
	const reuse = values.db;
	await withBenchDatabase({ prefix: 'lunas_bench_dash', connectionLimit: 8, reuse, keep: values.keep }, async ({ handle }) => {
		if (!reuse) {
			console.log(`Seeding ${n.toLocaleString('en')} subscriptions with a year of invoices and payments…`);
			await seedDashboard(handle.pool, n);
			await flagSome(handle.pool);
		}
		await handle.pool.query('ANALYZE TABLE subscriptions, invoices, payments, customers, routers, router_snapshots, cash_handovers, sync_ops');
		const seeded = await seededCounts(handle.pool);
		const db: Db = handle.db;
		const base = naive(handle.pool);

		const pairs: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
			['counts (active, isolated, unpaid)', () => dashboardCounts(db), base.counts],
			['attention: flags, hand-overs, sync', () => attentionCounts(db), base.attention],
			['collected this month by method', () => collectedThisMonth(db, clock), base.collected],
			['revenue per month (12)', () => revenueByMonth(db, clock), base.revenue],
			['arrears aging', () => arrearsAging(db, clock), base.aging],
			['new / terminated per month (12)', () => subscriptionFlow(db, clock), base.flow],
			['router health + online now', () => routerHealth(db), base.routers]
		];
		console.log(
			`\nbench/dashboard — ${seeded.subscriptions.toLocaleString('en')} subscriptions, ${seeded.invoices.toLocaleString('en')} invoices, ${seeded.payments.toLocaleString('en')} payments; median of ${runs}`
		);
		console.log(`  ${'query'.padEnd(36)} ${'Lunas'.padStart(10)} ${'naive'.padStart(10)} ${'naive/Lunas'.padStart(12)}`);
		let worst = 0;
		for (const [label, lunas, naiveFn] of pairs) {
			const a = await medianMs(runs, lunas);
			const b = await medianMs(Math.max(3, Math.ceil(runs / 2)), naiveFn);
			worst = Math.max(worst, a);
			console.log(`  ${label.padEnd(36)} ${`${a.toFixed(1)} ms`.padStart(10)} ${`${b.toFixed(1)} ms`.padStart(10)} ${`${(b / a).toFixed(1)}×`.padStart(12)}`);
		}
		const whole = await medianMs(runs, () => dashboard(db, clock));
		console.log(`  ${'whole dashboard (queries in parallel)'.padEnd(36)} ${`${whole.toFixed(1)} ms`.padStart(10)}`);
		console.log(`  slowest dashboard query ${worst.toFixed(1)} ms   (target < 200 ms: ${worst < 200 ? 'met' : 'NOT met'})`);

		const reports: Array<[string, () => Promise<unknown>]> = [
			['report: monthly revenue (12 months)', () => revenueReport(db, {}, NOW, TIME_ZONE)],
			['report: arrears per area', () => arrearsReport(db, {}, NOW, TIME_ZONE)],
			['report: collectors (this month)', () => collectorReport(db, {}, NOW, TIME_ZONE)],
			['report: ledger first page + totals', () => ledgerPage(db, ledgerListInput.parse({}), TIME_ZONE)],
			['report: ledger one month, page 1', () => ledgerPage(db, ledgerListInput.parse({ from: '2026-10-01', to: '2026-10-31' }), TIME_ZONE)]
		];
		for (const [label, fn] of reports) console.log(`  ${label.padEnd(36)} ${`${(await medianMs(runs, fn)).toFixed(1)} ms`.padStart(10)}`);
	});
}

runBench(main);
