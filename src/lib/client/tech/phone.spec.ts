import { describe, expect, it } from 'vitest';
import { normalizeIndonesianPhone, telHref, waHref, waShareHref } from './phone';

describe('normalizeIndonesianPhone', () => {
	it.each([
		['0812-3456-7890', '6281234567890'],
		['+62 812 3456 7890', '6281234567890'],
		['6281234567890', '6281234567890'],
		['81234567890', '6281234567890'],
		['(0274) 512345', '62274512345'],
		['0062 812 3456 789', '628123456789']
	])('%s → %s', (raw, expected) => {
		expect(normalizeIndonesianPhone(raw)).toBe(expected);
	});

	it.each([null, '', '12345', 'abc', '+1 202 555 0100'])('refuses %s', (raw) => {
		expect(normalizeIndonesianPhone(raw)).toBeNull();
	});
});

describe('links', () => {
	it('builds tel: with a plus', () => {
		expect(telHref('0812 3456 7890')).toBe('tel:+6281234567890');
		expect(telHref(null)).toBeNull();
	});

	it('builds wa.me with encoded text', () => {
		expect(waHref('08123456789', 'Halo *Budi*\nRp 150.000 & terima kasih')).toBe(
			'https://wa.me/628123456789?text=Halo%20*Budi*%0ARp%20150.000%20%26%20terima%20kasih'
		);
		expect(waHref('08123456789')).toBe('https://wa.me/628123456789');
		expect(waHref('123')).toBeNull();
		expect(waShareHref('a b')).toBe('https://wa.me/?text=a%20b');
	});
});
