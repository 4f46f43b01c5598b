/**
 * The two RouterOS login styles. Since 6.43 the password is sent in plain (`=password=`); before,
 * the router handed out a challenge and expected `00` + md5(0x00 + password + challenge bytes).
 * A pre-6.43 router answers a plain-style login with a challenge, which is how clients detect it.
 */
import { createHash, randomBytes } from 'node:crypto';

export const INVALID_LOGIN = 'invalid user name or password (6)';

export function challengeResponse(password: string, challengeHex: string): string {
	const md5 = createHash('md5');
	md5.update(Buffer.from([0]));
	md5.update(Buffer.from(password, 'utf8'));
	md5.update(Buffer.from(challengeHex, 'hex'));
	return `00${md5.digest('hex')}`;
}

export function newChallenge(): string {
	return randomBytes(16).toString('hex');
}

export type LoginResult =
	| { kind: 'ok' }
	| { kind: 'challenge'; challenge: string }
	| { kind: 'invalid' };

export interface LoginContext {
	user: string;
	password: string;
	legacy: boolean;
	refuse: boolean;
	/** The challenge this connection handed out last, if any. */
	challenge?: string;
}

export function login(attrs: Record<string, string>, ctx: LoginContext): LoginResult {
	if (ctx.legacy) {
		if (attrs.response === undefined) return { kind: 'challenge', challenge: newChallenge() };
		const expected = ctx.challenge ? challengeResponse(ctx.password, ctx.challenge) : undefined;
		const ok = !ctx.refuse && attrs.name === ctx.user && expected !== undefined && attrs.response === expected;
		return ok ? { kind: 'ok' } : { kind: 'invalid' };
	}
	const ok = !ctx.refuse && attrs.name === ctx.user && attrs.password === ctx.password;
	return ok ? { kind: 'ok' } : { kind: 'invalid' };
}
