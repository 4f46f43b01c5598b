import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, formatTime } from './index';

describe('dates, times and numbers in the reader’s language', () => {
	// 02:15 UTC is 09:15 in Jakarta (WIB, UTC+7) on the same day.
	const instant = new Date('2026-11-24T02:15:00Z');

	it('writes dates day first, the Indonesian way, in both languages', () => {
		expect(formatDate('2026-11-24', 'id', 'Asia/Jakarta')).toBe('24 Nov 2026');
		expect(formatDate('2026-08-17', 'id', 'Asia/Jakarta')).toBe('17 Agu 2026');
		expect(formatDate('2026-08-17', 'en', 'Asia/Jakarta')).toBe('17 Aug 2026');
	});

	it('reads an instant in the ISP’s zone, not the server’s', () => {
		expect(formatDate(new Date('2026-11-23T18:00:00Z'), 'id', 'Asia/Jakarta')).toBe('24 Nov 2026');
		expect(formatTime(instant, 'id', 'Asia/Jakarta')).toBe('09.15');
		expect(formatTime(instant, 'en', 'Asia/Jakarta')).toBe('09:15');
		expect(formatTime(instant, 'id', 'Asia/Jayapura')).toBe('11.15');
		expect(formatDateTime(instant, 'id', 'Asia/Jakarta')).toMatch(/^24 Nov 2026.*09\.15$/);
	});

	it('groups thousands and writes decimals as each language does', () => {
		expect(formatNumber(1_250_000, 'id')).toBe('1.250.000');
		expect(formatNumber(1_250_000, 'en')).toBe('1,250,000');
		expect(formatNumber(1.46, 'id', 1)).toBe('1,5');
		expect(formatNumber(1.46, 'en', 1)).toBe('1.5');
		expect(formatNumber(1.46, 'id')).toBe('1');
	});
});
