import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/db';
import { normaliseAddress, sourceKey, takeAllowance } from './rate-limit';

describe('sources', () => {
	it('counts IPv4 per address and IPv6 per /64, whatever way the address is written', () => {
		expect(sourceKey('10.0.0.5')).toBe('10.0.0.5');
		expect(sourceKey('::ffff:10.0.0.5')).toBe('10.0.0.5');
		expect(sourceKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
		expect(sourceKey('2001:0db8:0001:0002:ffff:eeee:dddd:cccc')).toBe('2001:db8:1:2::/64');
		expect(sourceKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(sourceKey('::1')).toBe('0:0:0:0::/64');
		expect(sourceKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
		expect(sourceKey('not an address')).toBe('other:not an address');
		expect(normaliseAddress('2001:db8::1')).toBe('2001:db8::1');
	});
});

describe('takeAllowance', () => {
	let t: TestDatabase;
	beforeAll(async () => (t = await createTestDatabase()));
	afterAll(async () => t?.drop());

	it('allows the limit per window, refuses after it until the window ends, then allows again', async () => {
		const policy = { windowMinutes: 10, limit: 3 };
		const t0 = new Date('2026-11-24T03:00:00Z');
		const seen = [];
		for (let i = 0; i < 5; i++) seen.push((await takeAllowance(t.db, 'test:a', policy, t0)).allowed);
		expect(seen).toEqual([true, true, true, false, false]);
		expect((await takeAllowance(t.db, 'test:a', policy, t0)).retryAt).toEqual(new Date('2026-11-24T03:10:00Z'));
		// Another subject has its own count.
		expect((await takeAllowance(t.db, 'test:b', policy, t0)).allowed).toBe(true);
		expect((await takeAllowance(t.db, 'test:a', policy, new Date('2026-11-24T03:10:01Z'))).allowed).toBe(true);
	});
});
