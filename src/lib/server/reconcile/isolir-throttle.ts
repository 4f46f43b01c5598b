/**
 * Lookups by customer code or phone on the public isolir page, counted per client address so the
 * page cannot be used to walk through customer codes. Every lookup counts, found or not: a
 * successful guess reveals as much as a failed one. Rows live in login_throttle under their own
 * subject prefix (scope 'address', subject `isolir:<address>`), beside the sign-in counters.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { loginThrottle } from '../db/schema';

export interface LookupPolicy {
	windowMinutes: number;
	/** Lookups allowed per address per window. */
	limit: number;
}

export const DEFAULT_LOOKUP_POLICY: LookupPolicy = { windowMinutes: 15, limit: 10 };

const subjectOf = (address: string) => `isolir:${address}`.slice(0, 128);

/**
 * Counts one lookup for the address, atomically, and says whether it is allowed. When refused,
 * `retryAt` is when the window ends.
 */
export async function takeLookup(db: Db, address: string, policy = DEFAULT_LOOKUP_POLICY, now = new Date()): Promise<{ allowed: boolean; retryAt: Date | null }> {
	const subject = subjectOf(address);
	const windowStart = new Date(now.getTime() - policy.windowMinutes * 60_000);
	await db.execute(sql`
		INSERT INTO login_throttle (scope, subject, failures, window_started_at, locked_until)
		VALUES ('address', ${subject}, 1, ${now}, NULL)
		ON DUPLICATE KEY UPDATE
			failures = IF(window_started_at < ${windowStart}, 1, failures + 1),
			window_started_at = IF(window_started_at < ${windowStart}, ${now}, window_started_at)`);
	const [row] = await db
		.select({ failures: loginThrottle.failures, windowStartedAt: loginThrottle.windowStartedAt })
		.from(loginThrottle)
		.where(and(eq(loginThrottle.scope, 'address'), eq(loginThrottle.subject, subject)));
	if (!row || row.failures <= policy.limit) return { allowed: true, retryAt: null };
	return { allowed: false, retryAt: new Date(row.windowStartedAt.getTime() + policy.windowMinutes * 60_000) };
}
