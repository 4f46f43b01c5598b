import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { amountText, readRupiah, type RupiahReading } from './rupiah-input';
import { formatRupiah, MAX_AMOUNT } from './money';
import { translate } from './i18n/index';

const amountOf = (r: RupiahReading) => (r.ok ? r.amount : null);
const problemOf = (r: RupiahReading) => (r.ok ? null : r.problem.key);

describe('readRupiah', () => {
	it('reads what Indonesians type', () => {
		const cases: [string, number][] = [
			['150000', 150_000],
			['150.000', 150_000],
			[' Rp 150.000 ', 150_000],
			['Rp150.000', 150_000],
			['rp. 75.000', 75_000],
			['IDR 75000', 75_000],
			['Rp 150.000,-', 150_000],
			['Rp 150.000,00', 150_000],
			['150 000', 150_000],
			['150rb', 150_000],
			['150 ribu', 150_000],
			['150K', 150_000],
			['1,5 jt', 1_500_000],
			['1.5jt', 1_500_000],
			['2 juta', 2_000_000],
			['Rp 1,25 juta', 1_250_000],
			['0,5rb', 500],
			['0', 0],
			['1.000.000.000', MAX_AMOUNT]
		];
		for (const [text, amount] of cases) expect(amountOf(readRupiah(text)), text).toBe(amount);
	});

	it('refuses the ambiguous and says how it could be read', () => {
		const comma = readRupiah('150,000');
		expect(problemOf(comma)).toBe('money.ambiguousComma');
		expect(comma.ok ? '' : translate('id', comma.problem.key, comma.problem.values)).toContain('Rp 150.000');
		expect(comma.ok ? '' : translate('en', comma.problem.key, comma.problem.values)).toContain('Rp 150 ');
		expect(problemOf(readRupiah('1,500,000'))).toBe('money.commaThousands');
		const cents = readRupiah('150.00');
		expect(problemOf(cents)).toBe('money.fraction');
		expect(cents.ok ? '' : translate('id', cents.problem.key, cents.problem.values)).toContain('terbaca Rp 150 ditambah pecahan “00”');
		const unit = readRupiah('1.500 jt');
		expect(problemOf(unit)).toBe('money.ambiguousUnit');
		expect(unit.ok ? '' : unit.problem.values).toMatchObject({ asThousands: 'Rp 1.500.000.000', asDecimal: 'Rp 1.500.000' });
	});

	it('refuses fractions, bad grouping, negatives, junk, empty and too much', () => {
		const cases: [string, string][] = [
			['150,5', 'money.fraction'],
			['1.500,50', 'money.fraction'],
			['150000,00', 'money.fraction'],
			['1.5', 'money.fraction'],
			['15.00.000', 'money.grouping'],
			['-5.000', 'money.negative'],
			['Rp -5.000', 'money.negative'],
			['seratus', 'money.unrecognised'],
			['1,2,3', 'money.unrecognised'],
			['150 rb 5', 'money.unrecognised'],
			['1,555 rb', 'money.ambiguousUnit'],
			['1,2345 jt', 'money.unrecognised'],
			['1.000.000.001', 'money.tooLarge'],
			['2000 jt', 'money.tooLarge'],
			['9'.repeat(30), 'money.tooLarge'],
			['', 'money.empty'],
			['   ', 'money.empty']
		];
		for (const [text, key] of cases) expect(problemOf(readRupiah(text)), text).toBe(key);
	});

	it('reads back every amount as the app writes it', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: MAX_AMOUNT }), (n) => {
				expect(amountOf(readRupiah(formatRupiah(n)))).toBe(n);
				expect(amountOf(readRupiah(amountText(n)))).toBe(n);
				expect(amountOf(readRupiah(String(n)))).toBe(n);
				expect(amountOf(readRupiah(`Rp${amountText(n)},-`))).toBe(n);
			}),
			{ numRuns: 2000 }
		);
	});

	it('never reads a text as anything but its own digits (no three zeros dropped or added)', () => {
		// Texts built from what people type: digits, marks, spaces, the prefix and the unit words.
		const token = fc.constantFrom('0', '1', '2', '5', '9', '00', '000', '.', ',', ' ', 'Rp', 'Rp ', ',-', ',00', 'rb', 'ribu', 'k', 'jt', 'juta', '-');
		fc.assert(
			fc.property(fc.array(token, { minLength: 1, maxLength: 10 }), (tokens) => {
				const text = tokens.join('');
				const reading = readRupiah(text);
				if (!reading.ok) {
					expect(translate('id', reading.problem.key, reading.problem.values)).not.toMatch(/\{\w+\}/);
					return;
				}
				expect(Number.isSafeInteger(reading.amount) && reading.amount >= 0 && reading.amount <= MAX_AMOUNT).toBe(true);
				const body = text.trim().toLowerCase().replace(/^(?:rp\.?|idr)\s*/, '').replace(/,-$/, '').replace(/,00$/, '').trim();
				const unit = /(rb|ribu|k|jt|juta)$/.exec(body);
				if (!unit) {
					// A plain amount is exactly the number its digits spell.
					expect(reading.amount).toBe(Number(body.replace(/\D/g, '')));
				} else {
					// A unit multiplies the number written before it, decimal mark and all, exactly.
					const number = body.slice(0, unit.index).trim().replace(',', '.');
					const factor = unit[1].startsWith('j') ? 1_000_000 : 1_000;
					expect(reading.amount).toBe(Math.round(Number(number) * factor));
					expect(Number(number) * factor - reading.amount).toBeCloseTo(0, 6);
				}
			}),
			{ numRuns: 5000 }
		);
	});
});
