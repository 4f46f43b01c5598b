/**
 * The phone's sync engine against a real IndexedDB (fake-indexeddb, the same Dexie schema) and a
 * small in-memory server that keeps the contract of src/lib/shared/sync: stored results per opId,
 * answers in seq order, stops at `retry`, pages by version. The real server is exercised by the
 * e2e test (tests/e2e/offline.spec.ts); here the edge cases are driven one by one.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import { randomUUID } from 'node:crypto';
import type { PushInput, PushOpResult, PushOutput, SyncOperation } from '$lib/shared/sync/operations';
import type { PullOutput, PulledRows, PulledTable } from '$lib/shared/sync/rows';
import { getMeta, openOfflineDb, type OfflineDb } from './db';
import { SyncEngine, type SyncTransport } from './engine';
import { enqueueOperation } from './outbox';

type Row = { id: string; version: number };
type Decision = 'applied' | 'rejected' | 'retry';

/** A server double that honours the sync contract. */
class ContractServer implements SyncTransport {
	rows: Record<PulledTable, Row[]> = { areas: [], packages: [], customers: [], subscriptions: [], invoices: [], payments: [], handovers: [] };
	deletions: Array<{ table: PulledTable; id: string; version: number }> = [];
	stored = new Map<string, PushOpResult>();
	applied: SyncOperation[] = [];
	pushes: number[][] = [];
	pulls: number[] = [];
	decide: (op: SyncOperation, seq: number) => Decision = () => 'applied';
	/** Commit, then lose the reply (the phone sees a network error). */
	loseNextReply = false;
	failWith: Error | null = null;
	resetOnce = false;
	pageSize = 2;
	/** Runs once at the next pull (e.g. the technician queues something mid-sync). */
	beforePull: (() => Promise<void>) | null = null;

	put(table: PulledTable, row: Row) {
		this.rows[table] = [...this.rows[table].filter((r) => r.id !== row.id), row];
	}

	async push(input: PushInput): Promise<PushOutput> {
		if (this.failWith) throw this.failWith;
		this.pushes.push(input.operations.map((o) => o.seq));
		const results: PushOpResult[] = [];
		for (const { seq, opId, op } of input.operations) {
			const known = this.stored.get(opId);
			if (known) {
				results.push(known);
				continue;
			}
			const status = this.decide(op, seq);
			const result: PushOpResult =
				status === 'rejected' ? { seq, opId, status, error: { key: 'sync.rejected.outsideArea' } } : { seq, opId, status, result: status === 'applied' ? { ok: true } : undefined };
			results.push(result);
			if (status === 'retry') break;
			this.stored.set(opId, result);
			if (status === 'applied') this.applied.push(op);
		}
		if (this.loseNextReply) {
			this.loseNextReply = false;
			throw new TRPCClientError('fetch failed', { cause: new TypeError('fetch failed') });
		}
		return { results, lastAppliedSeq: Math.max(0, ...[...this.stored.values()].map((r) => r.seq)) };
	}

	async pull(input: { deviceId: string; cursor: number; limit: number }): Promise<PullOutput> {
		if (this.failWith) throw this.failWith;
		const hook = this.beforePull;
		this.beforePull = null;
		await hook?.();
		this.pulls.push(input.cursor);
		const reset = this.resetOnce && input.cursor > 0;
		if (reset) this.resetOnce = false;
		const changes = [
			...Object.entries(this.rows).flatMap(([table, rows]) => rows.map((row) => ({ table: table as PulledTable, row, version: row.version }))),
			...this.deletions.map((d) => ({ table: d.table, row: null, id: d.id, version: d.version }))
		]
			.filter((c) => c.version > (reset ? 0 : input.cursor))
			.sort((a, b) => a.version - b.version);
		const page = changes.slice(0, this.pageSize);
		const rows = Object.fromEntries(Object.keys(this.rows).map((t) => [t, []])) as unknown as PulledRows;
		const deletions: PullOutput['deletions'] = [];
		for (const c of page) {
			if (c.row) (rows[c.table] as Row[]).push(c.row);
			else deletions.push({ table: c.table, id: (c as { id: string }).id });
		}
		return {
			rows,
			deletions,
			cursor: page.length ? page[page.length - 1].version : input.cursor,
			more: changes.length > page.length,
			reset,
			offlineUntil: '2030-01-01T00:00:00.000Z',
			user: { id: 'u1', name: 'Dimas', username: 'technician' },
			isp: { name: 'Teluk Net', receiptTemplate: 'Terima kasih {nama}.' },
			cashOwed: 0
		};
	}
}

