import { describe, expect, it } from 'vitest';
import { dateTimeFormat, numberFormat } from './intl-cache';
import { localDateOf } from './dates';

describe('cached Intl formatters', () => {
	it('builds one formatter per locale and options, and a different one for other options', () => {
		const a = dateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' });
		expect(dateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' })).toBe(a);
		expect(dateTimeFormat('en-CA', { timeZone: 'Asia/Makassar', year: 'numeric' })).not.toBe(a);
		expect(numberFormat('id-ID', { maximumFractionDigits: 0 })).toBe(numberFormat('id-ID', { maximumFractionDigits: 0 }));
	});

	it('keeps answering correctly per zone when the same formatter is reused', () => {
		const instant = new Date('2026-10-31T17:30:00Z');
		expect(localDateOf(instant, 'Asia/Jakarta')).toBe('2026-11-01');
		expect(localDateOf(instant, 'UTC')).toBe('2026-10-31');
		expect(localDateOf(instant, 'Asia/Jakarta')).toBe('2026-11-01');
	});
});
