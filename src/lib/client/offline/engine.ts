/**
 * The phone's sync engine (DESIGN §7): push the outbox, then pull what changed. One sync runs at a
 * time; a request made while one runs queues exactly one more. Triggers are app start, the
 * `online` event, every new operation and a timer — never Background Sync (iOS has none).
 *
 * Push sends pending operations in seq order. `applied` and `rejected` answers are final and
 * stored on the entry (a rejection is shown, never blocks the next ones); the first `retry` stops
 * the push and the engine tries again with exponential backoff. A reply that never arrives is the
 * same as a retry: the server stored the results, so the resend returns them and changes nothing.
 *
 * Pull loops while the server says `more`, writing each page and then its cursor in one Dexie
 * transaction, so a page is either fully stored or not at all (the next page is fetched while
 * one is written). After the pull the effects of
 * still-pending operations are applied again on top of the server's rows.
 */
import { TRPCClientError } from '@trpc/client';
import type { PushInput, PushOutput } from '$lib/shared/sync/operations';
import type { PullOutput, PulledTable } from '$lib/shared/sync/rows';
import { newUuid } from '$lib/client/uuid';
import { getMeta, offlineDb, PULLED_TABLES, setMeta, type AuthProblem, type OfflineDb } from './db';
import { applyLocally } from './local-effects';
import { discardLocalEffects } from './discard';
import { outboxScope, pendingEntries } from './outbox';

export const PUSH_BATCH = 500;
export const PULL_PAGE = 2000;
export const SYNC_INTERVAL_MS = 60_000;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;

export interface SyncTransport {
	push(input: PushInput): Promise<PushOutput>;
	pull(input: { deviceId: string; cursor: number; limit: number }): Promise<PullOutput>;
}

/** What the sync bar shows besides what lives in Dexie. */
export interface EngineState {
	syncing: boolean;
	/** When the next automatic retry after a failure is due (ms since epoch), or null. */
	retryAt: number | null;
}

export type SyncOutcome = 'synced' | 'offline' | 'retry' | 'auth' | 'busy';

/** A server answer that will not change by retrying with this session. */
class AuthStop extends Error {
	constructor(
		readonly problem: AuthProblem,
		/** The server's own words (already in the user's language): disabled, another account's phone … */
		readonly serverMessage: string
	) {
		super(problem);
	}
}

/** The server asked to try again later (a `retry` result or an error worth retrying). */
class RetryLater extends Error {}

