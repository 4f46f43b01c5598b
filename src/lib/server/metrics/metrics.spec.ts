import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { createTestDatabase, testServerUrl, testDbPrefix, type TestDatabase } from '../../../../tests/db';
import { openDatabase } from '../db/index';
import { routerJobs, routers, taskRuns, waMessages } from '../db/schema';
import { createMetrics, countSyncPush } from './registry';
import { cachedReader, GAUGE_QUERIES, readDbGauges } from './db-gauges';
import { sql } from 'drizzle-orm';
import { answerMetrics } from './endpoint';
import { checkReadiness } from '../readiness';

let t: TestDatabase;
const now = new Date('2026-12-07T10:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);

beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.drop());

/** The value of one series in Prometheus text, e.g. value(text, 'lunas_router_up{router="BTS"}'). */
function value(text: string, series: string): number | undefined {
	const line = text.split('\n').find((l) => l.startsWith(series + ' '));
	return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the database gauges', () => {
	it('report the router job queue, router status, the daily runs and the last backup from the database', async () => {
		const up = randomUUID();
		const down = randomUUID();
		const fresh = randomUUID();
		const gone = randomUUID();
		const router = (id: string, name: string, status: 'up' | 'down' | 'unknown', extra = {}) => ({ id, name, host: '10.0.0.1', username: 'api', passwordEnc: 'x', status, ...extra });
		await t.db.insert(routers).values([
			router(up, 'BTS Utara', 'up', { lastSeenAt: ago(20) }),
			router(down, 'BTS Selatan', 'down', { lastSeenAt: ago(3600) }),
			router(fresh, 'BTS Baru', 'unknown'),
			router(gone, 'BTS Lama', 'down', { deletedAt: ago(100) })
		]);
		const job = (status: 'queued' | 'running' | 'done' | 'dead', createdAt: Date, dedupeKey: string) => ({ routerId: up, action: 'isolate', status, createdAt, dedupeKey });
		await t.db.insert(routerJobs).values([
			job('queued', ago(90), 'a'),
			job('queued', ago(30), 'b'),
			job('queued', ago(5), 'c'),
			job('running', ago(12), 'd'),
			job('dead', ago(7200), 'e'),
			job('done', ago(99_999), 'f')
		]);
		await t.db.insert(taskRuns).values([
			{ task: 'billing', status: 'done', startedAt: ago(86_400 + 100), finishedAt: ago(86_400 + 40) },
			{ task: 'billing', status: 'done', startedAt: ago(500), finishedAt: ago(487.5) },
			{ task: 'overdue', status: 'done', startedAt: ago(7000), finishedAt: ago(6997) },
			{ task: 'overdue', status: 'failed', startedAt: ago(400), finishedAt: ago(399) },
			{ task: 'backup', status: 'done', startedAt: ago(30 * 3600 + 4), finishedAt: ago(30 * 3600), progress: { bytes: 123_456, file: 'x' } }
		]);

		const reading = await readDbGauges(t.db, now);
		expect(reading.queue).toEqual([
			{ status: 'queued', count: 3, oldestAgeSeconds: 90 },
			{ status: 'running', count: 1, oldestAgeSeconds: 12 },
			{ status: 'dead', count: 1, oldestAgeSeconds: 7200 }
		]);
		expect(reading.routers.map((r) => [r.name, r.status])).toEqual([
			['BTS Baru', 'unknown'],
			['BTS Selatan', 'down'],
			['BTS Utara', 'up']
		]);

		const metrics = createMetrics(() => t.db, { ttlMs: 0, defaultMetrics: false });
		const text = await metrics.registry.metrics();
		expect(value(text, 'lunas_metrics_database_up')).toBe(1);
		expect(value(text, 'lunas_router_jobs{status="queued"}')).toBe(3);
		expect(value(text, 'lunas_router_jobs{status="dead"}')).toBe(1);
		// Ages are measured against the clock at scrape time, so only a lower bound is stable here.
		expect(value(text, 'lunas_router_jobs_oldest_age_seconds{status="dead"}')).toBeGreaterThanOrEqual(7200);
		expect(value(text, 'lunas_router_up{router="BTS Utara"}')).toBe(1);
		expect(value(text, 'lunas_router_up{router="BTS Selatan"}')).toBe(0);
		expect(value(text, 'lunas_router_up{router="BTS Baru"}')).toBe(-1);
		expect(value(text, 'lunas_router_up{router="BTS Lama"}')).toBeUndefined();
		expect(value(text, 'lunas_task_last_duration_seconds{task="billing"}')).toBe(12.5);
		expect(value(text, 'lunas_task_last_duration_seconds{task="overdue"}')).toBe(3);
		expect(value(text, 'lunas_task_last_failed{task="overdue"}')).toBe(1);
		expect(value(text, 'lunas_task_last_failed{task="billing"}')).toBe(0);
		expect(value(text, 'lunas_task_last_success_timestamp_seconds{task="backup"}')).toBe(ago(30 * 3600).getTime() / 1000);
		expect(value(text, 'lunas_backup_size_bytes')).toBe(123_456);
		expect(value(text, 'lunas_backup_age_seconds')).toBeGreaterThanOrEqual(30 * 3600);
	});

	it('report the WhatsApp outbox: queued, dead and unsure counts, and how overdue the oldest queued message is', async () => {
		const message = (status: 'queued' | 'dead' | 'unsure' | 'sent', dueAt: Date, key: string) => ({ dedupeKey: `metrics:${key}`, kind: 'test' as const, body: 'x', status, nextAttemptAt: dueAt });
		await t.db.insert(waMessages).values([message('queued', ago(120), 'a'), message('queued', ago(10), 'b'), message('dead', ago(9000), 'c'), message('unsure', ago(50), 'd'), message('sent', ago(1), 'e')]);
		const reading = await readDbGauges(t.db, now);
		expect(reading.whatsapp).toEqual([
			{ status: 'queued', count: 2, overdueSeconds: 120 },
			{ status: 'dead', count: 1, overdueSeconds: 0 },
			{ status: 'unsure', count: 1, overdueSeconds: 0 }
		]);
		const text = await createMetrics(() => t.db, { ttlMs: 0, defaultMetrics: false }).registry.metrics();
		expect(value(text, 'lunas_whatsapp_messages{status="queued"}')).toBe(2);
		expect(value(text, 'lunas_whatsapp_messages{status="unsure"}')).toBe(1);
		expect(value(text, 'lunas_whatsapp_queued_overdue_seconds')).toBeGreaterThanOrEqual(120);
	});

	it('read through indexes, never a table scan or a sort (the router list aside, which is as long as the routers)', async () => {
		const queries = { queue: GAUGE_QUERIES.queue, whatsapp: GAUGE_QUERIES.whatsapp, rejected: GAUGE_QUERIES.rejected, lastRun: GAUGE_QUERIES.lastRun('billing'), lastGoodRun: GAUGE_QUERIES.lastGoodRun('backup') };
		for (const [name, query] of Object.entries(queries)) {
			const [plan] = (await t.db.execute(sql`EXPLAIN ${query}`)) as unknown as [Array<{ type: string; key: string | null; Extra: string | null }>];
			for (const step of plan) {
				expect(step.key, name).not.toBeNull();
				expect(step.type, name).not.toBe('ALL');
				expect(step.Extra ?? '', name).not.toMatch(/filesort|temporary/i);
			}
		}
	});

	it('empty the database gauges and say so when the database does not answer', async () => {
		const dead = openDatabase('mysql://root@127.0.0.1:1/nothing', { connectionLimit: 1 });
		try {
			const metrics = createMetrics(() => dead.db, { ttlMs: 0, defaultMetrics: false });
			const text = await metrics.registry.metrics();
			expect(value(text, 'lunas_metrics_database_up')).toBe(0);
			expect(text).not.toMatch(/^lunas_router_jobs\{/m);
		} finally {
			await dead.close().catch(() => undefined);
		}
	});

	it('share one reading between the gauges of a scrape and scrapes a few seconds apart', async () => {
		let reads = 0;
		let clock = 0;
		const read = cachedReader(() => (reads++, readDbGauges(t.db)), 5000, () => clock);
		await Promise.all([read(), read(), read()]);
		clock = 4999;
		await read();
		expect(reads).toBe(1);
		clock = 5000;
		await read();
		expect(reads).toBe(2);
	});

	it('counts sync pushes and their operations by answer', async () => {
		const metrics = createMetrics(() => t.db, { defaultMetrics: false });
		countSyncPush(metrics, {
			lastAppliedSeq: 2,
			results: [
				{ seq: 1, opId: randomUUID(), status: 'applied', result: {} },
				{ seq: 2, opId: randomUUID(), status: 'rejected', result: {}, error: { key: 'sync.rejected.invalid' } },
				{ seq: 3, opId: randomUUID(), status: 'retry' }
			]
		});
		countSyncPush(metrics, { lastAppliedSeq: 2, results: [] });
		const text = await metrics.registry.getSingleMetricAsString('lunas_sync_push_operations_total');
		expect(value(text, 'lunas_sync_push_operations_total{status="applied"}')).toBe(1);
		expect(value(text, 'lunas_sync_push_operations_total{status="rejected"}')).toBe(1);
		expect(value(text, 'lunas_sync_push_operations_total{status="retry"}')).toBe(1);
		expect(value(await metrics.registry.getSingleMetricAsString('lunas_sync_pushes_total'), 'lunas_sync_pushes_total')).toBe(2);
	});
});

