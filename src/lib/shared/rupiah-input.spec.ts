import { describe, expect, it } from 'vitest';
import { parseRupiahInput } from './rupiah-input';

describe('parseRupiahInput', () => {
	it('reads amounts typed the Indonesian way', () => {
		expect(parseRupiahInput('150000')).toBe(150_000);
		expect(parseRupiahInput(' 150.000 ')).toBe(150_000);
		expect(parseRupiahInput('Rp 1.250.000')).toBe(1_250_000);
		expect(parseRupiahInput('rp.75.000')).toBe(75_000);
		expect(parseRupiahInput('-5.000')).toBe(-5_000);
		expect(parseRupiahInput('1.500,50')).toBe(1500.5);
		expect(parseRupiahInput('')).toBeNull();
	});
	it('gives NaN for what is not an amount rather than guessing', () => {
		for (const junk of ['1500.5', '15.00', 'seratus', '1,2,3', '1.5000']) expect(parseRupiahInput(junk), junk).toBeNaN();
	});
});
