import type { Db } from './index';

/** A named lock held on a connection of its own; `release` gives it up and the connection back. */
export interface HeldNamedLock {
	release(): Promise<void>;
}

/**
 * Takes a MySQL named lock (GET_LOCK) on a connection of its own, so every instance of Lunas
 * sharing the database takes turns. Named locks are server-wide: the database name is appended to
 * `name`, so each database (a test run, a second ISP) has its own. Null when the lock was not
 * free within `waitSeconds`. Keep `waitSeconds` at 0 where the holder's work needs the pool: a
 * waiter holds a connection the holder may need.
 *
 * The one place Lunas takes and gives up named locks: a connection whose lock state is unknown
 * (a failed GET_LOCK or RELEASE_LOCK) is closed, which ends the lock, never returned to the pool
 * still holding it — where the next borrower would hold a lock it never asked for.
 */
export async function acquireNamedLock(db: Db, name: string, waitSeconds: number): Promise<HeldNamedLock | null> {
	const conn = await db.$client.getConnection();
	let got: boolean;
	try {
		const [rows] = await conn.query('SELECT GET_LOCK(CONCAT(?, DATABASE()), ?) AS got', [name, waitSeconds]);
		got = (rows as Array<{ got: number | null }>)[0]?.got === 1;
	} catch (err) {
		conn.destroy();
		throw err;
	}
	if (!got) {
		conn.release();
		return null;
	}
	let released = false;
	return {
		async release() {
			if (released) return;
			released = true;
			const freed = await conn.query('SELECT RELEASE_LOCK(CONCAT(?, DATABASE()))', [name]).then(
				() => true,
				() => false
			);
			if (freed) conn.release();
			else conn.destroy();
		}
	};
}

/** Runs `work` while holding the named lock; null, without running it, when the lock was busy. */
export async function withNamedLock<T>(db: Db, name: string, waitSeconds: number, work: () => Promise<T>): Promise<{ value: T } | null> {
	const lock = await acquireNamedLock(db, name, waitSeconds);
	if (!lock) return null;
	try {
		return { value: await work() };
	} finally {
		await lock.release();
	}
}
