/** What the office reviews of technician sync: refused operations, and phones of disabled accounts. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { syncDevices, syncOps, users } from '../db/schema';
import { audit } from '../audit';
import { FieldValidationError } from '../trpc/trpc';
import type { Actor } from '../trpc/actor';
import type { reviewRejectedInput } from '../../shared/schemas/handovers';

export interface RejectedOpRow {
	deviceId: string;
	seq: number;
	opId: string;
	type: string;
	technicianName: string;
	technicianUsername: string;
	/** i18n key of the reason. */
	error: string;
	errorParams: Record<string, string | number> | null;
	summary: Record<string, string | number | null>;
	appliedAt: Date;
	/** Someone at the office dealt with it; null while it waits. */
	reviewedAt: Date | null;
	reviewedByName: string | null;
	reviewNote: string | null;
}

const scalar = (v: unknown): string | number | null => (typeof v === 'string' ? v.slice(0, 200) : typeof v === 'number' ? v : null);

/**
 * The few fields the office needs to recognise an operation; never a password. A refused
 * operation may be anything a phone sent (its schema refused it), so every field is read warily.
 */
export function summarise(payload: unknown): Record<string, string | number | null> {
	const op = (payload !== null && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
	const pick = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, scalar(op[k])]));
	switch (op.type) {
		case 'cash-payment':
			return pick('customerId', 'invoiceId', 'amount', 'receivedAt');
		case 'register-customer':
			return pick('name', 'address', 'areaId', 'packageId', 'serviceUsername');
		case 'visit':
			return pick('customerId', 'outcome', 'promisedDate', 'visitedAt');
		case 'handover':
			return { amount: scalar(op.amount), payments: Array.isArray(op.paymentIds) ? op.paymentIds.length : null, createdAt: scalar(op.createdAt) };
		default:
			return {};
	}
}

/** Newest first; the ones already dealt with only when asked for. */
export async function listRejectedOps(db: Db, limit: number, includeReviewed = false): Promise<RejectedOpRow[]> {
	const rows = await db
		.select({
			deviceId: syncOps.deviceId,
			seq: syncOps.seq,
			opId: syncOps.opId,
			type: syncOps.type,
			payload: syncOps.payload,
			error: syncOps.error,
			result: syncOps.result,
			appliedAt: syncOps.appliedAt,
			technicianName: users.name,
			technicianUsername: users.username,
			reviewedAt: syncOps.reviewedAt,
			reviewedByName: sql<string | null>`(SELECT name FROM users reviewer WHERE reviewer.id = ${syncOps.reviewedBy})`,
			reviewNote: syncOps.reviewNote
		})
		.from(syncOps)
		.innerJoin(syncDevices, eq(syncDevices.id, syncOps.deviceId))
		.innerJoin(users, eq(users.id, syncDevices.userId))
		.where(and(eq(syncOps.status, 'rejected'), includeReviewed ? undefined : isNull(syncOps.reviewedAt)))
		.orderBy(desc(syncOps.appliedAt))
		.limit(limit);
	return rows.map(({ payload, result, error, ...r }) => ({
		...r,
		error: error ?? 'sync.rejected.invalid',
		errorParams: ((result as Record<string, unknown> | null)?.errorParams as Record<string, string | number> | undefined) ?? null,
		summary: summarise(payload)
	}));
}

export interface RejectedOpReview {
	deviceId: string;
	seq: number;
	reviewedAt: Date;
	reviewedBy: string | null;
	note: string | null;
	/** A second mark: nothing was written, the answer is the first mark. */
	duplicate: boolean;
}

/**
 * Marks a refused operation as dealt with. The conditional UPDATE decides who marks first, so a
 * resent or concurrent mark writes nothing and answers with the first one. The phone's stored
 * answer is untouched: a resend of the operation still gets the same refusal.
 */
export async function reviewRejectedOp(db: Db, input: z.output<typeof reviewRejectedInput>, actor: Actor): Promise<RejectedOpReview> {
	const key = and(eq(syncOps.deviceId, input.deviceId), eq(syncOps.seq, input.seq));
	const reviewedAt = new Date();
	const written = await db.transaction(async (tx) => {
		const [result] = await tx
			.update(syncOps)
			.set({ reviewedAt, reviewedBy: actor.userId, reviewNote: input.note })
			.where(and(key, eq(syncOps.status, 'rejected'), isNull(syncOps.reviewedAt)));
		if (result.affectedRows === 0) return false;
		const [op] = await tx.select({ opId: syncOps.opId, type: syncOps.type, error: syncOps.error }).from(syncOps).where(key);
		await audit(tx, {
			userId: actor.userId,
			action: 'syncOp.review',
			entity: 'sync_op',
			entityId: op.opId,
			before: { deviceId: input.deviceId, seq: input.seq, type: op.type, error: op.error, reviewedAt: null },
			after: { reviewedAt, reviewedBy: actor.userId, reviewNote: input.note },
			ipAddress: actor.ipAddress
		});
		return true;
	});
	const [row] = await db
		.select({ status: syncOps.status, reviewedAt: syncOps.reviewedAt, reviewedBy: syncOps.reviewedBy, note: syncOps.reviewNote })
		.from(syncOps)
		.where(key);
	// An applied operation has nothing to deal with; to the office it is not among the refused ones.
	if (!row || row.status !== 'rejected' || !row.reviewedAt) throw new FieldValidationError({ seq: [actor.t('validation.unknown')] });
	return { deviceId: input.deviceId, seq: input.seq, reviewedAt: row.reviewedAt, reviewedBy: row.reviewedBy, note: row.note, duplicate: !written };
}

export interface DisabledDeviceRow {
	deviceId: string;
	technicianName: string;
	technicianUsername: string;
	lastAppliedSeq: number;
	lastSeenAt: Date | null;
	lastPushAt: Date | null;
	lastPullAt: Date | null;
	refusedAt: Date | null;
	/** Operations the phone still held when last refused; they wait on the phone. */
	refusedOps: number;
}

export async function listDisabledDevices(db: Db): Promise<DisabledDeviceRow[]> {
	return db
		.select({
			deviceId: syncDevices.id,
			technicianName: users.name,
			technicianUsername: users.username,
			lastAppliedSeq: syncDevices.lastAppliedSeq,
			lastSeenAt: syncDevices.lastSeenAt,
			lastPushAt: syncDevices.lastPushAt,
			lastPullAt: syncDevices.lastPullAt,
			refusedAt: syncDevices.refusedAt,
			refusedOps: syncDevices.refusedOps
		})
		.from(syncDevices)
		.innerJoin(users, eq(users.id, syncDevices.userId))
		.where(eq(users.active, false))
		.orderBy(desc(syncDevices.lastSeenAt));
}
