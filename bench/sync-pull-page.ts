/**
 * The browser half of bench/sync-pull: bundled by bench/sync-pull.ts and run in Chromium. It uses
 * the phone's real sync engine and Dexie schema (src/lib/client/offline) against the bench
 * server's /api/trpc, and a baseline that fetches the same pages without storing them.
 */
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../src/lib/server/trpc/root';
import { openOfflineDb } from '../src/lib/client/offline/db';
import { PULL_PAGE, SyncEngine, type SyncTransport } from '../src/lib/client/offline/engine';

const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: '/api/trpc', transformer: superjson })] });
const transport: SyncTransport = {
	push: (input) => client.sync.push.mutate(input),
	pull: (input) => client.sync.pull.query(input)
};

export interface PullRun {
	ms: number;
	pages: number;
	rows: number;
	counts: Record<string, number>;
}

/** The same pages the engine asks for, parsed (superjson) but not stored. */
async function rawPull(): Promise<PullRun> {
	const deviceId = crypto.randomUUID();
	const started = performance.now();
	let cursor = 0;
	let pages = 0;
	let rows = 0;
	for (;;) {
		const page = await transport.pull({ deviceId, cursor, limit: PULL_PAGE });
		pages++;
		rows += Object.values(page.rows).reduce((s, r) => s + r.length, 0);
		cursor = page.cursor;
		if (!page.more) break;
	}
	return { ms: performance.now() - started, pages, rows, counts: {} };
}

/** The same pages written with bare IndexedDB (same stores and indexes, no Dexie): the floor. */
async function idbPull(): Promise<PullRun> {
	const schema = openOfflineDb('bench-schema-probe');
	const stores = schema.tables.map((t) => ({ name: t.name, key: t.schema.primKey.keyPath as string, indexes: t.schema.indexes.map((i) => i.name) }));
	const name = `bench-idb-${crypto.randomUUID()}`;
	const idb = await new Promise<IDBDatabase>((resolve, reject) => {
		const req = indexedDB.open(name, 1);
		req.onupgradeneeded = () => {
			for (const s of stores) {
				const store = req.result.createObjectStore(s.name, { keyPath: s.key });
				for (const index of s.indexes) store.createIndex(index, index);
			}
		};
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
	const deviceId = crypto.randomUUID();
	const started = performance.now();
	let cursor = 0;
	let pages = 0;
	let rows = 0;
	let next = transport.pull({ deviceId, cursor, limit: PULL_PAGE });
	for (;;) {
		const page = await next;
		pages++;
		const following = page.more ? transport.pull({ deviceId, cursor: page.cursor, limit: PULL_PAGE }) : null;
		await new Promise<void>((resolve, reject) => {
			const tx = idb.transaction([...Object.keys(page.rows), 'meta'], 'readwrite');
			for (const [table, list] of Object.entries(page.rows)) {
				const store = tx.objectStore(table);
				for (const row of list as object[]) store.put(row);
				rows += (list as object[]).length;
			}
			tx.objectStore('meta').put({ key: 'cursor', value: page.cursor });
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
		});
		cursor = page.cursor;
		if (!following) break;
		next = following;
	}
	const ms = performance.now() - started;
	idb.close();
	return { ms, pages, rows, counts: {} };
}

/** A first sync on an empty phone: the engine pulls every page into Dexie, then re-applies the (empty) outbox. */
async function dexiePull(): Promise<PullRun> {
	const db = openOfflineDb(`bench-${crypto.randomUUID()}`);
	await db.open();
	let pages = 0;
	const counting: SyncTransport = {
		push: transport.push,
		pull: async (input) => {
			pages++;
			return transport.pull(input);
		}
	};
	const engine = new SyncEngine(db, counting);
	const started = performance.now();
	const outcome = await engine.sync();
	const ms = performance.now() - started;
	if (outcome !== 'synced') throw new Error(`sync ended ${outcome}: ${JSON.stringify(await db.meta.get('lastError'))}`);
	const counts: Record<string, number> = {};
	for (const table of ['areas', 'packages', 'customers', 'subscriptions', 'invoices', 'payments', 'handovers'] as const) {
		counts[table] = await db[table].count();
	}
	db.close();
	return { ms, pages, rows: Object.values(counts).reduce((s, n) => s + n, 0), counts };
}

Object.assign(window, { rawPull, idbPull, dexiePull });
