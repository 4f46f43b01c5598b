/**
 * The outbox: every change a technician makes in the field is an operation queued here first
 * (DESIGN §7), shown on the phone at once through its local effects, and pushed by the engine in
 * seq order whenever there is a network.
 */
import { newUuid } from '$lib/client/uuid';
import type { SyncOperation } from '$lib/shared/sync/operations';
import { getMeta, offlineDb, PULLED_TABLES, setMeta, type OfflineDb, type OutboxEntry } from './db';
import { applyLocally } from './local-effects';
import { requestSync } from './engine';

/** The tables an operation's local effects may touch, plus the outbox and meta. */
export function outboxScope(db: OfflineDb) {
	return [db.outbox, db.meta, db.visits, ...PULLED_TABLES.map((name) => db[name])];
}

/**
 * Queues one operation and applies its local effects in the same transaction, so the phone never
 * shows a change that is not queued (or queues one it does not show). Offline this is all that
 * happens; online the engine pushes it right after.
 */
export async function enqueueOperation(op: SyncOperation, db: OfflineDb = offlineDb()): Promise<OutboxEntry> {
	const entry = await db.transaction('rw', outboxScope(db), async () => {
		const seq = (await getMeta(db, 'nextSeq')) ?? 1;
		const queued: OutboxEntry = {
			seq,
			opId: newUuid(),
			op,
			createdAt: new Date().toISOString(),
			status: 'pending',
			attempts: 0
		};
		await db.outbox.add(queued);
		await setMeta(db, 'nextSeq', seq + 1);
		await applyLocally(db, op);
		return queued;
	});
	requestSync();
	return entry;
}

/** Operations still waiting for the server, oldest first. */
export function pendingEntries(db: OfflineDb, limit?: number): Promise<OutboxEntry[]> {
	const query = db.outbox.where('status').equals('pending');
	return (limit ? query.limit(limit) : query).sortBy('seq');
}
