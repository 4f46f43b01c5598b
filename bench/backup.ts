/**
 * bench/backup: size and time of a backup and of a restore, for the demo ISP (300 customers with
 * months of invoices and payments) and optionally for 20,000 subscriptions with a year of them.
 *
 *   npm run bench:backup -- [--customers 300] [--subscriptions 20000] [--runs 3]
 *
 * Baselines, measured in the same run on the same data:
 * - backup: the bare `mariadb-dump` with the same options into a plain file (no gzip, no
 *   encryption). Lunas's ratio shows what compressing and sealing cost in time and save in size.
 * - restore: that plain SQL file fed to `mariadb`. Lunas's restore reads the sealed file twice
 *   (once to verify it before writing anything, once to load it); the ratio shows that price.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { seedDemo } from '../src/lib/server/demo/seed';
import { createBackup, restoreBackup, startDump, startLoad } from '../src/lib/server/backup/backup';
import { clientTarget } from '../src/lib/server/backup/mysql-client';
import { seedDashboard } from './dashboard-seed';
import { median, runBench, seconds, withBenchDatabase, type BenchDatabase } from './lib';

const { values } = parseArgs({
	options: { customers: { type: 'string', default: '300' }, subscriptions: { type: 'string' }, runs: { type: 'string', default: '3' } }
});
const runs = Number(values.runs);

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

async function plainDump(url: string, file: string): Promise<number> {
	const started = performance.now();
	const target = await clientTarget(url);
	try {
		const dump = startDump(target);
		dump.child.stdin.end();
		await Promise.all([pipeline(dump.child.stdout, createWriteStream(file)), dump.done]);
	} finally {
		await target.cleanup();
	}
	return performance.now() - started;
}

async function plainRestore(url: string, file: string): Promise<number> {
	const started = performance.now();
	const target = await clientTarget(url);
	try {
		const client = startLoad(target);
		client.child.stdout.resume();
		await Promise.all([pipeline(createReadStream(file), client.child.stdin), client.done]);
	} finally {
		await target.cleanup();
	}
	return performance.now() - started;
}

async function measure(label: string, bench: BenchDatabase): Promise<void> {
	const dir = await mkdtemp(path.join(tmpdir(), 'lunas-bench-backup-'));
	const key = randomBytes(32);
	const server = bench.url.replace(/[^/]+$/, '');
	const admin = await mysql.createConnection({ uri: server });
	const [[{ n: rows }]] = (await admin.query('SELECT SUM(table_rows) AS n FROM information_schema.tables WHERE table_schema = ?', [bench.name])) as unknown as [[{ n: number }]];
	try {
		const plainFile = path.join(dir, 'plain.sql');
		const dumpMs: number[] = [];
		const backupMs: number[] = [];
		let sealed = '';
		for (let i = 0; i < runs; i++) {
			dumpMs.push(await plainDump(bench.url, plainFile));
			// One backup a second at most (the file name has second resolution).
			const made = await createBackup({ databaseUrl: bench.url, dir, key, now: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) });
			backupMs.push(made.ms);
			sealed = made.file;
		}
		const plainBytes = (await stat(plainFile)).size;
		const sealedBytes = (await stat(sealed)).size;

		const restorePlainMs: number[] = [];
		const restoreMs: number[] = [];
		for (let i = 0; i < runs; i++) {
			const a = `${bench.name}_rp${i}`;
			const b = `${bench.name}_rs${i}`;
			await admin.query(`CREATE DATABASE \`${a}\``);
			restorePlainMs.push(await plainRestore(`${server}${a}`, plainFile));
			restoreMs.push((await restoreBackup({ file: sealed, databaseUrl: `${server}${b}`, key })).ms);
			await admin.query(`DROP DATABASE \`${a}\``);
			await admin.query(`DROP DATABASE \`${b}\``);
		}
		const [d, bk, rp, rs] = [median(dumpMs), median(backupMs), median(restorePlainMs), median(restoreMs)];
		console.log(`\n${label} (≈${Number(rows).toLocaleString('en')} rows; median of ${runs})`);
		console.log(`  size     plain SQL ${mb(plainBytes)}   Lunas backup (gzip + AES-GCM) ${mb(sealedBytes)}   ratio ${ratio(sealedBytes, plainBytes)}`);
		console.log(`  backup   plain dump ${seconds(d)}   Lunas backup ${seconds(bk)}   ratio ${ratio(bk, d)}`);
		console.log(`  restore  plain SQL ${seconds(rp)}   Lunas restore (verify + load) ${seconds(rs)}   ratio ${ratio(rs, rp)}`);
	} finally {
		await admin.end();
		await rm(dir, { recursive: true, force: true });
	}
}

runBench(async () => {
	await withBenchDatabase({ prefix: 'lunas_bench_backup_demo' }, async (bench) => {
		const customers = Number(values.customers);
		await seedDemo(bench.db, { secretsKey: '0123456789abcdef'.repeat(4), timeZone: 'Asia/Jakarta', customers });
		await measure(`demo ISP, ${customers} customers`, bench);
	});
	if (values.subscriptions) {
		const n = Number(values.subscriptions);
		await withBenchDatabase({ prefix: 'lunas_bench_backup_big' }, async (bench) => {
			console.log(`\nseeding ${n.toLocaleString('en')} subscriptions with a year of invoices and payments…`);
			await seedDashboard(bench.handle.pool, n);
			await measure(`${n.toLocaleString('en')} subscriptions`, bench);
		});
	}
});
