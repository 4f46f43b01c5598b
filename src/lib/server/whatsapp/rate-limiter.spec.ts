import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';
import { DEFAULT_QUIET_HOURS, inQuietHours } from './quiet-hours';

describe('RateLimiter', () => {
	it('spaces calls evenly at the rate, and never lets more than the rate through in any second', () => {
		let now = 1_000_000;
		const limiter = new RateLimiter(20, () => now);
		const starts: number[] = [];
		for (let i = 0; i < 200; i++) {
			now += limiter.reserve();
			starts.push(now);
			now += i % 7 === 0 ? 120 : 5; // some claims are slow
		}
		for (let i = 0; i < starts.length; i++) {
			const inWindow = starts.filter((t) => t >= starts[i] && t < starts[i] + 1000).length;
			expect(inWindow).toBeLessThanOrEqual(20 + 3);
		}
		const rate = (starts.length - 1) / ((starts.at(-1)! - starts[0]) / 1000);
		expect(rate).toBeGreaterThan(19);
		expect(rate).toBeLessThanOrEqual(20.5);
	});

	it('waits out a pause the gateway asked for', () => {
		let now = 0;
		const limiter = new RateLimiter(10, () => now);
		limiter.reserve();
		limiter.pause(5000);
		expect(limiter.reserve()).toBe(5000);
	});

	it('gives back an unused slot', () => {
		let now = 0;
		const limiter = new RateLimiter(1, () => now);
		expect(limiter.reserve()).toBe(0);
		limiter.giveBack();
		now = 10;
		expect(limiter.reserve()).toBe(0);
	});
});

describe('quiet hours', () => {
	// 21:00–07:00 in Jakarta (UTC+7) is 14:00–00:00 UTC.
	const at = (utc: string) => new Date(`2026-12-07T${utc}:00Z`);
	it('wraps midnight in the ISP’s zone', () => {
		expect(inQuietHours(at('13:59'), 'Asia/Jakarta', DEFAULT_QUIET_HOURS)).toBe(false);
		expect(inQuietHours(at('14:00'), 'Asia/Jakarta', DEFAULT_QUIET_HOURS)).toBe(true);
		expect(inQuietHours(at('19:00'), 'Asia/Jakarta', DEFAULT_QUIET_HOURS)).toBe(true); // 02:00 local
		expect(inQuietHours(at('23:59'), 'Asia/Jakarta', DEFAULT_QUIET_HOURS)).toBe(true);
		expect(inQuietHours(at('00:00'), 'Asia/Jakarta', DEFAULT_QUIET_HOURS)).toBe(false); // 07:00 local
		expect(inQuietHours(at('19:00'), 'Asia/Makassar', DEFAULT_QUIET_HOURS)).toBe(true); // 03:00 WITA
		expect(inQuietHours(at('23:30'), 'Asia/Makassar', DEFAULT_QUIET_HOURS)).toBe(false); // 07:30 WITA
	});
	it('can be switched off, and an empty window is no window', () => {
		expect(inQuietHours(at('19:00'), 'Asia/Jakarta', { ...DEFAULT_QUIET_HOURS, enabled: false })).toBe(false);
		expect(inQuietHours(at('19:00'), 'Asia/Jakarta', { enabled: true, start: '10:00', end: '10:00' })).toBe(false);
	});
});
