/**
 * Reads a rupiah amount typed the Indonesian way: `150000`, `150.000`, `Rp 150.000`. Dots are
 * thousands separators only where they group by three, so `1500.5` is not quietly read as 15005;
 * a comma starts decimals, which the price rules then refuse. Empty gives null, junk gives NaN, so
 * the server names the field either way.
 */
export function parseRupiahInput(text: string): number | null {
	const compact = text.trim().replace(/^rp\.?/i, '').replace(/\s+/g, '');
	if (compact === '') return null;
	const match = /^(-?)(\d+|\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/.exec(compact);
	if (!match) return Number.NaN;
	const [, sign, whole, fraction] = match;
	return Number(`${sign}${whole.replace(/\./g, '')}${fraction ? `.${fraction}` : ''}`);
}
