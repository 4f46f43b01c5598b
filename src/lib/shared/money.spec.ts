import { describe, expect, it } from 'vitest';
import { formatRupiah } from './money';

describe('formatRupiah', () => {
	it('uses dots for thousands and no decimals', () => {
		expect(formatRupiah(150000)).toBe('Rp 150.000');
		expect(formatRupiah(1250000)).toBe('Rp 1.250.000');
		expect(formatRupiah(999)).toBe('Rp 999');
		expect(formatRupiah(0)).toBe('Rp 0');
	});
	it('puts the sign before Rp', () => {
		expect(formatRupiah(-5000)).toBe('-Rp 5.000');
	});
	it('refuses fractions', () => {
		expect(() => formatRupiah(1.5)).toThrow(RangeError);
	});
});