const customerId = randomUUID();
const invoiceId = randomUUID();
let version = 0;
const customer = (over: object = {}) => ({
	id: customerId,
	code: 'C0001',
	name: 'Bu Sari',
	phone: null,
	address: 'Jl. Mawar 1',
	areaId: 'a1',
	latitude: null,
	longitude: null,
	status: 'active',
	creditBalance: 0,
	notes: null,
	version: ++version,
	...over
});
const invoice = (over: object = {}) => ({
	id: invoiceId,
	number: 'INV-1',
	subscriptionId: 's1',
	customerId,
	periodStart: '2026-11-01',
	periodEnd: '2026-11-30',
	amount: 150000,
	amountPaid: 0,
	dueDate: '2026-11-10',
	status: 'unpaid',
	payToken: 'tok',
	version: ++version,
	...over
});
const cash = (amount: number): SyncOperation => ({
	type: 'cash-payment',
	paymentId: randomUUID(),
	customerId,
	invoiceId,
	amount,
	receivedAt: new Date().toISOString()
});

let db: OfflineDb;
let server: ContractServer;
let engine: SyncEngine;

beforeEach(async () => {
	db = openOfflineDb(`engine-spec-${randomUUID()}`);
	server = new ContractServer();
	engine = new SyncEngine(db, server);
	server.put('customers', customer());
	server.put('invoices', invoice());
});

afterEach(async () => {
	engine.dispose();
	await db.delete();
});

const statuses = async () => (await db.outbox.orderBy('seq').toArray()).map((e) => e.status);

