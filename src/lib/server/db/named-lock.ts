import type { Db } from './index';

/**
 * Runs `work` while holding a MySQL named lock (GET_LOCK) on a connection of its own, so every
 * instance of Lunas sharing the database takes turns. Named locks are server-wide: the database
 * name is appended, so each database (a test run, a second ISP) has its own. Returns null, without
 * running `work`, when the lock was not free within `waitSeconds`. Keep `waitSeconds` at 0 where
 * `work` itself needs the pool: a waiter holds a connection the holder may need.
 */
export async function withNamedLock<T>(db: Db, name: string, waitSeconds: number, work: () => Promise<T>): Promise<{ value: T } | null> {
	const conn = await db.$client.getConnection();
	// A connection whose lock state is unknown (a failed GET_LOCK or RELEASE_LOCK) is closed, never
	// returned to the pool still holding the lock.
	let reusable = false;
	try {
		const [rows] = await conn.query('SELECT GET_LOCK(CONCAT(?, DATABASE()), ?) AS got', [name, waitSeconds]);
		if ((rows as Array<{ got: number | null }>)[0]?.got !== 1) {
			reusable = true;
			return null;
		}
		try {
			return { value: await work() };
		} finally {
			await conn.query('SELECT RELEASE_LOCK(CONCAT(?, DATABASE()))', [name]).then(
				() => (reusable = true),
				() => undefined
			);
		}
	} finally {
		if (reusable) conn.release();
		else conn.destroy();
	}
}
