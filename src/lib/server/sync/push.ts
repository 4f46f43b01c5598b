/**
 * sync.push: a phone's queued operations, applied in sequence order, each together with its
 * stored result and the device's last applied sequence (DESIGN §7).
 *
 * - A resent operation (same device + seq, or same opId) answers its stored result and changes
 *   nothing; so does a push whose reply was lost.
 * - A business-rule refusal is stored as `rejected` with an i18n key and never blocks later ones.
 * - A gap in the sequence, or anything temporary (deadlock, lock wait, lost connection), answers
 *   `retry` for the rest of the batch: the phone keeps its order and tries again later.
 * - Two pushes of one device at once cannot both apply an operation: a transaction takes the sync
 *   version first (the global writer lock order), then locks the device row and re-reads its
 *   sequence under that lock.
 *
 * Each operation runs in its own savepoint, and consecutive operations share one transaction up to
 * GROUP_MAX_OPS / GROUP_MAX_MS. Why: a commit waits for the redo log to reach the disk, and that
 * wait — not the SQL — dominated a 1,000-operation sync (21 ms per commit on the test machine, so
 * 1,000 commits alone took 21 s). Atomicity per operation is unchanged: an operation's rows and its
 * stored answer commit together or not at all, and the answer is only sent after the commit. The
 * budget keeps the version lock, which every writer queues on, held no longer than a billing batch.
 *
 * Consecutive cash payments — most of a collector's queue — are applied as one set in one
 * savepoint (applyCashPayments): ~15 statements per payment one by one made 1,000 payments take
 * 9 s. The set decides every refusal before its first write, so the guarantee above still holds
 * per operation; if the set itself fails for anything but a temporary reason, its operations are
 * applied one by one, each in its own savepoint, so one bad operation is refused, not retried forever.
 *
 * Nothing one operation carries may hold the queue up (hardening, issue #12):
 * - each operation is checked against its schema here, one by one (`checkOperation`): one the
 *   schema refuses — a wrong field, text the database cannot store — is stored as rejected naming
 *   the field, and the ones after it go on;
 * - an operation that fails for a reason nobody classified (neither a rule nor temporary) is
 *   counted in `sync_op_failures`; at MAX_FAILED_ATTEMPTS it is stored as rejected
 *   (`sync.rejected.failedRepeatedly`) without being tried again, and the push goes on at once;
 * - an operation id already stored is only "the same operation" when it came from this device
 *   with the same content; otherwise it is refused as a conflict, and nothing of the stored one
 *   (receipt, allocations) is answered.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import type { Db } from '../db/index';
import { syncOps } from '../db/schema';
import { nextVersion } from '../db/version';
import { log } from '../log';
import type { SubscriptionContext } from '../billing/subscriptions';
import type { Actor } from '../trpc/actor';
import type { Translator } from '../../shared/i18n/index';
import type { PushEnvelope, PushOpResult, PushOutput } from '../../shared/sync/operations';
import { applyOperation } from './appliers/index';
import { applyCashPayments, type CashPaymentOp } from './appliers/cash-payment';
import { isTemporary, rejectionOf, type SyncErrorKey } from './errors';
import { checkOperation, sameContent, type CheckedOp } from './check-operation';
import { deviceOf } from './devices';
import type { Rows } from '../db/raw-sql';

type QueuedOp = CheckedOp;

/** Attempts an operation may fail for an unclassified reason before it is stored as rejected. */
export const MAX_FAILED_ATTEMPTS = 3;

/** An operation failed for a reason nobody classified; the push counts it against that operation. */
class OperationFailed extends Error {
	constructor(
		readonly queued: QueuedOp,
		readonly reason: unknown
	) {
		super('operation failed', { cause: reason });
		this.name = 'OperationFailed';
	}
}

export interface PushContext {
	/** Its translator must return i18n keys (see keyTranslator): stored reasons are keys. */
	actor: Actor;
	/** The caller's language, for errors about the whole push. */
	t: Translator;
	areaIds: string[] | null;
	ledger: SubscriptionContext;
	now?: Date;
	/** Limits of one transaction (GROUP_MAX_OPS / GROUP_MAX_MS); 1 op = a transaction per operation. */
	groupMaxOps?: number;
	groupMaxMs?: number;
}

