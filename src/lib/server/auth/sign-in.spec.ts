import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { users, sessions } from '../db/schema';
import { hashPassword } from './password';
import { signIn, type SignInOptions } from './sign-in';
import { validateSession, revokeUserSessions, sessionIdOf } from './session';
import type { ThrottlePolicy } from './login-throttle';

let t: TestDatabase;
const secret = 'x'.repeat(40);
const policy: ThrottlePolicy = {
	windowMinutes: 15,
	slowAfter: 2,
	lockAfterUsername: 4,
	lockAfterAddress: 6,
	lockMinutes: 15,
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

	it('slows and then refuses a username for a while, even with the right password', async () => {
		await addUser('budi', 'kata-sandi-budi');
		const clock = { now: new Date('2026-11-23T05:00:00Z') };
		const delays: number[] = [];
		const results = [];
		for (let i = 0; i < 5; i++) {
			// A different address each time: the username alone is enough to lock.
			results.push(await signIn(t.db, { username: 'budi', password: 'salah', address: `10.0.2.${i}` }, options(clock, delays)));
		}
		// Failures 3 and 4 are slowed; the 4th locks, so the 5th is refused at once.
		expect(delays).toEqual([100, 200]);
		expect(results.at(-1)).toMatchObject({ ok: false, reason: 'locked' });
		const locked = await signIn(t.db, { username: 'budi', password: 'kata-sandi-budi', address: '10.0.2.99' }, options(clock));
		expect(locked).toEqual({ ok: false, reason: 'locked', retryAfterMinutes: 15 });

		clock.now = new Date(clock.now.getTime() + 16 * 60_000);
		const after = await signIn(t.db, { username: 'budi', password: 'kata-sandi-budi', address: '10.0.2.99' }, options(clock));
		expect(after.ok).toBe(true);
	});

	it('refuses an address that tries many usernames', async () => {
		const clock = { now: new Date('2026-11-23T06:00:00Z') };
		for (let i = 0; i < 7; i++) {
			await signIn(t.db, { username: `tebak${i}`, password: 'x', address: '10.9.9.9' }, options(clock));
		}
		const result = await signIn(t.db, { username: 'sari', password: 'benar-sekali', address: '10.9.9.9' }, options(clock));
		expect(result).toMatchObject({ ok: false, reason: 'locked' });
	});

	it('counts concurrent failures without losing any', async () => {
		await addUser('ramai', 'kata-sandi-ramai');
		const clock = { now: new Date('2026-11-23T07:00:00Z') };
		const { recordFailure } = await import('./login-throttle');
		await Promise.all(Array.from({ length: 3 }, (_, i) => recordFailure(t.db, 'ramai', `10.1.1.${i}`, policy, clock.now)));
		const result = await signIn(t.db, { username: 'ramai', password: 'salah', address: '10.1.1.50' }, options(clock));
		expect(result).toMatchObject({ ok: false });
		const again = await signIn(t.db, { username: 'ramai', password: 'kata-sandi-ramai', address: '10.1.1.51' }, options(clock));
		expect(again).toMatchObject({ ok: false, reason: 'locked' });
	});
});
