/** What the office reviews of technician sync: refused operations, and phones of disabled accounts. */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { syncDevices, syncOps, users } from '../db/schema';
import type { SyncOperation } from '../../shared/sync/operations';

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
}

/** The few fields the office needs to recognise an operation; never a password. */
export function summarise(op: SyncOperation): Record<string, string | number | null> {
	switch (op.type) {
		case 'cash-payment':
			return { customerId: op.customerId, invoiceId: op.invoiceId, amount: op.amount, receivedAt: op.receivedAt };
		case 'register-customer':
			return { name: op.name, address: op.address, areaId: op.areaId, packageId: op.packageId, serviceUsername: op.serviceUsername ?? null };
		case 'visit':
			return { customerId: op.customerId, outcome: op.outcome, promisedDate: op.promisedDate ?? null, visitedAt: op.visitedAt };
		case 'handover':
			return { amount: op.amount, payments: op.paymentIds.length, createdAt: op.createdAt };
	}
}

export async function listRejectedOps(db: Db, limit: number): Promise<RejectedOpRow[]> {
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
			technicianUsername: users.username
		})
		.from(syncOps)
		.innerJoin(syncDevices, eq(syncDevices.id, syncOps.deviceId))
		.innerJoin(users, eq(users.id, syncDevices.userId))
		.where(eq(syncOps.status, 'rejected'))
		.orderBy(desc(syncOps.appliedAt))
		.limit(limit);
	return rows.map(({ payload, result, error, ...r }) => ({
		...r,
		error: error ?? 'sync.rejected.invalid',
		errorParams: ((result as Record<string, unknown> | null)?.errorParams as Record<string, string | number> | undefined) ?? null,
		summary: summarise(payload as SyncOperation)
	}));
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
