import { describe, expect, it } from 'vitest';
import {
	addDays,
	addMonthsClamped,
	daysBetween,
	isLocalDate,
	localDateOf,
	localMinutesOf,
	localTimeToInstant,
	yearMonthOf
} from './dates';

const WIB = 'Asia/Jakarta';

describe('local dates', () => {
	it('23:30 WIB on the last day of a month is still that day, though UTC says 16:30', () => {
		const instant = new Date('2026-11-30T16:30:00Z');
		expect(localDateOf(instant, WIB)).toBe('2026-11-30');
		expect(localMinutesOf(instant, WIB)).toBe(23 * 60 + 30);
		// and 00:30 WIB on the 1st is the next month, though UTC is still on the 30th
		expect(localDateOf(new Date('2026-11-30T17:30:00Z'), WIB)).toBe('2026-12-01');
	});

	it('does day and month arithmetic across month ends and leap years', () => {
		expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addMonthsClamped('2026-01-31', 1)).toBe('2026-02-28');
		expect(addMonthsClamped('2026-12-15', 1)).toBe('2027-01-15');
		expect(addMonthsClamped('2026-03-31', -1)).toBe('2026-02-28');
		expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28);
		expect(yearMonthOf('2026-11-05')).toBe('202611');
	});

	it('converts local wall time to the UTC instant', () => {
		expect(localTimeToInstant('2026-12-01', 0, WIB).toISOString()).toBe('2026-11-30T17:00:00.000Z');
		expect(localTimeToInstant('2026-07-01', 120, 'Europe/Berlin').toISOString()).toBe('2026-07-01T00:00:00.000Z');
	});

	it('validates', () => {
		expect(isLocalDate('2026-02-29')).toBe(false);
		expect(isLocalDate('2028-02-29')).toBe(true);
		expect(isLocalDate('2026-13-01')).toBe(false);
		expect(isLocalDate('26-1-1')).toBe(false);
	});
});
