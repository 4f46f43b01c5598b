/**
 * How much an anonymous visitor may ask of the portal's sign-in (docs/PORTAL.md has the guessing
 * maths). Counters live in login_throttle beside the isolir lookups (rate-limit.ts), under
 * `portal-…` subjects. Every request counts, found or not: a limit that only customers hit would
 * tell a visitor which numbers are customers.
 */
import type { Db } from '../db/index';
import { sourceKey, takeAllowance, type RatePolicy } from '../rate-limit';

export interface PortalLimits {
	/** Minutes a WhatsApp code stays good. */
	codeMinutes: number;
	/** Wrong tries one code allows before it is spent. */
	triesPerCode: number;
	/** Codes sent to one number (customer or not). */
	codesPerNumber: RatePolicy;
	/** PIN tries against one customer code, from anywhere. */
	pinTriesPerCustomer: RatePolicy;
	/** Sign-in requests (code requests, code checks, PIN checks) from one source. */
	perSource: RatePolicy;
	/** The same, all sources together: a botnet gets no more than this. */
	overall: RatePolicy;
}

export const PORTAL_LIMITS: PortalLimits = {
	codeMinutes: 5,
	triesPerCode: 5,
	codesPerNumber: { windowMinutes: 60, limit: 3 },
	pinTriesPerCustomer: { windowMinutes: 60, limit: 10 },
	perSource: { windowMinutes: 15, limit: 20 },
	overall: { windowMinutes: 15, limit: 300 }
};

export type Allowance = { allowed: true } | { allowed: false; retryAt: Date };

async function take(db: Db, subject: string, policy: RatePolicy, now: Date): Promise<Allowance> {
	const r = await takeAllowance(db, subject, policy, now);
	return r.allowed ? { allowed: true } : { allowed: false, retryAt: r.retryAt ?? now };
}

/**
 * One sign-in request from this address: counted for its source, then (only when that allows it,
 * so one flooding source does not use up everyone's allowance) overall.
 */
export async function takeSignInRequest(db: Db, address: string, now: Date, limits = PORTAL_LIMITS): Promise<Allowance> {
	const own = await take(db, `portal:${sourceKey(address)}`, limits.perSource, now);
	if (!own.allowed) return own;
	return take(db, 'portal:*', limits.overall, now);
}

/** One code sent to this number (stored 08… form), whether or not a customer has it. */
export function takeCodeForNumber(db: Db, phone: string, now: Date, limits = PORTAL_LIMITS): Promise<Allowance> {
	return take(db, `portal-number:${phone}`, limits.codesPerNumber, now);
}

/** One PIN try against this customer code, whether or not the code exists. */
export function takePinTry(db: Db, customerCode: string, now: Date, limits = PORTAL_LIMITS): Promise<Allowance> {
	return take(db, `portal-pin:${customerCode}`, limits.pinTriesPerCustomer, now);
}
