import { describe, expect, it } from 'vitest';
import { numberInWords } from './amount-words';

describe('amounts in words (terbilang)', () => {
	it.each([
		[0, 'nol'],
		[11, 'sebelas'],
		[15, 'lima belas'],
		[100, 'seratus'],
		[111, 'seratus sebelas'],
		[1_000, 'seribu'],
		[1_500, 'seribu lima ratus'],
		[21_000, 'dua puluh satu ribu'],
		[150_000, 'seratus lima puluh ribu'],
		[175_500, 'seratus tujuh puluh lima ribu lima ratus'],
		[1_000_000, 'satu juta'],
		[1_001_000, 'satu juta seribu'],
		[2_250_000, 'dua juta dua ratus lima puluh ribu'],
		[1_000_000_000, 'satu miliar'],
		[999_999_999_999_999, 'sembilan ratus sembilan puluh sembilan triliun sembilan ratus sembilan puluh sembilan miliar sembilan ratus sembilan puluh sembilan juta sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan']
	])('%i in Indonesian is "%s"', (n, words) => {
		expect(numberInWords(n, 'id')).toBe(words);
	});

	it.each([
		[0, 'zero'],
		[13, 'thirteen'],
		[1_000, 'one thousand'],
		[150_000, 'one hundred fifty thousand'],
		[175_500, 'one hundred seventy-five thousand five hundred'],
		[2_250_000, 'two million two hundred fifty thousand'],
		[1_000_000_000, 'one billion']
	])('%i in English is "%s"', (n, words) => {
		expect(numberInWords(n, 'en')).toBe(words);
	});

	it('refuses what no receipt can carry instead of writing nonsense', () => {
		expect(() => numberInWords(1e15, 'id')).toThrow(RangeError);
		expect(() => numberInWords(Number.NaN, 'en')).toThrow(RangeError);
	});
});
