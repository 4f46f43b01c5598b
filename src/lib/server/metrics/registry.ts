/**
 * Lunas's Prometheus metrics (prom-client). In-process ones are counted where things happen (HTTP
 * requests, sync pushes); the database's state is read at scrape time (db-gauges.ts), so every
 * instance reports the same queue and router status whichever one Prometheus asks.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/index';
import type { PushOutput } from '../../shared/sync/operations';
import { cachedReader, readDbGauges, type DbReading } from './db-gauges';

export interface LunasMetrics {
	registry: Registry;
	httpDuration: Histogram<'method' | 'route' | 'status_class'>;
	syncPushes: Counter<never>;
	syncOperations: Counter<'status'>;
}

/**
 * Builds a registry. `db` is asked lazily at scrape time (the app's pool may not exist yet when
 * the first request is timed).
 */
export function createMetrics(db: () => Db, opts: { ttlMs?: number; defaultMetrics?: boolean } = {}): LunasMetrics {
	const registry = new Registry();
	// Process figures (resident memory, heap, event-loop lag, open handles): the memory budget and
	// a stuck event loop show here.
	if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'lunas_' });

	const httpDuration = new Histogram({
		name: 'lunas_http_request_duration_seconds',
		help: 'HTTP requests by SvelteKit route id (not the raw path, so the label set stays small) and status class.',
		labelNames: ['method', 'route', 'status_class'] as const,
		buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
		registers: [registry]
	});
	const syncPushes = new Counter({ name: 'lunas_sync_pushes_total', help: 'Sync pushes from technicians\' phones answered by this instance.', registers: [registry] });
	const syncOperations = new Counter({
		name: 'lunas_sync_push_operations_total',
		help: 'Operations in those pushes by answer: applied (or answered again from its stored result), rejected (a business rule refused it), retry (gap or database busy; the phone sends it again).',
		labelNames: ['status'] as const,
		registers: [registry]
	});

	const reading = cachedReader(() => readDbGauges(db()), opts.ttlMs ?? 5000);
	/** A gauge whose values come from the shared database reading. */
	const fromDb = <L extends string>(name: string, help: string, labelNames: readonly L[], set: (g: Gauge<L>, r: DbReading) => void) =>
		new Gauge<L>({
			name,
			help,
			labelNames,
			registers: [registry],
			async collect() {
				this.reset();
				let r: DbReading;
				try {
					r = await reading();
				} catch {
					return; // lunas_metrics_database_up says why the others are empty
				}
				set(this, r);
			}
		});

	new Gauge({
		name: 'lunas_metrics_database_up',
		help: '1 when the database answered this scrape\'s queries, else 0 (and the database gauges are empty).',
		registers: [registry],
		async collect() {
			this.set(await reading().then(() => 1, () => 0));
		}
	});
	fromDb('lunas_router_jobs', 'Router jobs by status (queued: waiting or backing off; dead: gave up, needs a person).', ['status'], (g, r) => {
		for (const q of r.queue) g.set({ status: q.status }, q.count);
	});
	fromDb('lunas_router_jobs_oldest_age_seconds', 'Age of the oldest router job of each status (0 when none).', ['status'], (g, r) => {
		for (const q of r.queue) g.set({ status: q.status }, q.oldestAgeSeconds);
	});
	fromDb('lunas_whatsapp_messages', 'WhatsApp outbox messages by status (queued: waiting; dead: gave up; unsure: held for a person).', ['status'], (g, r) => {
		for (const m of r.whatsapp) g.set({ status: m.status }, m.count);
	});
	fromDb('lunas_whatsapp_queued_overdue_seconds', 'How long the most overdue queued WhatsApp message has been due (0 when none).', [], (g, r) => {
		g.set(r.whatsapp.find((m) => m.status === 'queued')?.overdueSeconds ?? 0);
	});
	fromDb('lunas_router_up', 'Each router as the monitor last found it: 1 up, 0 down, -1 not checked yet.', ['router'], (g, r) => {
		for (const x of r.routers) g.set({ router: x.name }, x.status === 'up' ? 1 : x.status === 'down' ? 0 : -1);
	});
	fromDb('lunas_router_last_seen_timestamp_seconds', 'When each router last answered the monitor (Unix time).', ['router'], (g, r) => {
		for (const x of r.routers) if (x.lastSeenAt) g.set({ router: x.name }, x.lastSeenAt.getTime() / 1000);
	});
	fromDb('lunas_task_last_success_timestamp_seconds', 'When the last successful run of each daily task (billing, overdue, backup) finished.', ['task'], (g, r) => {
		for (const t of r.tasks) if (t.lastSuccessAt) g.set({ task: t.task }, t.lastSuccessAt.getTime() / 1000);
	});
	fromDb('lunas_task_last_duration_seconds', 'How long the last successful run of each task took.', ['task'], (g, r) => {
		for (const t of r.tasks) if (t.lastDurationSeconds !== null) g.set({ task: t.task }, t.lastDurationSeconds);
	});
	fromDb('lunas_task_last_failed', '1 when the most recent run of the task failed.', ['task'], (g, r) => {
		for (const t of r.tasks) g.set({ task: t.task }, t.lastStatus === 'failed' ? 1 : 0);
	});
	fromDb('lunas_backup_age_seconds', 'Seconds since the last successful backup finished (absent when there has been none).', [], (g, r) => {
		const b = r.tasks.find((t) => t.task === 'backup');
		if (b?.lastSuccessAt) g.set(Math.max(0, (r.at.getTime() - b.lastSuccessAt.getTime()) / 1000));
	});
	fromDb('lunas_backup_size_bytes', 'Size of the last successful backup file (compressed and encrypted).', [], (g, r) => {
		const bytes = Number(r.tasks.find((t) => t.task === 'backup')?.lastProgress?.bytes);
		if (Number.isFinite(bytes)) g.set(bytes);
	});
	fromDb('lunas_sync_rejected_unreviewed', 'Operations from phones that were refused and not yet reviewed by the office.', [], (g, r) => {
		g.set(r.syncRejectedUnreviewed);
	});

	return { registry, httpDuration, syncPushes, syncOperations };
}

/** "2xx", "4xx"…: the status class keeps the label set small. */
export function statusClass(status: number): string {
	return `${Math.floor(status / 100)}xx`;
}

/** Counts one answered push by the answers it gave. */
export function countSyncPush(metrics: LunasMetrics, output: PushOutput): void {
	metrics.syncPushes.inc();
	const counts = new Map<string, number>();
	for (const r of output.results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
	for (const [status, n] of counts) metrics.syncOperations.inc({ status }, n);
}
