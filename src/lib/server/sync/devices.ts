/**
 * Phones known to sync. A device is registered by its first push or pull and belongs to the
 * account that made it; the account is re-checked on every sync, so a disabled technician's phone
 * stops syncing at once (its queued operations stay on the phone, and the office sees the device).
 */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import type { DbOrTx } from '../db/index';
import { syncDevices, users } from '../db/schema';
import { readSetting } from '../settings';
import { OFFLINE_DAYS_KEY, offlineDaysSchema } from '../../shared/schemas/settings';
import type { Translator } from '../../shared/i18n/index';

export interface DeviceRow {
	id: string;
	userId: string;
	lastAppliedSeq: number;
	scopeHash: string | null;
}

/** The device, registering it for `userId` on first contact; another account's device is refused. */
export async function deviceOf(db: DbOrTx, deviceId: string, userId: string, t: Translator): Promise<DeviceRow> {
	await db.execute(sql`INSERT IGNORE INTO sync_devices (id, user_id) VALUES (${deviceId}, ${userId})`);
	const [row] = await db
		.select({ id: syncDevices.id, userId: syncDevices.userId, lastAppliedSeq: syncDevices.lastAppliedSeq, scopeHash: syncDevices.scopeHash })
		.from(syncDevices)
		.where(eq(syncDevices.id, deviceId));
	// A phone's outbox belongs to whoever queued it; someone else signing in must start a new device.
	if (!row || row.userId !== userId) throw new TRPCError({ code: 'FORBIDDEN', message: t('sync.deviceOtherUser') });
	return row;
}

/**
 * Refuses a disabled account (FORBIDDEN), noting on the device when it was turned away and how
 * many operations it still holds (a pull, which carries none, leaves that count alone).
 * Without a session (`userId` null) the answer is always UNAUTHORIZED and nothing is read or
 * written: a device id is no credential, so an anonymous caller must not learn whose it is nor
 * touch its row.
 */
export async function assertAccountActive(
	db: DbOrTx,
	opts: { userId: string | null; deviceId: string | null; queuedOps: number | null; t: Translator }
): Promise<void> {
	const userId = opts.userId;
	if (!userId) throw new TRPCError({ code: 'UNAUTHORIZED', message: opts.t('error.signedOut') });
	const [user] = await db.select({ active: users.active }).from(users).where(eq(users.id, userId));
	if (user?.active) return;
	if (opts.deviceId) {
		await db
			.update(syncDevices)
			.set({ refusedAt: new Date(), ...(opts.queuedOps === null ? {} : { refusedOps: opts.queuedOps }) })
			.where(sql`${syncDevices.id} = ${opts.deviceId} AND ${syncDevices.userId} = ${userId}`);
	}
	throw new TRPCError({ code: 'FORBIDDEN', message: opts.t('sync.accountDisabled') });
}

/** Identifies a technician's area set: when it changes, the phone's copy must be rebuilt. */
export function scopeHashOf(areaIds: string[] | null): string {
	const scope = areaIds === null ? '*' : [...areaIds].sort().join(',');
	return createHash('sha256').update(scope).digest('hex');
}

export { OFFLINE_DAYS_KEY, offlineDaysSchema };

/** How long a technician may work offline before signing in again (settings, default 14 days). */
export async function offlineDays(db: DbOrTx): Promise<number> {
	return (await readSetting(db, OFFLINE_DAYS_KEY, offlineDaysSchema)).days;
}
