/**
 * The one reader of rupiah amounts typed by a person — office forms, hand-overs, settings and the
 * phone alike (DESIGN: money is integer rupiah). Indonesian writes `.` between thousands and `,`
 * before decimals, so the grammar is (case-insensitive, spaces around it ignored):
 *
 *   amount  = [ "Rp" ["."] | "IDR" ] [spaces] ( plain | unit ) [ ",-" ]
 *   plain   = digits                              150000
 *           | d{1,3} ( "." d{3} )+ [ ",00" ]      150.000   1.250.000   Rp 150.000,00
 *           | d{1,3} ( " " d{3} )+                150 000
 *   unit    = digits [ ("," | ".") d{1,2} ] [spaces] word
 *   word    = "rb" | "ribu" | "k"  (× 1.000)     150rb   150 ribu   1,5rb
 *           | "jt" | "juta"        (× 1.000.000) 1,5 jt   1.5jt   2 juta
 *
 * Everything else is refused with a message that says how the text could be read:
 * - `150,000`: a comma then three digits is a thousands comma to an English reader and a
 *   decimal comma to an Indonesian one (Rp 150.000 or Rp 150) — ambiguous, never guessed;
 * - `150.00`, `150,5`, `1.5`: a fraction of a rupiah (the digits after the mark are named);
 * - `1.5000`, `15.00.000`: dots that do not group thousands by three;
 * - `1.500 jt`: a mark then three digits before a unit (1.500 × or 1,5 × a million);
 * - negative amounts, and more than MAX_AMOUNT (the reading is named).
 * An accepted plain amount is exactly the number its digits spell (so no reading ever drops or
 * adds three zeros); a unit multiplies exactly; the result is a whole rupiah, 0 … MAX_AMOUNT.
 */
import { formatRupiah, MAX_AMOUNT } from './money';
import type { MessageKey } from './i18n/index';

export type RupiahProblem = { key: MessageKey; values: Record<string, string> };
export type RupiahReading = { ok: true; amount: number } | { ok: false; problem: RupiahProblem };

/** Longer text than this is not an amount anybody typed. */
const MAX_TEXT = 40;

const UNITS: Record<string, number> = { rb: 1_000, ribu: 1_000, k: 1_000, jt: 1_000_000, juta: 1_000_000 };

const refuse = (key: MessageKey, values: Record<string, string> = {}): RupiahReading => ({ ok: false, problem: { key, values } });

/** Digits to a number, or null beyond the safe range (a pasted long number). */
function digitsValue(digits: string): number | null {
	const n = Number(digits);
	return Number.isSafeInteger(n) ? n : null;
}

/** An amount as a message names it; one too long to hold is shown as its digits. */
const shown = (amount: number | null, digits: string): string => (amount === null ? digits : formatRupiah(amount));

function bounded(amount: number | null, text: string): RupiahReading {
	if (amount === null || amount > MAX_AMOUNT) {
		return refuse('money.tooLarge', { text, amount: shown(amount, text), max: formatRupiah(MAX_AMOUNT) });
	}
	return { ok: true, amount };
}

/** `whole[,.]fraction × unit` in integers (a fraction of at most three digits keeps it exact). */
function scaled(whole: string, fraction: string, unit: number): number | null {
	const w = digitsValue(whole);
	if (w === null) return null;
	const f = fraction === '' ? 0 : (Number(fraction) * unit) / 10 ** fraction.length;
	const total = w * unit + f;
	return Number.isSafeInteger(total) ? total : null;
}

/** Reads what a person typed as a whole-rupiah amount, or says why not and how it read it. */
export function readRupiah(input: string): RupiahReading {
	const text = input.trim();
	if (text === '') return refuse('money.empty');
	if (text.length > MAX_TEXT) return refuse('money.unrecognised', { text: `${text.slice(0, MAX_TEXT)}…` });
	let body = text
		.replace(/^(?:rp\.?|idr)\s*/i, '')
		.replace(/,-$/, '')
		.trim();
	if (/^[-−]/.test(body)) return refuse('money.negative', { text });
	body = body.toLowerCase();

	// With a unit word: a number times a thousand or a million.
	const unit = /^(\d+)(?:([.,])(\d+))?\s*(rb|ribu|k|jt|juta)$/.exec(body);
	if (unit) {
		const [, whole, mark, fraction = '', word] = unit;
		const factor = UNITS[word];
		if (fraction.length === 3) {
			// `1.500 jt`: thousands dot or decimal mark? Both readings are named, neither is taken.
			return refuse('money.ambiguousUnit', {
				text,
				asThousands: shown(scaled(`${whole}${fraction}`, '', factor), text),
				asDecimal: shown(scaled(whole, fraction, factor), text)
			});
		}
		if (fraction.length > 2 || (mark && fraction === '')) return refuse('money.unrecognised', { text });
		return bounded(scaled(whole, fraction, factor), text);
	}

	if (/^\d+$/.test(body)) return bounded(digitsValue(body), text);
	const dotted = /^(\d{1,3}(?:\.\d{3})+)(,00)?$/.exec(body);
	if (dotted) return bounded(digitsValue(dotted[1].replace(/\./g, '')), text);
	if (/^\d{1,3}(?: \d{3})+$/.test(body)) return bounded(digitsValue(body.replace(/ /g, '')), text);

	// `150,000` and `1,500,000`: commas between groups of three.
	const commas = /^\d{1,3}(?:,\d{3})+$/.exec(body);
	if (commas) {
		const asThousands = digitsValue(body.replace(/,/g, ''));
		const groups = body.split(',');
		if (groups.length === 2) {
			return refuse('money.ambiguousComma', { text, asThousands: shown(asThousands, body), asDecimal: formatRupiah(Number(groups[0])) });
		}
		return refuse('money.commaThousands', { text, asThousands: shown(asThousands, body) });
	}

	// A fraction after the last mark: `150.00`, `150,5`, `1.500,50`, `1.5`.
	const fractional = /^(\d+|\d{1,3}(?:\.\d{3})+)[.,](\d+)$/.exec(body);
	if (fractional) {
		const whole = digitsValue(fractional[1].replace(/\./g, ''));
		if (whole !== null) return refuse('money.fraction', { text, whole: formatRupiah(whole), fraction: fractional[2] });
	}
	if (/^[\d.]+$/.test(body)) return refuse('money.grouping', { text });
	return refuse('money.unrecognised', { text });
}

/** What an amount field shows to start with: `150.000`, which `readRupiah` reads back exactly. */
export function amountText(amount: number): string {
	return formatRupiah(amount).replace(/^-?Rp /, '');
}