describe('the /metrics answer', () => {
	const registry = () => createMetrics(() => t.db, { defaultMetrics: false }).registry;
	it('does not exist without a configured token, and refuses a missing or wrong one', async () => {
		expect((await answerMetrics('Bearer anything-at-all-here', undefined, registry())).status).toBe(404);
		const token = 'a-long-metrics-token-123';
		for (const header of [null, '', 'Bearer', `Basic ${token}`, 'Bearer a-long-metrics-token-124', `Bearer ${token}x`]) {
			const answer = await answerMetrics(header, token, registry());
			expect(answer.status, String(header)).toBe(401);
			expect(answer.body).not.toMatch(/lunas_/);
		}
		const ok = await answerMetrics(`Bearer ${token}`, token, registry());
		expect(ok.status).toBe(200);
		expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
		expect(ok.body).toMatch(/^# TYPE lunas_router_jobs gauge$/m);
	});
});

describe('readiness', () => {
	it('is ready only once started, with the database answering and holding every shipped migration', async () => {
		expect(await checkReadiness(t.db, 'drizzle', 'started')).toMatchObject({ ready: true, database: { reachable: true }, migrations: { applied: true } });
		expect((await checkReadiness(t.db, 'drizzle', 'starting')).ready).toBe(false);
		expect((await checkReadiness(t.db, 'drizzle', 'stopping')).ready).toBe(false);

		const dead = openDatabase('mysql://root@127.0.0.1:1/nothing', { connectionLimit: 1 });
		const down = await checkReadiness(dead.db, 'drizzle', 'started');
		await dead.close().catch(() => undefined);
		expect(down).toMatchObject({ ready: false, database: { reachable: false } });

		const name = `${testDbPrefix()}_empty_${randomUUID().slice(0, 8)}`;
		const server = testServerUrl().replace(/\/?$/, '/');
		const admin = await mysql.createConnection({ uri: server });
		await admin.query(`CREATE DATABASE \`${name}\``);
		const empty = openDatabase(`${server}${name}`, { connectionLimit: 1 });
		try {
			const unmigrated = await checkReadiness(empty.db, 'drizzle', 'started');
			expect(unmigrated).toMatchObject({ ready: false, database: { reachable: true }, migrations: { applied: false } });
			// An older version's migrations only: still not ready for this build.
			await empty.db.$client.query('CREATE TABLE __drizzle_migrations (id serial primary key, hash text not null, created_at bigint)');
			await empty.db.$client.query("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('old', 1700000000000)");
			expect((await checkReadiness(empty.db, 'drizzle', 'started')).migrations.applied).toBe(false);
		} finally {
			await empty.close();
			await admin.query(`DROP DATABASE \`${name}\``);
			await admin.end();
		}
	});
});
