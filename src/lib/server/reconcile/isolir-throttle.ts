/**
 * Lookups on the public isolir page (by customer code or phone, and its pay button), counted per
 * source (an IPv4 address, an IPv6 /64) so the page cannot be used to walk through customer
 * codes, and overall so that many sources together cannot either. Every lookup counts, found or
 * not: a successful guess reveals as much as a failed one. Counters live in login_throttle
 * (rate-limit.ts) under `isolir:<source>` and `isolir:*`.
 */
import type { Db } from '../db/index';
import { sourceKey, takeAllowance, type RatePolicy } from '../rate-limit';

export type LookupPolicy = RatePolicy;

/** Per source: a customer who mistypes a few times still gets through. */
export const DEFAULT_LOOKUP_POLICY: LookupPolicy = { windowMinutes: 15, limit: 10 };
/** All sources together: far above what an ISP's cut-off customers need in a quarter hour. */
export const GLOBAL_LOOKUP_POLICY: LookupPolicy = { windowMinutes: 15, limit: 300 };

/**
 * Counts one lookup for the address's source, then (only if that is allowed, so one flooding
 * source does not use up everyone's allowance) overall. When refused, `retryAt` is when the
 * window that refused ends.
 */
export async function takeLookup(
	db: Db,
	address: string,
	now = new Date(),
	policies: { perSource: LookupPolicy; overall: LookupPolicy } = { perSource: DEFAULT_LOOKUP_POLICY, overall: GLOBAL_LOOKUP_POLICY }
): Promise<{ allowed: boolean; retryAt: Date | null }> {
	const own = await takeAllowance(db, `isolir:${sourceKey(address)}`, policies.perSource, now);
	if (!own.allowed) return own;
	return takeAllowance(db, 'isolir:*', policies.overall, now);
}