describe('push', () => {
	it('sends queued operations in seq order and marks them applied', async () => {
		expect(await engine.sync()).toBe('synced');
		for (const amount of [10000, 20000, 30000]) await enqueueOperation(cash(amount), db);
		expect(await engine.sync()).toBe('synced');
		expect(server.pushes).toEqual([[1, 2, 3]]);
		expect(server.applied.map((op) => (op as { amount: number }).amount)).toEqual([10000, 20000, 30000]);
		expect(await statuses()).toEqual(['applied', 'applied', 'applied']);
		expect(await getMeta(db, 'lastSyncAt')).toBeTruthy();
		expect(await getMeta(db, 'lastError')).toBeNull();
		expect(await getMeta(db, 'deviceId')).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('keeps a rejected operation with its reason, undoes its local effect, and still sends the later ones', async () => {
		await engine.sync();
		const ops = [cash(10000), cash(20000), cash(30000)];
		server.decide = (op) => (op === ops[1] || (op as { paymentId: string }).paymentId === (ops[1] as { paymentId: string }).paymentId ? 'rejected' : 'applied');
		for (const op of ops) await enqueueOperation(op, db);
		expect((await db.invoices.get(invoiceId))?.amountPaid).toBe(60000);

		expect(await engine.sync()).toBe('synced');
		expect(await statuses()).toEqual(['applied', 'rejected', 'applied']);
		const rejected = await db.outbox.get(2);
		expect(rejected?.error).toEqual({ key: 'sync.rejected.outsideArea' });
		// The server never took the 20,000: the phone stops showing it.
		expect(await db.payments.get((ops[1] as { paymentId: string }).paymentId)).toBeUndefined();
		expect((await db.invoices.get(invoiceId))?.amountPaid).toBe(40000);
	});

	it('stops at the first retry, keeps order, and sends the rest on the next sync', async () => {
		await engine.sync();
		let busy = true;
		server.decide = (_op, seq) => (seq === 2 && busy ? 'retry' : 'applied');
		for (const amount of [10000, 20000, 30000]) await enqueueOperation(cash(amount), db);

		expect(await engine.sync()).toBe('retry');
		expect(await statuses()).toEqual(['applied', 'pending', 'pending']);
		expect(engine.current.retryAt).toBeGreaterThan(Date.now());
		expect(await getMeta(db, 'lastError')).toEqual({ key: 'offline.error.retry' });

		busy = false;
		expect(await engine.sync()).toBe('synced');
		expect(server.pushes).toEqual([[1, 2, 3], [2, 3]]);
		expect(await statuses()).toEqual(['applied', 'applied', 'applied']);
		expect(engine.current.retryAt).toBeNull();
	});

	it('resends after a lost reply and the server applies each operation once', async () => {
		await engine.sync();
		for (const amount of [10000, 20000, 30000]) await enqueueOperation(cash(amount), db);
		server.loseNextReply = true;
		expect(await engine.sync()).toBe('offline');
		expect(await statuses()).toEqual(['pending', 'pending', 'pending']);

		expect(await engine.sync()).toBe('synced');
		expect(server.pushes).toEqual([[1, 2, 3], [1, 2, 3]]);
		expect(server.applied).toHaveLength(3);
		expect(await statuses()).toEqual(['applied', 'applied', 'applied']);
		expect((await db.outbox.get(1))?.attempts).toBe(2);
	});

	it('sends at most 500 operations per request', async () => {
		await engine.sync();
		await db.transaction('rw', db.outbox, db.meta, async () => {
			for (let seq = 1; seq <= 1200; seq++) {
				await db.outbox.add({ seq, opId: randomUUID(), op: cash(1000), createdAt: new Date().toISOString(), status: 'pending', attempts: 0 });
			}
			await db.meta.put({ key: 'nextSeq', value: 1201 });
		});
		expect(await engine.sync()).toBe('synced');
		expect(server.pushes.map((p) => p.length)).toEqual([500, 500, 200]);
		expect(server.pushes.flat()).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
	});
});

describe('pull', () => {
	it('pulls every page, applies deletions, and remembers the cursor', async () => {
		const other = randomUUID();
		server.put('customers', { ...customer(), id: other, version: ++version } as Row);
		server.put('areas', { id: 'a1', name: 'Teluk', version: ++version } as Row);
		expect(await engine.sync()).toBe('synced');
		// Four rows in pages of two: from 0, then from the first page's cursor.
		expect(server.pulls).toHaveLength(2);
		expect(server.pulls[0]).toBe(0);
		expect(await db.customers.count()).toBe(2);
		expect(await getMeta(db, 'cursor')).toBe(version);
		expect(await getMeta(db, 'user')).toEqual({ id: 'u1', name: 'Dimas', username: 'technician' });
		expect(await getMeta(db, 'isp')).toEqual({ name: 'Teluk Net', receiptTemplate: 'Terima kasih {nama}.' });

		const cursor = await getMeta(db, 'cursor');
		server.deletions.push({ table: 'customers', id: other, version: ++version });
		await engine.sync();
		expect(await db.customers.get(other)).toBeUndefined();
		expect(server.pulls.at(-1)).toBe(cursor);
		expect(await getMeta(db, 'cursor')).toBe(version);
	});

	it('shows an operation queued during the sync on top of the pulled rows', async () => {
		await engine.sync();
		const op = cash(50000);
		// The technician records cash while the phone is between push and pull.
		server.beforePull = () => enqueueOperation(op, db).then(() => undefined);
		// Meanwhile the office took 60,000 online; the pull brings the new invoice row.
		server.put('invoices', invoice({ amountPaid: 60000, status: 'partial' }));
		expect(await engine.sync()).toBe('synced');
		expect(await statuses()).toEqual(['pending']);
		expect((await db.invoices.get(invoiceId))?.amountPaid).toBe(110000);
		expect(await db.payments.get((op as { paymentId: string }).paymentId)).toMatchObject({ pending: true, amount: 50000 });

		// Once applied, the server's rows (which include it) replace the phone's guess.
		server.put('invoices', invoice({ amountPaid: 110000, status: 'partial' }));
		server.put('payments', { id: (op as { paymentId: string }).paymentId, customerId, invoiceId, amount: 50000, method: 'cash', receivedAt: new Date().toISOString(), receiptNumber: 'R-1', collectedBy: 'u1', voided: false, version: ++version } as Row);
		expect(await engine.sync()).toBe('synced');
		expect(await statuses()).toEqual(['applied']);
		const shown = await db.invoices.get(invoiceId);
		expect(shown?.amountPaid).toBe(110000);
		expect(shown?.localOps).toBeUndefined();
		expect(await db.payments.get((op as { paymentId: string }).paymentId)).toMatchObject({ receiptNumber: 'R-1' });
	});

	it('wipes the pulled rows on reset, keeps the outbox, and pulls again from 0', async () => {
		await engine.sync();
		await enqueueOperation(cash(10000), db);
		await engine.sync();
		const gone = randomUUID();
		await db.customers.put({ ...customer(), id: gone } as never);
		server.put('areas', { id: 'a2', name: 'Baru', version: ++version } as Row);
		server.resetOnce = true;
		server.beforePull = () => enqueueOperation(cash(20000), db).then(() => undefined);
		const cursor = await getMeta(db, 'cursor');
		const pullsBefore = server.pulls.length;

		await engine.sync();
		// Asked from its cursor, told to reset, asked again from 0.
		expect(server.pulls.slice(pullsBefore, pullsBefore + 2)).toEqual([cursor, 0]);
		expect(await db.customers.get(gone)).toBeUndefined();
		expect(await db.customers.get(customerId)).toBeTruthy();
		expect(await db.areas.get('a2')).toBeTruthy();
		expect(await statuses()).toEqual(['applied', 'pending']);
		// Fresh server row (amountPaid 0 in this double) + the still-queued 20,000.
		expect((await db.invoices.get(invoiceId))?.amountPaid).toBe(20000);
	});
});

describe('account refused', () => {
	it('stops syncing on UNAUTHORIZED, keeps the outbox, and resumes after signing in again', async () => {
		await engine.sync();
		await enqueueOperation(cash(10000), db);
		server.failWith = new TRPCClientError('Silakan masuk lagi.', { result: { error: { message: 'x', code: -32001, data: { code: 'UNAUTHORIZED' } } } as never });
		expect(await engine.sync()).toBe('auth');
		expect(await getMeta(db, 'authProblem')).toBe('unauthorized');
		expect(await statuses()).toEqual(['pending']);

		server.failWith = null;
		const callsBefore = server.pulls.length;
		expect(await engine.sync()).toBe('auth');
		expect(server.pulls.length).toBe(callsBefore);

		await engine.resume();
		expect(await engine.sync()).toBe('synced');
		expect(await statuses()).toEqual(['applied']);
	});

	it('shows the server’s reason on FORBIDDEN (account disabled)', async () => {
		await enqueueOperation(cash(10000), db);
		server.failWith = new TRPCClientError('Akun ini dinonaktifkan.', { result: { error: { message: 'x', code: -32003, data: { code: 'FORBIDDEN' } } } as never });
		expect(await engine.sync()).toBe('auth');
		expect(await getMeta(db, 'authProblem')).toBe('forbidden');
		expect(await getMeta(db, 'lastError')).toEqual({ key: 'offline.error.forbidden', params: { message: 'Akun ini dinonaktifkan.' } });
		expect(await statuses()).toEqual(['pending']);
	});
});

describe('one sync at a time', () => {
	it('runs requests made during a sync as one more sync, not in parallel', async () => {
		await engine.sync();
		await enqueueOperation(cash(10000), db);
		const first = engine.sync();
		await enqueueOperation(cash(20000), db);
		const second = engine.sync();
		const third = engine.sync();
		expect(await first).toBe('synced');
		expect(await second).toBe('synced');
		expect(await third).toBe('synced');
		expect(server.pushes.flat()).toEqual([1, 2]);
		expect(await statuses()).toEqual(['applied', 'applied']);
	});
});
