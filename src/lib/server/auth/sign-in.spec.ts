import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { auditLog, users, sessions } from '../db/schema';
import { hashPassword } from './password';
import { signIn, type SignInOptions } from './sign-in';
import { validateSession, revokeUserSessions, sessionIdOf } from './session';
import type { ThrottlePolicy } from './login-throttle';

let t: TestDatabase;
const secret = 'x'.repeat(40);
const policy: ThrottlePolicy = {
	windowMinutes: 15,
	slowAfter: 2,
	lockAfterPair: 4,
	lockAfterAddress: 6,
	delayMs: (excess) => excess * 100
};

async function addUser(username: string, password: string, active = true) {
	const id = randomUUID();
	await t.db.insert(users).values({ id, username, name: username.toUpperCase(), role: 'office', passwordHash: await hashPassword(password), active });
	return id;
}

beforeAll(async () => {
	t = await createTestDatabase();
	await addUser('sari', 'benar-sekali');
	await addUser('mati', 'benar-sekali', false);
});
afterAll(async () => t?.drop());

function options(clock: { now: Date }, delays: number[] = []): SignInOptions {
	return { sessionSecret: secret, sessionDays: 30, policy, now: () => clock.now, sleep: async (ms) => void delays.push(ms) };
}

describe('sign-in', () => {
	it('stores an argon2id hash', async () => {
		const [row] = await t.db.select().from(users).where(eq(users.username, 'sari'));
		expect(row.passwordHash.startsWith('$argon2id$')).toBe(true);
	});

	it('opens a session whose cookie token is not what the table stores', async () => {
		const clock = { now: new Date('2026-11-23T03:00:00Z') };
		const result = await signIn(t.db, { username: ' Sari ', password: 'benar-sekali', address: '10.0.0.1' }, options(clock));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.user.username).toBe('sari');
		const stored = await t.db.select().from(sessions).where(eq(sessions.userId, result.user.id));
		expect(stored.map((s) => s.id)).toContain(sessionIdOf(result.token, secret));
		expect(stored.map((s) => s.id)).not.toContain(result.token);
		const valid = await validateSession(t.db, result.token, { secret, days: 30, now: clock.now });
		expect(valid?.user.username).toBe('sari');
		// The same token under another secret, an expired one, or a revoked one is no session.
		expect(await validateSession(t.db, result.token, { secret: 'y'.repeat(40), days: 30, now: clock.now })).toBeNull();
		expect(await validateSession(t.db, result.token, { secret, days: 30, now: new Date('2027-01-01T00:00:00Z') })).toBeNull();
		await revokeUserSessions(t.db, result.user.id);
		expect(await validateSession(t.db, result.token, { secret, days: 30, now: clock.now })).toBeNull();
	});

	it('ends a session at its absolute lifetime however active it is: 30 days office, 90 days technician', async () => {
		const { ABSOLUTE_LIFETIME_DAYS } = await import('./session');
		await addUser('tekno', 'kata-sandi-tekno');
		await t.db.update(users).set({ role: 'technician' }).where(eq(users.username, 'tekno'));
		for (const [username, password, days] of [['sari', 'benar-sekali', 30], ['tekno', 'kata-sandi-tekno', 90]] as const) {
			const start = new Date('2026-12-01T03:00:00Z');
			const result = await signIn(t.db, { username, password, address: '10.0.5.1' }, options({ now: start }));
			if (!result.ok) throw new Error('sign-in failed');
			expect(ABSOLUTE_LIFETIME_DAYS[result.user.role]).toBe(days);
			// Used every day: the idle expiry (30 days) keeps sliding, but never past the absolute end.
			let last = null;
			for (let day = 1; day < days; day++) {
				last = await validateSession(t.db, result.token, { secret, days: 30, now: new Date(start.getTime() + day * 86_400_000) });
				expect(last, `${username} day ${day}`).not.toBeNull();
				expect(last!.expiresAt.getTime()).toBeLessThanOrEqual(start.getTime() + days * 86_400_000);
			}
			expect(await validateSession(t.db, result.token, { secret, days: 30, now: new Date(start.getTime() + days * 86_400_000) })).toBeNull();
		}
	});

	it('answers "invalid" alike for a wrong password, an unknown user and a disabled account', async () => {
		const clock = { now: new Date('2026-11-23T04:00:00Z') };
		for (const [username, password, address] of [
			['sari', 'salah', '10.0.1.1'],
			['siapa', 'benar-sekali', '10.0.1.2'],
			['mati', 'benar-sekali', '10.0.1.3']
		]) {
			expect(await signIn(t.db, { username, password, address }, options(clock))).toEqual({ ok: false, reason: 'invalid' });
		}
	});

	it('slows a username down but never locks it: the right password from elsewhere still gets in', async () => {
		await addUser('budi', 'kata-sandi-budi');
		const clock = { now: new Date('2026-11-23T05:00:00Z') };
		const delays: number[] = [];
		for (let i = 0; i < 8; i++) {
			// A different address each time, as a botnet would: twice the pair limit on one username.
			const result = await signIn(t.db, { username: 'budi', password: 'salah', address: `10.0.2.${i}` }, options(clock, delays));
			expect(result).toEqual({ ok: false, reason: 'invalid' });
		}
		// Once 2 have failed (slowAfter), each answer waits longer.
		expect(delays).toEqual([100, 200, 300, 400, 500, 600]);
		const owner = await signIn(t.db, { username: 'budi', password: 'kata-sandi-budi', address: '10.0.2.99' }, options(clock, delays));
		expect(owner.ok).toBe(true);
		expect(delays.at(-1)).toBe(700);
		// Success clears the slow-down.
		const next: number[] = [];
		expect((await signIn(t.db, { username: 'budi', password: 'kata-sandi-budi', address: '10.0.2.98' }, options(clock, next))).ok).toBe(true);
		expect(next).toEqual([]);
	});

	it('refuses only the (username, address) pair past its limit, until its window ends', async () => {
		await addUser('dewi', 'kata-sandi-dewi');
		const clock = { now: new Date('2026-11-23T05:30:00Z') };
		for (let i = 0; i < 4; i++) {
			expect(await signIn(t.db, { username: 'dewi', password: 'salah', address: '10.0.3.1' }, options(clock))).toEqual({ ok: false, reason: 'invalid' });
		}
		clock.now = new Date(clock.now.getTime() + 60_000);
		// That address is refused for dewi, even with the right password, for the rest of the window...
		expect(await signIn(t.db, { username: 'dewi', password: 'kata-sandi-dewi', address: '10.0.3.1' }, options(clock))).toEqual({ ok: false, reason: 'locked', retryAfterMinutes: 14 });
		// ...but not for another user, and dewi gets in from another address.
		expect((await signIn(t.db, { username: 'sari', password: 'benar-sekali', address: '10.0.3.1' }, options(clock))).ok).toBe(true);
		expect((await signIn(t.db, { username: 'dewi', password: 'kata-sandi-dewi', address: '10.0.3.2' }, options(clock))).ok).toBe(true);
		clock.now = new Date(clock.now.getTime() + 15 * 60_000);
		expect((await signIn(t.db, { username: 'dewi', password: 'kata-sandi-dewi', address: '10.0.3.1' }, options(clock))).ok).toBe(true);
	});

	it('refuses an address that tries many usernames, and successes do not count against it', async () => {
		const clock = { now: new Date('2026-11-23T06:00:00Z') };
		// An office behind one NAT: many good sign-ins from one address never add up to a lock.
		for (let i = 0; i < 10; i++) expect((await signIn(t.db, { username: 'sari', password: 'benar-sekali', address: '10.9.9.9' }, options(clock))).ok).toBe(true);
		for (let i = 0; i < 7; i++) {
			await signIn(t.db, { username: `tebak${i}`, password: 'x', address: '10.9.9.9' }, options(clock));
		}
		const result = await signIn(t.db, { username: 'sari', password: 'benar-sekali', address: '10.9.9.9' }, options(clock));
		expect(result).toMatchObject({ ok: false, reason: 'locked' });
		expect((await signIn(t.db, { username: 'sari', password: 'benar-sekali', address: '10.9.9.10' }, options(clock))).ok).toBe(true);
	});

	it('100 parallel wrong guesses get at most the limit of password checks, and the owner still gets in', async () => {
		await addUser('ramai', 'kata-sandi-ramai');
		const clock = { now: new Date('2026-11-23T07:00:00Z') };
		const guesses = await Promise.all(
			Array.from({ length: 100 }, (_, i) => signIn(t.db, { username: 'ramai', password: `tebakan-${i}`, address: '10.1.1.1' }, options(clock)))
		);
		// "invalid" is the answer of a password that was checked; "locked" was refused before checking.
		const checked = guesses.filter((g) => !g.ok && g.reason === 'invalid').length;
		expect(checked).toBe(policy.lockAfterPair);
		expect(guesses.filter((g) => !g.ok && g.reason === 'locked')).toHaveLength(100 - policy.lockAfterPair);
		const owner = await signIn(t.db, { username: 'ramai', password: 'kata-sandi-ramai', address: '10.1.1.2' }, options(clock));
		expect(owner.ok).toBe(true);
	});

	it('100 parallel guesses over many usernames from one address get at most its limit of checks', async () => {
		const clock = { now: new Date('2026-11-23T08:00:00Z') };
		const guesses = await Promise.all(
			Array.from({ length: 100 }, (_, i) => signIn(t.db, { username: `semprot${i}`, password: 'x', address: '10.1.2.1' }, options(clock)))
		);
		expect(guesses.filter((g) => !g.ok && g.reason === 'invalid')).toHaveLength(policy.lockAfterAddress);
	});

	it('counts concurrent failures for the slow-down without losing any', async () => {
		await addUser('sibuk', 'kata-sandi-sibuk');
		const clock = { now: new Date('2026-11-23T09:00:00Z') };
		const { recordFailure, slowDownMs } = await import('./login-throttle');
		await Promise.all(Array.from({ length: 5 }, (_, i) => recordFailure(t.db, 'sibuk', `10.1.3.${i}`, policy, clock.now)));
		// 5 failures, slowAfter 2: the 4th past the threshold.
		expect(await slowDownMs(t.db, 'sibuk', '10.1.3.99', policy, clock.now)).toBe(400);
	});
});

