/**
 * bench/billing-run: how fast the billing run issues invoices, against two baselines measured
 * in the same run on the same data.
 *
 *   npm run bench:billing -- [--n 100000] [--naive-sample 5000]
 *
 * - Lunas: runBilling() — set-based selection in keyset batches, multi-row inserts.
 * - (a) naive: one subscription at a time, select then insert through the ORM, one transaction
 *   each (the Laravel-controller way). Timed on a sample of the same subscriptions (default
 *   5,000; `--naive-sample all` for every one) and scaled per invoice, because 100,000 of them
 *   take minutes.
 * - (b) floor: the very invoice rows Lunas produced, re-inserted with raw multi-row INSERTs and
 *   nothing else: no selection, no numbering, no rules.
 * Prints seconds, invoices per second and the two ratios (targets: ≥ 20× faster than (a),
 * within 2× of (b)).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../src/lib/server/db/index';
import { invoiceItems, invoices, numberCounters, packages, subscriptions } from '../src/lib/server/db/schema';
import { seed, TODAY } from './billing-run-seed';
import { runBilling } from '../src/lib/server/billing/billing-run';
import { dueDateOf, periodAmount, periodFrom } from '../src/lib/server/billing/periods';
import { formatDocumentNumber } from '../src/lib/server/db/counters';
import { addDays, yearMonthOf } from '../src/lib/shared/dates';
import { DEFAULT_BILLING_RULES } from '../src/lib/shared/schemas/billing-rules';
import { runBench, timed, withBenchDatabase } from './lib';

const rules = DEFAULT_BILLING_RULES;

/** Empties the invoice tables so each contender starts on a fresh table (DELETE would leave purge work behind). */
async function resetInvoices(pool: mysql.Pool) {
	const conn = await pool.getConnection();
	try {
		await conn.query('SET FOREIGN_KEY_CHECKS = 0');
		for (const table of ['invoice_items', 'invoices', 'number_counters']) await conn.query(`TRUNCATE TABLE ${table}`);
		await conn.query('SET FOREIGN_KEY_CHECKS = 1');
	} finally {
		conn.release();
	}
}

/** (a) One subscription at a time through the ORM, as a per-request controller would. */
async function naiveRun(db: Db, subscriptionIds: string[]) {
	for (const id of subscriptionIds) {
		await db.transaction(async (tx) => {
			const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.id, id));
			const [pkg] = await tx.select().from(packages).where(eq(packages.id, sub.packageId));
			const start = addDays(sub.paidThrough!, 1);
			const [existing] = await tx
				.select({ id: invoices.id })
				.from(invoices)
				.where(and(eq(invoices.subscriptionId, id), eq(invoices.periodStart, start)));
			if (existing) return;
			const period = periodFrom(start, sub.billingDay);
			const ym = yearMonthOf(start);
			const scope = `INV-${ym}`;
			const [counter] = await tx.select().from(numberCounters).where(eq(numberCounters.scope, scope)).for('update');
			const n = (counter?.lastValue ?? 0) + 1;
			if (counter) await tx.update(numberCounters).set({ lastValue: n }).where(eq(numberCounters.scope, scope));
			else await tx.insert(numberCounters).values({ scope, lastValue: n });
			const invoiceId = randomUUID();
			const amount = periodAmount(period, pkg.price);
			await tx.insert(invoices).values({
				id: invoiceId,
				number: formatDocumentNumber('INV', ym, n),
				subscriptionId: id,
				customerId: sub.customerId,
				periodStart: period.start,
				periodEnd: period.end,
				amount,
				dueDate: dueDateOf(period.start, rules.dueDays),
				payToken: randomBytes(24).toString('base64url')
			});
			await tx.insert(invoiceItems).values({ invoiceId, kind: 'package', description: `${pkg.name}, ${period.start} s.d. ${period.end}`, amount });
		});
	}
}

type Row = Record<string, unknown>;

/** (b) The same rows, inserted raw, 2,000 per statement. */
async function floorRun(pool: mysql.Pool, invoiceRows: Row[], itemRows: Row[]) {
	const insert = async (table: string, rows: Row[]) => {
		if (rows.length === 0) return;
		const columns = Object.keys(rows[0]);
		for (let i = 0; i < rows.length; i += 2000) {
			const part = rows.slice(i, i + 2000);
			await pool.query(`INSERT INTO ${table} (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`, [part.map((r) => columns.map((c) => r[c]))]);
		}
	};
	await insert('invoices', invoiceRows);
	await insert('invoice_items', itemRows);
}

async function main() {
	const { values } = parseArgs({ options: { n: { type: 'string', default: '100000' }, 'naive-sample': { type: 'string', default: '5000' } } });
	const n = Number(values.n);
	await withBenchDatabase({ prefix: 'lunas_bench', connectionLimit: 4 }, async ({ handle }) => {
		console.log(`Seeding ${n.toLocaleString('en')} subscriptions…`);
		await seed(handle.db, n);

		const [lunasSeconds, progress] = await timed(() => runBilling(handle.db, { today: TODAY, rules }));
		if (progress.invoicesCreated !== n) throw new Error(`expected ${n} invoices, got ${progress.invoicesCreated}`);

		const [invoiceRows] = await handle.pool.query('SELECT * FROM invoices ORDER BY number');
		const [itemRows] = await handle.pool.query('SELECT invoice_id, kind, description, amount FROM invoice_items ORDER BY id');
		await resetInvoices(handle.pool);
		const [floorSeconds] = await timed(() => floorRun(handle.pool, invoiceRows as Row[], itemRows as Row[]));
		await resetInvoices(handle.pool);

		const ids = (await handle.db.select({ id: subscriptions.id }).from(subscriptions).orderBy(subscriptions.id)).map((r) => r.id);
		const sample = values['naive-sample'] === 'all' ? ids : ids.slice(0, Math.min(ids.length, Number(values['naive-sample'])));
		const [naiveSampleSeconds] = await timed(() => naiveRun(handle.db, sample));
		const naiveSeconds = (naiveSampleSeconds / sample.length) * n;

		const rate = (s: number) => `${Math.round(n / s).toLocaleString('en')} invoices/s`;
		console.log(`\nbench/billing-run — ${n.toLocaleString('en')} subscriptions, one invoice each`);
		console.log(`  Lunas billing run          ${lunasSeconds.toFixed(2)} s   ${rate(lunasSeconds)}`);
		console.log(`  (b) raw multi-row INSERT   ${floorSeconds.toFixed(2)} s   ${rate(floorSeconds)}`);
		console.log(
			`  (a) naive, one at a time   ${naiveSeconds.toFixed(2)} s   ${rate(naiveSeconds)}` +
				(sample.length < n ? `   (measured on ${sample.length.toLocaleString('en')}: ${naiveSampleSeconds.toFixed(2)} s, scaled)` : '')
		);
		console.log(`  naive / Lunas = ${(naiveSeconds / lunasSeconds).toFixed(1)}×   (target ≥ 20×)`);
		console.log(`  Lunas / floor = ${(lunasSeconds / floorSeconds).toFixed(2)}×   (target ≤ 2×)`);
	});
}

runBench(main);