interface StoredOp {
	deviceId: string;
	seq: number;
	opId: string;
	status: 'applied' | 'rejected';
	result: Record<string, unknown> | null;
	error: string | null;
	payload?: unknown;
}

/** The answer to an operation id another device (or other content) already holds: refused, nothing of it told. */
function conflictOf(stored: StoredOp): StoredOp {
	return { ...stored, status: 'rejected', result: null, error: 'sync.rejected.idConflict', payload: undefined };
}

/** A translator for services running under sync: it answers the key, which the phone translates. */
export const keyTranslator = ((key: string) => key) as Actor['t'];

function answerOf(stored: StoredOp, seq: number, opId: string): PushOpResult {
	if (stored.status === 'applied') return { seq, opId, status: 'applied', result: stored.result ?? {} };
	const { errorParams, ...result } = stored.result ?? {};
	return {
		seq,
		opId,
		status: 'rejected',
		result,
		error: { key: stored.error ?? 'sync.rejected.invalid', params: errorParams as SyncErrorKey['params'] }
	};
}

async function storedOps(db: Db, deviceId: string, ops: Array<Pick<QueuedOp, 'seq' | 'opId'>>): Promise<{ bySeq: Map<number, StoredOp>; byOpId: Map<string, StoredOp> }> {
	const bySeq = new Map<number, StoredOp>();
	const byOpId = new Map<string, StoredOp>();
	if (ops.length === 0) return { bySeq, byOpId };
	const columns = { deviceId: syncOps.deviceId, seq: syncOps.seq, opId: syncOps.opId, status: syncOps.status, result: syncOps.result, error: syncOps.error };
	// Two lookups, each on its own key (primary and sync_ops_op_uq): an OR of both would scan the table.
	const [bySeqRows, byOpRows] = await Promise.all([
		db.select(columns).from(syncOps).where(and(eq(syncOps.deviceId, deviceId), inArray(syncOps.seq, ops.map((o) => o.seq)))),
		db.select({ ...columns, payload: syncOps.payload }).from(syncOps).where(inArray(syncOps.opId, ops.map((o) => o.opId)))
	]);
	const rows = [...bySeqRows, ...byOpRows];
	for (const r of rows as StoredOp[]) {
		if (r.deviceId === deviceId) bySeq.set(r.seq, r);
		byOpId.set(r.opId, r);
	}
	return { bySeq, byOpId };
}

/** How many operations one transaction may carry, and for how long it may hold the version lock. */
export const GROUP_MAX_OPS = 200;
export const GROUP_MAX_MS = 250;

/** The cash payments from `ops[from]` that follow one another in sequence: applied as one set. */
function cashPaymentRun(ops: QueuedOp[], from: number, max: number, adopted: Map<string, StoredOp>, failures: Map<string, number>): QueuedOp[] {
	const run: QueuedOp[] = [];
	const opIds = new Set<string>();
	for (let k = from; k < ops.length && run.length < max; k++) {
		const q = ops[k];
		if (q.op?.type !== 'cash-payment' || q.seq !== ops[from].seq + run.length || adopted.has(q.opId) || opIds.has(q.opId) || givenUp(failures, q)) break;
		run.push(q);
		opIds.add(q.opId);
	}
	return run;
}

type GroupOutcome = { answers: PushOpResult[]; lastAppliedSeq: number; stop: 'gap' | null };

/** Whether an operation failed often enough, for no reason anyone classified, to be refused untried. */
function givenUp(failures: Map<string, number>, q: QueuedOp): boolean {
	return (failures.get(q.opId) ?? 0) >= MAX_FAILED_ATTEMPTS;
}

/** Failure counts of these operations so far (sync_op_failures). */
async function failureCounts(db: Db, deviceId: string, ops: QueuedOp[]): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	if (ops.length === 0) return counts;
	const [rows] = (await db.execute(
		sql`SELECT op_id, attempts FROM sync_op_failures WHERE device_id = ${deviceId} AND op_id IN (${sql.join(ops.map((o) => sql`${o.opId}`), sql`, `)})`
	)) as unknown as Rows<{ op_id: string; attempts: number | string }>;
	for (const r of rows) counts.set(r.op_id, Number(r.attempts));
	return counts;
}