describe('sign-in on the audit trail', () => {
	it('writes each sign-in and each refused one, with the reason and the address, never the password', async () => {
		const id = await addUser('audit-me', 'rahasia-sekali');
		const clock = { now: new Date('2026-11-20T03:00:00Z') };
		await signIn(t.db, { username: 'audit-me', password: 'salah-besar', address: '198.51.100.7' }, options(clock));
		await signIn(t.db, { username: 'audit-me', password: 'rahasia-sekali', address: '198.51.100.7' }, options(clock));
		await signIn(t.db, { username: 'nobody-\ud83d', password: 'x', address: '198.51.100.8' }, options(clock));
		await signIn(t.db, { username: 'mati', password: 'benar-sekali', address: '198.51.100.9' }, options(clock));
		const rows = await t.db.select().from(auditLog).where(like(auditLog.ipAddress, '198.51.100.%')).orderBy(auditLog.id);
		expect(rows.map((r) => [r.action, r.userId, r.entityId, r.after, r.ipAddress])).toEqual([
			['auth.signInFailed', null, id, { username: 'audit-me', reason: 'wrongPassword' }, '198.51.100.7'],
			['auth.signIn', id, id, null, '198.51.100.7'],
			['auth.signInFailed', null, null, { username: 'nobody-\ufffd', reason: 'unknownUser' }, '198.51.100.8'],
			['auth.signInFailed', null, expect.any(String), { username: 'mati', reason: 'disabled' }, '198.51.100.9']
		]);
		expect(JSON.stringify(rows)).not.toMatch(/salah-besar|rahasia-sekali|benar-sekali/);
	});
});
