import { describe, expect, it } from 'vitest';
import { monthLabel, niceMax, shortNumber, ticks } from './scale';

describe('chart scale', () => {
	it('rounds the top of the axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
		expect(niceMax(0)).toBe(1);
		expect(niceMax(7)).toBe(10);
		expect(niceMax(10)).toBe(10);
		expect(niceMax(11)).toBe(20);
		expect(niceMax(2_100_000)).toBe(2_500_000);
		expect(niceMax(42_000_000)).toBe(50_000_000);
	});

	it('puts gridlines at round steps from zero', () => {
		expect(ticks(5)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(ticks(2_000_000)).toEqual([0, 500_000, 1_000_000, 1_500_000, 2_000_000]);
		expect(ticks(2_500_000)).toEqual([0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000]);
		expect(ticks(10)).toEqual([0, 2, 4, 6, 8, 10]);
	});

	it('writes short amounts the Indonesian and the English way', () => {
		expect(shortNumber(1_500_000, 'id')).toBe('1,5 jt');
		expect(shortNumber(350_000, 'id')).toBe('350 rb');
		expect(shortNumber(1_500_000, 'en')).toBe('1.5M');
		expect(shortNumber(2_000_000_000, 'id')).toBe('2 M');
		expect(shortNumber(-250_000, 'en')).toBe('-250K');
		expect(shortNumber(12, 'id')).toBe('12');
	});

	it('labels months in the reader’s language', () => {
		expect(monthLabel('2026-08', 'id')).toMatch(/Agu/);
		expect(monthLabel('2026-08', 'en')).toMatch(/Aug/);
	});
});