/** Counts one more unclassified failure of an operation (its own statement: the push's transaction was rolled back). */
async function noteFailure(db: Db, deviceId: string, queued: QueuedOp, reason: unknown): Promise<number> {
	// The driver's own words (the innermost cause), not the ORM's "Failed query" with its parameters.
	let inner = reason;
	for (let depth = 0; depth < 4 && inner instanceof Error && inner.cause !== undefined; depth++) inner = inner.cause;
	const code = (inner as { code?: unknown } | null)?.code;
	const words = `${typeof code === 'string' ? `${code}: ` : ''}${inner instanceof Error ? inner.message : String(inner)}`;
	const message = words.toWellFormed().replace(/[\u0000-\u001F\u007F-\u009F]/g, ' ').slice(0, 500);
	const now = new Date();
	await db.execute(sql`
		INSERT INTO sync_op_failures (device_id, op_id, seq, attempts, last_error, last_failed_at)
		VALUES (${deviceId}, ${queued.opId}, ${queued.seq}, 1, ${message}, ${now})
		ON DUPLICATE KEY UPDATE attempts = attempts + 1, seq = VALUES(seq), last_error = VALUES(last_error), last_failed_at = VALUES(last_failed_at)`);
	const [rows] = (await db.execute(
		sql`SELECT attempts FROM sync_op_failures WHERE device_id = ${deviceId} AND op_id = ${queued.opId}`
	)) as unknown as Rows<{ attempts: number | string }>;
	return Number(rows[0]?.attempts ?? 1);
}

/**
 * Applies consecutive operations from `ops[0]` in one transaction, each inside its own savepoint
 * together with its stored answer, until the group's size or time budget is spent. A refusal
 * rolls back to that operation's savepoint only; anything temporary rolls the whole group back
 * (nothing of it was answered yet) and the phone retries from its first operation.
 */