export class SyncEngine {
	private state: EngineState = { syncing: false, retryAt: null };
	private listeners = new Set<(state: EngineState) => void>();
	private running: Promise<SyncOutcome> | null = null;
	private again = false;
	private failures = 0;
	private retryTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly db: OfflineDb,
		private readonly transport: SyncTransport
	) {}

	get current(): EngineState {
		return this.state;
	}

	subscribe(listener: (state: EngineState) => void): () => void {
		this.listeners.add(listener);
		listener(this.state);
		return () => this.listeners.delete(listener);
	}

	private setState(patch: Partial<EngineState>) {
		this.state = { ...this.state, ...patch };
		for (const listener of this.listeners) listener(this.state);
	}

	/**
	 * Runs one sync, or — if one is running — makes sure another follows it, and resolves with the
	 * outcome of the last one.
	 */
	sync(): Promise<SyncOutcome> {
		if (this.running) {
			this.again = true;
			return this.running;
		}
		this.running = (async () => {
			let outcome: SyncOutcome;
			do {
				this.again = false;
				outcome = await this.runOnce();
			} while (this.again && outcome === 'synced');
			return outcome;
		})().finally(() => {
			this.running = null;
		});
		return this.running;
	}

	/** Waits for the running sync, if any (tests and the bench use it). */
	async idle(): Promise<void> {
		while (this.running) await this.running.catch(() => undefined);
	}

	private async runOnce(): Promise<SyncOutcome> {
		if ((await getMeta(this.db, 'authProblem')) != null) return 'auth';
		// No network: nothing to try; the `online` event starts the next sync.
		if (typeof navigator !== 'undefined' && navigator.onLine === false) return 'offline';
		this.clearRetry();
		this.setState({ syncing: true });
		try {
			const deviceId = await ensureDeviceId(this.db);
			await this.push(deviceId);
			await this.pull(deviceId);
			await this.db.transaction('rw', this.db.meta, async () => {
				await setMeta(this.db, 'lastSyncAt', new Date().toISOString());
				await setMeta(this.db, 'lastError', null);
			});
			this.failures = 0;
			return 'synced';
		} catch (err) {
			if (err instanceof AuthStop) {
				await setMeta(this.db, 'authProblem', err.problem);
				await setMeta(this.db, 'lastError', { key: `offline.error.${err.problem}`, params: { message: err.serverMessage } });
				return 'auth';
			}
			const offline = isNetworkFailure(err);
			await setMeta(this.db, 'lastError', offline ? { key: 'offline.error.network' } : describeFailure(err));
			this.scheduleRetry();
			return offline ? 'offline' : 'retry';
		} finally {
			this.setState({ syncing: false });
		}
	}

	private async push(deviceId: string): Promise<void> {
		for (;;) {
			const batch = await pendingEntries(this.db, PUSH_BATCH);
			if (batch.length === 0) return;
			await this.db.outbox.bulkUpdate(batch.map((e) => ({ key: e.seq, changes: { attempts: e.attempts + 1 } })));
			const out = await this.call(() =>
				this.transport.push({ deviceId, operations: batch.map((e) => ({ seq: e.seq, opId: e.opId, op: e.op })) })
			);
			const bySeq = new Map(batch.map((e) => [e.seq, e]));
			let settled = 0;
			let mustRetry = false;
			await this.db.transaction('rw', outboxScope(this.db), async () => {
				for (const result of out.results) {
					const entry = bySeq.get(result.seq);
					if (!entry || entry.opId !== result.opId) continue;
					if (result.status === 'retry') {
						mustRetry = true;
						break;
					}
					settled++;
					if (result.status === 'applied') {
						await this.db.outbox.update(entry.seq, { status: 'applied', result: result.result });
					} else {
						await this.db.outbox.update(entry.seq, { status: 'rejected', error: result.error ?? { key: 'offline.rejected.unknown' } });
						// The phone showed this operation's effects; the server will never have them.
						await discardLocalEffects(this.db, entry.op);
					}
				}
			});
			if (mustRetry || settled === 0) throw new RetryLater('push: server asked to retry');
			if (batch.length < PUSH_BATCH && settled === batch.length) return;
		}
	}

	private async pull(deviceId: string): Promise<void> {
		const fetchPage = (cursor: number) => {
			const page = this.call(() => this.transport.pull({ deviceId, cursor, limit: PULL_PAGE }));
			// Awaited below; this only keeps a failure while the previous page is stored from
			// counting as unhandled.
			page.catch(() => undefined);
			return { cursor, page };
		};
		let next = fetchPage((await getMeta(this.db, 'cursor')) ?? 0);
		let didReset = false;
		for (;;) {
			const { cursor, page: pending } = next;
			const page = await pending;
			if (page.reset && !didReset) {
				didReset = true;
				await this.wipePulledRows();
				// A page answered for an old cursor belongs to the old scope: start again from 0.
				if (cursor !== 0) {
					next = fetchPage(0);
					continue;
				}
			}
			// The next page travels while this one is written: pull time ≈ the slower of the two.
			const following = page.more ? fetchPage(page.cursor) : null;
			await this.storePage(page);
			if (!following) break;
			next = following;
		}
		await this.reapplyPending();
	}

	/** One page: rows, deletions, the cursor and the session facts, all or nothing. */
	private async storePage(page: PullOutput): Promise<void> {
		const db = this.db;
		await db.transaction('rw', [db.meta, ...PULLED_TABLES.map((name) => db[name])], async () => {
			for (const table of PULLED_TABLES) {
				const rows = page.rows[table];
				if (rows.length > 0) await db.table(table).bulkPut(rows);
			}
			const byTable = new Map<PulledTable, string[]>();
			for (const d of page.deletions) {
				const ids = byTable.get(d.table) ?? [];
				ids.push(d.id);
				byTable.set(d.table, ids);
			}
			for (const [table, ids] of byTable) await db[table].bulkDelete(ids);
			await setMeta(db, 'cursor', page.cursor);
			await setMeta(db, 'offlineUntil', page.offlineUntil);
			await setMeta(db, 'user', page.user);
			await setMeta(db, 'isp', page.isp);
			await setMeta(db, 'cashOwed', page.cashOwed);
		});
	}

	/** The areas changed: drop every pulled row (the outbox and the visit log stay). */
	private async wipePulledRows(): Promise<void> {
		const db = this.db;
		await db.transaction('rw', [db.meta, ...PULLED_TABLES.map((name) => db[name])], async () => {
			for (const table of PULLED_TABLES) await db[table].clear();
			await setMeta(db, 'cursor', 0);
		});
	}

	/** Server rows replaced local ones; show the still-queued operations on top of them again. */
	private async reapplyPending(): Promise<void> {
		const db = this.db;
		await db.transaction('rw', outboxScope(db), async () => {
			for (const entry of await pendingEntries(db)) await applyLocally(db, entry.op);
		});
	}

	/** Maps transport errors: no session / refused account stop syncing; the rest retry. */
	private async call<T>(fn: () => Promise<T>): Promise<T> {
		try {
			return await fn();
		} catch (err) {
			const code = err instanceof TRPCClientError ? (err.data as { code?: string } | undefined)?.code : undefined;
			if (code === 'UNAUTHORIZED') throw new AuthStop('unauthorized', (err as Error).message);
			if (code === 'FORBIDDEN') throw new AuthStop('forbidden', (err as Error).message);
			throw err;
		}
	}

	private scheduleRetry() {
		this.failures++;
		const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (this.failures - 1));
		this.setState({ retryAt: Date.now() + delay });
		this.retryTimer = setTimeout(() => {
			this.retryTimer = null;
			void this.sync();
		}, delay);
	}

	private clearRetry() {
		if (this.retryTimer) clearTimeout(this.retryTimer);
		this.retryTimer = null;
		if (this.state.retryAt !== null) this.setState({ retryAt: null });
	}

	/** Stops a pending backoff retry (page teardown, tests). */
	dispose(): void {
		this.clearRetry();
	}

	/** After the technician signs in again, syncing may resume. */
	async resume(): Promise<void> {
		await setMeta(this.db, 'authProblem', null);
		this.failures = 0;
	}
}

