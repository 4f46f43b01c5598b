import { describe, expect, it } from 'vitest';
import { parseRupiahInput } from './amount';

describe('parseRupiahInput', () => {
	it.each([
		['150000', 150_000],
		['150.000', 150_000],
		['Rp 150.000', 150_000],
		['rp150.000', 150_000],
		['1.500.000', 1_500_000],
		['150,000', 150_000],
		[' 75 000 ', 75_000]
	])('%s → %d', (raw, amount) => {
		expect(parseRupiahInput(raw)).toEqual({ ok: true, amount });
	});

	it.each([
		['', 'techCash.amountRequired'],
		['0', 'techCash.amountRequired'],
		['150.5', 'techCash.amountWhole'],
		['150,50', 'techCash.amountWhole'],
		['-5000', 'techCash.amountWhole'],
		['abc', 'techCash.amountWhole'],
		['2000000000', 'techCash.amountTooBig']
	])('refuses %s', (raw, error) => {
		expect(parseRupiahInput(raw)).toEqual({ ok: false, error });
	});
});
