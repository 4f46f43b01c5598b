/**
 * Transactions that lost a lock conflict run again. InnoDB ends one of two transactions that
 * wait on each other (a deadlock, e.g. two creates of different names both holding the gap lock
 * of a `SELECT … FOR UPDATE` that found nothing) or that waited too long for a row; the other
 * proceeds. The loser's work is rolled back whole, so running it again is safe and is what the
 * user would do by hand: openDatabase installs this around every `db.transaction`, so no write
 * can answer a 500 for a conflict that resolves itself a moment later. Savepoints (`tx.transaction`)
 * are not wrapped: a deadlock rolls back the whole transaction, and the outer retry takes it.
 */
import { isLockConflict } from './errors';

export interface LockRetryPolicy {
	/** Runs in all, the first included. */
	attempts: number;
	/** Wait before run n+1 is about n × this, with jitter, so the two losers do not meet again. */
	baseDelayMs: number;
}

export const DEFAULT_LOCK_RETRY: LockRetryPolicy = { attempts: 5, baseDelayMs: 15 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retryOnLockConflict<T>(run: () => Promise<T>, policy: LockRetryPolicy = DEFAULT_LOCK_RETRY): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await run();
		} catch (err) {
			if (attempt >= policy.attempts || !isLockConflict(err)) throw err;
			await sleep(policy.baseDelayMs * attempt * (0.5 + Math.random()));
		}
	}
}