/** The device's id, made once and kept for the life of the install. */
export async function ensureDeviceId(db: OfflineDb): Promise<string> {
	return db.transaction('rw', db.meta, async () => {
		const existing = await getMeta(db, 'deviceId');
		if (existing) return existing;
		const id = newUuid();
		await setMeta(db, 'deviceId', id);
		return id;
	});
}

function isNetworkFailure(err: unknown): boolean {
	if (typeof navigator !== 'undefined' && navigator.onLine === false) return true;
	const cause = err instanceof TRPCClientError ? err.cause : err;
	// fetch() rejects with a TypeError when the request never got an HTTP answer.
	return cause instanceof TypeError || (err instanceof TRPCClientError && err.data === undefined && !err.shape);
}

function describeFailure(err: unknown): { key: string; params?: Record<string, string | number> } {
	if (err instanceof RetryLater) return { key: 'offline.error.retry' };
	const message = err instanceof Error ? err.message : String(err);
	return { key: 'offline.error.server', params: { message: message.slice(0, 200) } };
}

// The page's engine -------------------------------------------------------------------------------

let engine: SyncEngine | null = null;
let transportFactory: (() => Promise<SyncTransport>) | null = null;

/** The technician shell registers how to reach the server (tRPC) before starting the engine. */
export function setSyncTransport(factory: () => Promise<SyncTransport>): void {
	transportFactory = factory;
}

/** The page's one engine, created on first use. */
export async function syncEngine(): Promise<SyncEngine> {
	if (!engine) {
		if (!transportFactory) throw new Error('sync transport not set');
		const transport = await transportFactory();
		engine ??= new SyncEngine(offlineDb(), transport);
	}
	return engine;
}

/** Asks for a sync soon; does nothing outside the technician shell (no transport yet). */
export function requestSync(): void {
	if (!transportFactory) return;
	void syncEngine().then((e) => e.sync());
}

/** The "sync now" button: clears a standing backoff and runs at once. */
export async function syncNow(): Promise<SyncOutcome> {
	return (await syncEngine()).sync();
}
