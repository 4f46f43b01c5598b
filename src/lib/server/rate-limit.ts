/**
 * Counting what anonymous visitors may do, per source and overall, in fixed windows. Rows live
 * in login_throttle (scope 'address') under a subject naming what is counted (`isolir:…`,
 * `midtrans-refused:…`), beside the sign-in counters, and are pruned with them (retention.ts).
 *
 * A source is an address, except that an IPv6 client is counted per /64: one subscriber is
 * handed a whole /64 and can pick a fresh address from it for every request.
 */
import { isIP } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './db/index';
import { loginThrottle } from './db/schema';

export interface RatePolicy {
	windowMinutes: number;
	/** Events allowed per subject per window. */
	limit: number;
}

/** "::ffff:10.0.0.5" (IPv4 seen on an IPv6 socket) is 10.0.0.5; null for anything that is no address. */
export function normaliseAddress(address: string): string | null {
	const bare = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
	return isIP(bare) ? bare : null;
}

/** The eight 16-bit groups of an IPv6 address, `::` expanded. */
function ipv6Groups(address: string): string[] {
	const [head, tail] = address.split('::');
	const h = head ? head.split(':') : [];
	const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
	// An embedded IPv4 tail (::ffff:1.2.3.4 forms not caught above) counts as two groups.
	const expand = (parts: string[]) => parts.flatMap((p) => (p.includes('.') ? ['0', '0'] : [p]));
	const hh = expand(h);
	const tt = expand(t);
	const fill = tail === undefined ? [] : Array(8 - hh.length - tt.length).fill('0');
	return [...hh, ...fill, ...tt].map((g) => parseInt(g || '0', 16).toString(16));
}

/** Who is counted for a client address: the IPv4 address itself, the /64 of an IPv6 one. */
export function sourceKey(address: string): string {
	const a = normaliseAddress(address);
	if (!a) return `other:${address.slice(0, 64)}`;
	if (isIP(a) === 4) return a;
	return `${ipv6Groups(a.replace(/%.*$/, '')).slice(0, 4).join(':')}::/64`;
}

/**
 * Counts one event for the subject, atomically, and says whether it is within the limit. When
 * not, `retryAt` is when the window ends. The counter keeps counting past the limit (a flood
 * costs one row update each, never a new row).
 */
export async function takeAllowance(db: Db, subject: string, policy: RatePolicy, now = new Date()): Promise<{ allowed: boolean; retryAt: Date | null }> {
	const key = subject.slice(0, 128);
	const windowStart = new Date(now.getTime() - policy.windowMinutes * 60_000);
	await db.execute(sql`
		INSERT INTO login_throttle (scope, subject, failures, window_started_at, locked_until)
		VALUES ('address', ${key}, 1, ${now}, NULL)
		ON DUPLICATE KEY UPDATE
			failures = IF(window_started_at < ${windowStart}, 1, failures + 1),
			window_started_at = IF(window_started_at < ${windowStart}, ${now}, window_started_at)`);
	const [row] = await db
		.select({ failures: loginThrottle.failures, windowStartedAt: loginThrottle.windowStartedAt })
		.from(loginThrottle)
		.where(and(eq(loginThrottle.scope, 'address'), eq(loginThrottle.subject, key)));
	if (!row || row.failures <= policy.limit) return { allowed: true, retryAt: null };
	return { allowed: false, retryAt: new Date(row.windowStartedAt.getTime() + policy.windowMinutes * 60_000) };
}