async function applyGroup(
	db: Db,
	deviceId: string,
	ops: QueuedOp[],
	adopted: Map<string, StoredOp>,
	failures: Map<string, number>,
	ctx: PushContext
): Promise<GroupOutcome> {
	const maxOps = ctx.groupMaxOps ?? GROUP_MAX_OPS;
	const maxMs = ctx.groupMaxMs ?? GROUP_MAX_MS;
	return db.transaction(async (tx): Promise<GroupOutcome> => {
		const started = performance.now();
		// The version first (the lock order of every writer), then the device: a second push of the
		// same device waits here and then sees what this one applied.
		const version = await nextVersion(tx);
		const [devices] = (await tx.execute(
			sql`SELECT last_applied_seq FROM sync_devices WHERE id = ${deviceId} FOR UPDATE`
		)) as unknown as Rows<{ last_applied_seq: number | string }>;
		const lockedLast = Number(devices[0]?.last_applied_seq ?? 0);
		let last = lockedLast;
		const answers: PushOpResult[] = [];
		const rows: Array<typeof syncOps.$inferInsert> = [];
		const rowOps: QueuedOp[] = [];
		let stop: GroupOutcome['stop'] = null;

		const applyCtx = (sp: typeof tx) => ({ tx: sp, version, actor: ctx.actor, deviceId, areaIds: ctx.areaIds, ledger: ctx.ledger, now: ctx.now ?? new Date() });
		const settle = (queued: QueuedOp, result: Record<string, unknown>, error: SyncErrorKey | null) => {
			const { seq, opId } = queued;
			rows.push({ deviceId, seq, opId, type: queued.type, payload: queued.payload, status: error ? 'rejected' : 'applied', result, error: error?.key ?? null });
			rowOps.push(queued);
			answers.push(error ? { seq, opId, status: 'rejected', result: {}, error } : { seq, opId, status: 'applied', result });
			last = seq;
		};

		for (let n = 0; n < ops.length; ) {
			if (answers.length >= maxOps || (answers.length > 0 && performance.now() - started > maxMs)) break;
			const queued = ops[n];
			const { seq, opId, op } = queued;
			if (seq <= last) {
				// Another push of this device got here first: answer what it stored.
				const { bySeq, byOpId } = await storedOps(tx as unknown as Db, deviceId, [queued]);
				const stored = bySeq.get(seq) ?? byOpId.get(opId);
				answers.push(stored && stored.opId === opId && stored.deviceId === deviceId ? answerOf(stored, seq, opId) : { seq, opId, status: 'rejected', error: { key: 'sync.rejected.seqReused' } });
				n++;
				continue;
			}
			if (seq > last + 1) {
				stop = 'gap';
				break;
			}
			const sameOp = adopted.get(opId);
			if (sameOp) {
				// The phone queued one operation twice: it answers as the first time, and the sequence moves on.
				answers.push(answerOf(sameOp, seq, opId));
				last = seq;
				n++;
				continue;
			}
			if (!op || givenUp(failures, queued)) {
				// Refused by its schema, or failed too often for a reason nobody classified: stored as
				// rejected, and the queue goes on.
				const error = queued.refused ?? { key: 'sync.rejected.failedRepeatedly' };
				settle(queued, error.params ? { errorParams: error.params } : {}, error);
				n++;
				continue;
			}
			const run = cashPaymentRun(ops, n, maxOps - answers.length, adopted, failures);
			if (run.length > 1) {
				// In a savepoint: should the set fail for a reason of its own (a duplicate key one
				// operation causes), its operations are tried one by one below, so that operation is
				// refused and stored instead of holding the queue up at every push.
				const ran = await tx
					.transaction((sp) => applyCashPayments(run.map((r) => r.op as CashPaymentOp), applyCtx(sp)))
					.catch((err: unknown) => {
						if (isTemporary(err)) throw err;
						log.warn({ err, deviceId, seq }, 'sync push: cash payments as a set failed; applying them one by one');
						return null;
					});
				if (ran) {
					ran.forEach((answer, k) => ('error' in answer ? settle(run[k], answer.error.params ? { errorParams: answer.error.params } : {}, answer.error) : settle(run[k], answer.result, null)));
					n += run.length;
					continue;
				}
			}
			let result: Record<string, unknown>;
			let error: SyncErrorKey | null = null;
			try {
				// A savepoint: a refused operation leaves nothing behind but its stored answer.
				result = await tx.transaction((sp) => applyOperation(op, applyCtx(sp)));
			} catch (err) {
				error = rejectionOf(err);
				if (!error) throw isTemporary(err) ? err : new OperationFailed(queued, err);
				result = error.params ? { errorParams: error.params } : {};
			}
			settle(queued, result, error);
			n++;
		}
		if (rows.length) await storeAnswers(tx as unknown as Db, rows, rowOps);
		if (last !== lockedLast) {
			const now = ctx.now ?? new Date();
			await tx.execute(sql`UPDATE sync_devices SET last_applied_seq = ${last}, last_push_at = ${now}, last_seen_at = ${now} WHERE id = ${deviceId}`);
		}
		return { answers, lastAppliedSeq: last, stop };
	});
}

/**
 * Stores the group's answers in one statement. Should that fail for a reason of its own, the rows
 * go one by one, each in a savepoint, so the one at fault is named and counted against its
 * operation instead of failing the whole group at every push.
 */
async function storeAnswers(tx: Db, rows: Array<typeof syncOps.$inferInsert>, rowOps: QueuedOp[]): Promise<void> {
	try {
		await tx.transaction((sp) => sp.insert(syncOps).values(rows));
		return;
	} catch (err) {
		if (isTemporary(err)) throw err;
		log.warn({ err }, 'sync push: storing the answers as a set failed; storing them one by one');
	}
	for (const [k, row] of rows.entries()) {
		try {
			await tx.transaction((sp) => sp.insert(syncOps).values(row));
		} catch (err) {
			if (isTemporary(err)) throw err;
			// A refusal that cannot even be stored is still answered (a resend is refused again);
			// counting it would only hold the queue up again.
			if (row.status === 'rejected') {
				log.warn({ err, seq: row.seq }, 'sync push: a refusal could not be stored; answered without it');
				continue;
			}
			throw new OperationFailed(rowOps[k], err);
		}
	}
}

