/**
 * A rupiah amount in words, as a kuitansi writes it under the figure ("terbilang"): Indonesian
 * for an Indonesian reader, English for an English one. Whole rupiah only (money is integer
 * rupiah everywhere); up to 999 trillion, which no receipt reaches.
 *
 * The number words are language data like Intl's, not UI text, so they live here and not in the
 * message catalogue; the catalogue holds the label and the "rupiah" sentence around them.
 */
import type { Language } from '$lib/shared/domain';

const ID_UNITS = ['', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh', 'sebelas'];
const ID_SCALES = ['', 'ribu', 'juta', 'miliar', 'triliun'];

/** 0 < n < 1000 in Indonesian: "se-" for one hundred (seratus) and eleven (sebelas). */
function idBelowThousand(n: number): string[] {
	const words: string[] = [];
	const hundreds = Math.floor(n / 100);
	const rest = n % 100;
	if (hundreds === 1) words.push('seratus');
	else if (hundreds > 1) words.push(ID_UNITS[hundreds], 'ratus');
	if (rest < 12) {
		if (rest > 0) words.push(ID_UNITS[rest]);
	} else if (rest < 20) words.push(ID_UNITS[rest - 10], 'belas');
	else {
		words.push(ID_UNITS[Math.floor(rest / 10)], 'puluh');
		if (rest % 10) words.push(ID_UNITS[rest % 10]);
	}
	return words;
}

const EN_UNITS = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['', 'thousand', 'million', 'billion', 'trillion'];

function enBelowThousand(n: number): string[] {
	const words: string[] = [];
	const hundreds = Math.floor(n / 100);
	const rest = n % 100;
	if (hundreds) words.push(EN_UNITS[hundreds], 'hundred');
	if (rest >= 20) words.push(EN_TENS[Math.floor(rest / 10)] + (rest % 10 ? `-${EN_UNITS[rest % 10]}` : ''));
	else if (rest) words.push(EN_UNITS[rest]);
	return words;
}

/** Groups of three digits, the highest first, with their scale index. */
function groups(n: number): Array<{ value: number; scale: number }> {
	const out: Array<{ value: number; scale: number }> = [];
	for (let scale = 0; n > 0; scale++, n = Math.floor(n / 1000)) out.unshift({ value: n % 1000, scale });
	return out.filter((g) => g.value > 0);
}

/** The number alone, lower case: "seratus lima puluh ribu", "one hundred fifty thousand". */
export function numberInWords(amount: number, lang: Language): string {
	const n = Math.abs(Math.trunc(amount));
	if (!Number.isSafeInteger(n) || n >= 1e15) throw new RangeError(`amount out of range: ${amount}`);
	if (n === 0) return lang === 'id' ? 'nol' : 'zero';
	const words = groups(n).flatMap(({ value, scale }) => {
		if (lang === 'en') return [...enBelowThousand(value), EN_SCALES[scale]];
		// One thousand is "seribu"; one million is "satu juta".
		if (scale === 1 && value === 1) return ['seribu'];
		return [...idBelowThousand(value), ID_SCALES[scale]];
	});
	return (amount < 0 ? ['minus', ...words] : words).filter(Boolean).join(' ');
}
