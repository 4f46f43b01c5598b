import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { loginThrottle } from '../db/schema';

/**
 * Failed sign-ins are counted per username and per client address in a sliding window.
 * After `slowAfter` failures each attempt is answered slowly; after `lockAfter` the subject is
 * refused for `lockMinutes`. An office behind one NAT shares an address, hence its higher limit.
 */
export interface ThrottlePolicy {
	windowMinutes: number;
	slowAfter: number;
	lockAfterUsername: number;
	lockAfterAddress: number;
	lockMinutes: number;
	/** Delay for the n-th failure past slowAfter. */
	delayMs(excess: number): number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
	windowMinutes: 15,
	slowAfter: 3,
	lockAfterUsername: 10,
	lockAfterAddress: 30,
	lockMinutes: 15,
	delayMs: (excess) => Math.min(excess * 1000, 5000)
};

type Scope = 'username' | 'address';

export interface ThrottleVerdict {
	/** Refuse without checking the password until this instant. */
	lockedUntil: Date | null;
	/** Wait this long before answering. */
	delayMs: number;
}

function subjects(username: string, address: string): Array<{ scope: Scope; subject: string }> {
	return [
		{ scope: 'username', subject: username.trim().toLowerCase().slice(0, 128) },
		{ scope: 'address', subject: address.slice(0, 128) }
	];
}

export async function checkThrottle(
	db: Db,
	username: string,
	address: string,
	policy: ThrottlePolicy = DEFAULT_THROTTLE,
	now = new Date()
): Promise<ThrottleVerdict> {
	let lockedUntil: Date | null = null;
	let failures = 0;
	for (const s of subjects(username, address)) {
		const [row] = await db
			.select()
			.from(loginThrottle)
			.where(and(eq(loginThrottle.scope, s.scope), eq(loginThrottle.subject, s.subject)));
		if (!row) continue;
		if (row.lockedUntil && row.lockedUntil > now && (!lockedUntil || row.lockedUntil > lockedUntil)) {
			lockedUntil = row.lockedUntil;
		}
		const inWindow = now.getTime() - row.windowStartedAt.getTime() < policy.windowMinutes * 60_000;
		if (inWindow) failures = Math.max(failures, row.failures);
	}
	const excess = failures - policy.slowAfter + 1;
	return { lockedUntil, delayMs: excess > 0 ? policy.delayMs(excess) : 0 };
}

/** Counts one failure for both subjects, atomically, and locks those over their limit. */
export async function recordFailure(
	db: Db,
	username: string,
	address: string,
	policy: ThrottlePolicy = DEFAULT_THROTTLE,
	now = new Date()
): Promise<void> {
	const windowStart = new Date(now.getTime() - policy.windowMinutes * 60_000);
	const lockUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
	for (const s of subjects(username, address)) {
		const limit = s.scope === 'username' ? policy.lockAfterUsername : policy.lockAfterAddress;
		// One statement so concurrent failures cannot lose a count.
		await db.execute(sql`
			INSERT INTO login_throttle (scope, subject, failures, window_started_at, locked_until)
			VALUES (${s.scope}, ${s.subject}, 1, ${now}, NULL)
			ON DUPLICATE KEY UPDATE
				failures = IF(window_started_at < ${windowStart}, 1, failures + 1),
				window_started_at = IF(window_started_at < ${windowStart}, ${now}, window_started_at),
				locked_until = IF(failures >= ${limit}, ${lockUntil}, locked_until)`);
	}
}

/** A successful sign-in clears the username's count; the address keeps decaying on its own. */
export async function recordSuccess(db: Db, username: string): Promise<void> {
	await db
		.delete(loginThrottle)
		.where(and(eq(loginThrottle.scope, 'username'), eq(loginThrottle.subject, username.trim().toLowerCase())));
}
