/**
 * Whose data this phone holds. The outbox belongs to the technician who queued it (the server
 * registers a device for one account), so another account signing in on the same phone must not
 * push it: with operations still waiting, syncing stops and says whose they are; with none, the
 * phone starts over as a new device for the new account.
 */
import { getMeta, setMeta, type OfflineDb } from './db';
import { outboxScope } from './outbox';

export interface ShellUser {
	id: string;
	name: string;
	username: string;
}

/** True when this account may sync from this phone now. */
export async function bindToUser(db: OfflineDb, user: ShellUser): Promise<boolean> {
	const stored = await getMeta(db, 'user');
	if (!stored) {
		await setMeta(db, 'user', user);
		return true;
	}
	if (stored.id === user.id) return true;
	const waiting = await db.outbox.where('status').equals('pending').count();
	if (waiting > 0) {
		await db.transaction('rw', db.meta, async () => {
			await setMeta(db, 'authProblem', 'other-user');
			await setMeta(db, 'lastError', { key: 'offline.error.otherUser', params: { name: stored.name, count: waiting } });
		});
		return false;
	}
	const scope = outboxScope(db);
	await db.transaction('rw', scope, async () => {
		for (const table of scope) await table.clear();
		await setMeta(db, 'user', user);
	});
	return true;
}

/** The offline period is over and the phone cannot reach the server to renew it. */
export function offlineSessionExpired(offlineUntil: string | undefined, online: boolean, now = Date.now()): boolean {
	return !online && offlineUntil !== undefined && Date.parse(offlineUntil) < now;
}
