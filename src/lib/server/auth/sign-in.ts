import { eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { users } from '../db/schema';
import { burnPasswordCheck, verifyPassword } from './password';
import { claimSignInTry, DEFAULT_THROTTLE, recordFailure, recordSuccess, slowDownMs, type ThrottlePolicy } from './login-throttle';
import { createSession, type SessionUser } from './session';
import { audit } from '../audit';

export type SignInResult =
	| { ok: true; token: string; expiresAt: Date; user: SessionUser }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'locked'; retryAfterMinutes: number };

export interface SignInRequest {
	username: string;
	password: string;
	address: string;
	userAgent?: string;
}

export interface SignInOptions {
	sessionSecret: string;
	sessionDays: number;
	policy?: ThrottlePolicy;
	now?: () => Date;
	sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A refused sign-in on the audit trail (admin only), with the reason the form never tells. Tries
 * refused while locked are not written: the lock already bounds how many rows a guesser can make.
 */
function auditFailure(db: Db, username: string, address: string, reason: 'unknownUser' | 'wrongPassword' | 'disabled', userId: string | null) {
	// What was typed, made storable: half an emoji must not turn a refusal into a 500.
	const typed = username.toWellFormed().slice(0, 64);
	return audit(db, { userId: null, action: 'auth.signInFailed', entity: 'user', entityId: userId, after: { username: typed, reason }, ipAddress: address });
}

/**
 * Checks a username and password and opens a session. Unknown user, wrong password and
 * disabled account all answer the same "invalid" so the form does not reveal which it was.
 */
export async function signIn(db: Db, req: SignInRequest, opts: SignInOptions): Promise<SignInResult> {
	const policy = opts.policy ?? DEFAULT_THROTTLE;
	const now = opts.now ?? (() => new Date());
	const sleep = opts.sleep ?? defaultSleep;
	const username = req.username.trim().toLowerCase();

	// A try is taken before the password is checked, so parallel guesses cannot outrun the count.
	const claim = await claimSignInTry(db, username, req.address, policy, now());
	if (!claim.ok) {
		const minutes = Math.max(1, Math.ceil((claim.retryAt.getTime() - now().getTime()) / 60_000));
		return { ok: false, reason: 'locked', retryAfterMinutes: minutes };
	}
	const delay = await slowDownMs(db, username, req.address, policy, now());
	if (delay > 0) await sleep(delay);

	const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
	const passwordOk = user ? await verifyPassword(user.passwordHash, req.password) : (await burnPasswordCheck(req.password), false);
	if (!user || !passwordOk || !user.active) {
		await recordFailure(db, username, req.address, policy, now());
		await auditFailure(db, username, req.address, !user ? 'unknownUser' : !passwordOk ? 'wrongPassword' : 'disabled', user?.id ?? null);
		return { ok: false, reason: 'invalid' };
	}

	await recordSuccess(db, username, req.address);
	const { token, expiresAt } = await createSession(db, {
		userId: user.id,
		role: user.role,
		secret: opts.sessionSecret,
		days: opts.sessionDays,
		ipAddress: req.address,
		userAgent: req.userAgent,
		now: now()
	});
	await audit(db, { userId: user.id, action: 'auth.signIn', entity: 'user', entityId: user.id, ipAddress: req.address });
	return {
		ok: true,
		token,
		expiresAt,
		user: { id: user.id, username: user.username, name: user.name, role: user.role, language: user.language }
	};
}
