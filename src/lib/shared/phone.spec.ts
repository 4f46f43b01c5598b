import { describe, expect, it } from 'vitest';
import { formatPhone, internationalPhone, normalisePhone, phoneDigitsForSearch, telHref, waHref, waShareHref } from './phone';

describe('normalisePhone (stored 08… form)', () => {
	it('stores Indonesian mobiles as 08…', () => {
		expect(normalisePhone('0812-3456-7890')).toBe('081234567890');
		expect(normalisePhone('+62 812 3456 7890')).toBe('081234567890');
		expect(normalisePhone('6281234567890')).toBe('081234567890');
		expect(normalisePhone('(0856) 4123.456')).toBe('08564123456');
	});
	it('refuses what is not one', () => {
		for (const bad of ['0812345', '08123456789012345', '0212345678', '+1 415 555 0100', '08abc45678901', '']) {
			expect(normalisePhone(bad), bad).toBeNull();
		}
	});
});

describe('internationalPhone (62… form)', () => {
	it.each([
		['0812-3456-7890', '6281234567890'],
		['+62 812 3456 7890', '6281234567890'],
		['6281234567890', '6281234567890'],
		['81234567890', '6281234567890'],
		['812 3456 7890', '6281234567890'],
		['(0274) 512345', '62274512345'],
		['0062 812 3456 789', '628123456789']
	])('%s → %s', (raw, expected) => {
		expect(internationalPhone(raw)).toBe(expected);
	});

	it.each([null, undefined, '', '12', '12345', 'abc', '+1 202 555 0100', '0812345'])('refuses %s', (raw) => {
		expect(internationalPhone(raw)).toBeNull();
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

	it('keeps only digits for search', () => {
		expect(phoneDigitsForSearch('+62 812-345')).toBe('62812345');
		expect(phoneDigitsForSearch(null)).toBe('');
	});
});

describe('formatPhone', () => {
	it('shows every way of writing a mobile number in one form', () => {
		for (const raw of ['081234567890', '+6281234567890', '6281234567890', '0812 3456 7890', '+62 812-3456-7890', '(0812) 3456.7890', ' 081234567890 ']) {
			expect(formatPhone(raw)).toBe('0812-3456-7890');
		}
		expect(formatPhone('08123456789')).toBe('0812-3456-789');
		expect(formatPhone('+62 813 1234 56789')).toBe('0813-1234-56789');
	});

	it('leaves what is not a mobile number as written, and none as empty', () => {
		expect(formatPhone('(0274) 512345')).toBe('(0274) 512345');
		expect(formatPhone('12345')).toBe('12345');
		expect(formatPhone(null)).toBe('');
		expect(formatPhone(undefined)).toBe('');
		expect(formatPhone('  ')).toBe('');
	});
});
