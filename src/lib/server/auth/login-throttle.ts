import { createHash } from 'node:crypto';
import { and, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { loginThrottle } from '../db/schema';

/**
 * Sign-in attempts are throttled so that nobody can lock someone else out:
 * - the pair (username, client address) may try `lockAfterPair` times per window, then that
 *   pair — and only that pair — is refused until the window ends;
 * - a client address may try `lockAfterAddress` times per window over all usernames (an office
 *   behind one NAT shares an address, hence the higher limit; successes give their try back);
 * - failures per username and per address only slow the answer down (`delayMs`), never refuse:
 *   the right password from another address still gets in while one address is hammering.
 *
 * A try is claimed BEFORE the password is checked, by one conditional UPDATE that succeeds only
 * while the count is under its limit. Concurrent guesses therefore cannot all pass a check made
 * before any of them was counted: 100 parallel guesses get at most the limit of password checks.
 *
 * Rows share login_throttle with the isolir lookups: the pair lives under scope 'address' with
 * subject `pair:<sha256>` (a client address never starts with `pair:`; a typed username could,
 * so the pair is not put under 'username').
 */
export interface ThrottlePolicy {
	windowMinutes: number;
	/** Failures (per username or address) before answers are slowed. */
	slowAfter: number;
	/** Tries per (username, address) per window. */
	lockAfterPair: number;
	/** Tries per address per window, over all usernames. */
	lockAfterAddress: number;
	/** Delay for the n-th failure past slowAfter. */
	delayMs(excess: number): number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
	windowMinutes: 15,
	slowAfter: 3,
	lockAfterPair: 10,
	lockAfterAddress: 30,
	delayMs: (excess) => Math.min(excess * 1000, 5000)
};

type Scope = 'username' | 'address';
interface Key {
	scope: Scope;
	subject: string;
}

export const normalUsername = (username: string) => username.trim().toLowerCase().slice(0, 128);
const usernameKey = (username: string): Key => ({ scope: 'username', subject: normalUsername(username) });
const addressKey = (address: string): Key => ({ scope: 'address', subject: address.slice(0, 128) });
/** The address's failures, apart from its tries: tries include sign-ins still being checked. */
const addressFailuresKey = (address: string): Key => ({ scope: 'address', subject: `fail:${address}`.slice(0, 128) });
function pairKey(username: string, address: string): Key {
	const digest = createHash('sha256').update(`${normalUsername(username)}\n${address}`).digest('hex');
	return { scope: 'address', subject: `pair:${digest}` };
}

export type Claim = { ok: true } | { ok: false; retryAt: Date };

/** Takes one try from a counter if it is under `limit` in the current window; atomic. */
async function claimTry(db: Db, key: Key, limit: number, policy: ThrottlePolicy, now: Date): Promise<Claim> {
	const windowStart = new Date(now.getTime() - policy.windowMinutes * 60_000);
	// The row must exist for the conditional UPDATE to find; a new one starts an empty window.
	await db.execute(sql`
		INSERT IGNORE INTO login_throttle (scope, subject, failures, window_started_at, locked_until)
		VALUES (${key.scope}, ${key.subject}, 0, ${now}, NULL)`);
	// The limit is in the WHERE, so "matched" means "counted" whatever the client's found-rows
	// flag; InnoDB re-reads the row under its lock, so concurrent claims take turns on it.
	// SET assignments run left to right: `failures` still sees the old window_started_at.
	const [result] = await db
		.update(loginThrottle)
		.set({
			failures: sql`IF(${loginThrottle.windowStartedAt} < ${windowStart}, 1, ${loginThrottle.failures} + 1)`,
			windowStartedAt: sql`IF(${loginThrottle.windowStartedAt} < ${windowStart}, ${now}, ${loginThrottle.windowStartedAt})`
		})
		.where(
			and(
				eq(loginThrottle.scope, key.scope),
				eq(loginThrottle.subject, key.subject),
				or(lt(loginThrottle.windowStartedAt, windowStart), lt(loginThrottle.failures, limit))
			)
		);
	if (result.affectedRows > 0) return { ok: true };
	const [row] = await db
		.select({ windowStartedAt: loginThrottle.windowStartedAt })
		.from(loginThrottle)
		.where(and(eq(loginThrottle.scope, key.scope), eq(loginThrottle.subject, key.subject)));
	return { ok: false, retryAt: new Date((row?.windowStartedAt ?? now).getTime() + policy.windowMinutes * 60_000) };
}

/** Gives a claimed try back (a success must not count against an office's shared address). */
async function giveBack(db: Db, key: Key): Promise<void> {
	await db
		.update(loginThrottle)
		.set({ failures: sql`${loginThrottle.failures} - 1` })
		.where(and(eq(loginThrottle.scope, key.scope), eq(loginThrottle.subject, key.subject), gt(loginThrottle.failures, 0)));
}

/**
 * Claims one try for this address and for this (username, address) pair before the password is
 * checked. Refused when either is used up; the address is claimed first so a refused address
 * does not also use up the pair.
 */
export async function claimSignInTry(db: Db, username: string, address: string, policy: ThrottlePolicy = DEFAULT_THROTTLE, now = new Date()): Promise<Claim> {
	const byAddress = await claimTry(db, addressKey(address), policy.lockAfterAddress, policy, now);
	if (!byAddress.ok) return byAddress;
	return claimTry(db, pairKey(username, address), policy.lockAfterPair, policy, now);
}

/** How long to wait before checking: failures of this username (from anywhere) or this address. */
export async function slowDownMs(db: Db, username: string, address: string, policy: ThrottlePolicy = DEFAULT_THROTTLE, now = new Date()): Promise<number> {
	let failures = 0;
	for (const key of [usernameKey(username), addressFailuresKey(address)]) {
		const [row] = await db.select().from(loginThrottle).where(and(eq(loginThrottle.scope, key.scope), eq(loginThrottle.subject, key.subject)));
		if (!row) continue;
		const inWindow = now.getTime() - row.windowStartedAt.getTime() < policy.windowMinutes * 60_000;
		if (inWindow) failures = Math.max(failures, row.failures);
	}
	const excess = failures - policy.slowAfter + 1;
	return excess > 0 ? policy.delayMs(excess) : 0;
}

/** Counts one failure for the username and for the address (slow-down counters only); atomic. */
export async function recordFailure(db: Db, username: string, address: string, policy: ThrottlePolicy = DEFAULT_THROTTLE, now = new Date()): Promise<void> {
	const windowStart = new Date(now.getTime() - policy.windowMinutes * 60_000);
	for (const key of [usernameKey(username), addressFailuresKey(address)]) {
		await db.execute(sql`
			INSERT INTO login_throttle (scope, subject, failures, window_started_at, locked_until)
			VALUES (${key.scope}, ${key.subject}, 1, ${now}, NULL)
			ON DUPLICATE KEY UPDATE
				failures = IF(window_started_at < ${windowStart}, 1, failures + 1),
				window_started_at = IF(window_started_at < ${windowStart}, ${now}, window_started_at)`);
	}
}

/**
 * A successful sign-in clears the username's slow-down and the pair's tries, and gives the
 * address its try back; the address's failures keep decaying on their own.
 */
export async function recordSuccess(db: Db, username: string, address: string): Promise<void> {
	const pair = pairKey(username, address);
	await db.delete(loginThrottle).where(and(eq(loginThrottle.scope, pair.scope), eq(loginThrottle.subject, pair.subject)));
	const user = usernameKey(username);
	await db.delete(loginThrottle).where(and(eq(loginThrottle.scope, user.scope), eq(loginThrottle.subject, user.subject)));
	await giveBack(db, addressKey(address));
}
