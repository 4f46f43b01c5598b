/**
 * The street part of an Indonesian address, for grouping the route: "Jl. Melati No. 5, RT 02/RW 03"
 * and "jalan melati 7" both belong to "Jl. Melati"; "Gg. Mawar III/12" to "Gg. Mawar III".
 */

const PREFIXES: Array<[RegExp, string]> = [
	[/^(jl|jln|jalan)\b\.?\s*/i, 'Jl. '],
	[/^(gg|gang)\b\.?\s*/i, 'Gg. '],
	[/^(komp|kompleks|komplek)\b\.?\s*/i, 'Komp. '],
	[/^(perum|perumahan)\b\.?\s*/i, 'Perum '],
	[/^(dusun|dsn)\b\.?\s*/i, 'Dusun '],
	[/^(kp|kampung)\b\.?\s*/i, 'Kp. '],
	[/^(blok)\b\.?\s*/i, 'Blok ']
];

/** Segments that are never a street (neighbourhood units, house numbers alone). */
const NOT_A_STREET = /^(rt|rw|no|nomor|kel|kelurahan|desa|kec|kecamatan|kab|kabupaten|kota)\b\.?/i;

function titleCase(s: string): string {
	return s.toLowerCase().replace(/(^|[\s/-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Roman numerals (gang numbering) stay upper case. */
function fixRoman(s: string): string {
	return s.replace(/\b(i{1,3}|iv|v|vi{1,3}|ix|x{1,3})\b/gi, (m) => m.toUpperCase());
}

/** The display name of the street, or null when the address names none. */
export function streetOf(address: string): string | null {
	const segments = address
		.split(/[,;\n]/)
		.map((s) => s.trim())
		.filter(Boolean);
	const segment = segments.find((s) => !NOT_A_STREET.test(s) && /\p{L}{2,}/u.test(s));
	if (!segment) return null;
	let prefix = '';
	let rest = segment;
	for (const [re, canonical] of PREFIXES) {
		if (re.test(rest)) {
			prefix = canonical;
			rest = rest.replace(re, '');
			break;
		}
	}
	// Drop the house number and anything after it: "Melati No. 5", "Melati 7", "Mawar III/12", "Melati RT 2".
	rest = rest
		.replace(/\s+(no|nomor|nmr)\b\.?.*$/i, '')
		.replace(/\s+(rt|rw)\b.*$/i, '')
		.replace(/\/.*$/, '')
		// "Jl. Kaliurang Km 7" is a place name; only a bare trailing number is a house number.
		.replace(/(?<!\bkm)(\s+#?\d+[a-z]?)+$/i, '')
		.replace(/\s+/g, ' ')
		.trim();
	if (!/\p{L}/u.test(rest)) return null;
	return (prefix + fixRoman(titleCase(rest))).trim();
}

/** Case- and punctuation-insensitive key so spelling variants of one street group together. */
export function streetKey(street: string | null): string {
	return street ? street.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim() : '';
}