export async function pushOperations(db: Db, input: PushEnvelope, ctx: PushContext): Promise<PushOutput> {
	const ops = [...input.operations].sort((a, b) => a.seq - b.seq).map(checkOperation);
	for (let i = 1; i < ops.length; i++) {
		if (ops[i].seq === ops[i - 1].seq) throw new TRPCError({ code: 'BAD_REQUEST', message: ctx.t('sync.duplicateSeq') });
	}
	const device = await deviceOf(db, input.deviceId, ctx.actor.userId, ctx.t);
	const { bySeq, byOpId } = await storedOps(db, input.deviceId, ops);
	// Operation ids already stored under another sequence: this phone queued one operation twice
	// (answered as the first time), or the id is another device's or holds other content — a
	// conflict, answered without a word of the stored operation's result.
	const adopted = new Map<string, StoredOp>();
	for (const q of ops) {
		const s = byOpId.get(q.opId);
		if (!s || (s.deviceId === input.deviceId && s.seq === q.seq)) continue;
		const same = s.deviceId === input.deviceId && q.op !== null && sameContent(s.payload, q.payload);
		adopted.set(q.opId, same ? s : conflictOf(s));
	}
	const failures = await failureCounts(db, input.deviceId, ops);
	/** Operations that reached MAX_FAILED_ATTEMPTS during this push: tried once more at once, as rejections. */
	const givenUpNow = new Set<string>();
	let last = device.lastAppliedSeq;
	const results: PushOpResult[] = [];

	let i = 0;
	while (i < ops.length) {
		const queued = ops[i];
		// Resends answer from what was read up front, without a transaction.
		const stored = bySeq.get(queued.seq);
		if (stored || (queued.seq <= last && adopted.has(queued.opId))) {
			const answer = stored
				? stored.opId === queued.opId && stored.deviceId === input.deviceId
					? answerOf(stored, queued.seq, queued.opId)
					: ({ seq: queued.seq, opId: queued.opId, status: 'rejected', error: { key: 'sync.rejected.seqReused' } } as PushOpResult)
				: answerOf(adopted.get(queued.opId)!, queued.seq, queued.opId);
			results.push(answer);
			i++;
			continue;
		}
		let outcome: GroupOutcome | null = null;
		if (queued.seq <= last + 1) {
			try {
				outcome = await applyGroup(db, input.deviceId, ops.slice(i), adopted, failures, ctx);
			} catch (err) {
				if (err instanceof OperationFailed && !isTemporary(err.reason)) {
					const { queued: failed, reason } = err;
					const attempts = await noteFailure(db, input.deviceId, failed, reason).catch((noteErr: unknown) => {
						log.warn({ err: noteErr, deviceId: input.deviceId, seq: failed.seq }, 'sync push: could not count a failed operation');
						return 0;
					});
					log.warn({ err: reason, deviceId: input.deviceId, seq: failed.seq, type: failed.type, attempts }, 'sync push: an operation failed for an unclassified reason');
					if (attempts >= MAX_FAILED_ATTEMPTS && !givenUpNow.has(failed.opId)) {
						// Refused from now on: apply the group again at once, so the rest of the queue goes on.
						failures.set(failed.opId, attempts);
						givenUpNow.add(failed.opId);
						continue;
					}
				} else {
					log.warn({ err, deviceId: input.deviceId, seq: queued.seq, type: queued.type }, 'sync push: operations not applied, answered retry');
				}
			}
		}
		if (outcome) {
			results.push(...outcome.answers);
			i += outcome.answers.length;
			last = Math.max(last, outcome.lastAppliedSeq);
		}
		if (!outcome || outcome.stop || outcome.answers.length === 0) {
			// A gap in the sequence, or the database could not take it now: the rest waits, in order.
			for (const rest of ops.slice(i)) results.push({ seq: rest.seq, opId: rest.opId, status: 'retry' });
			break;
		}
	}
	return { results, lastAppliedSeq: last };
}
