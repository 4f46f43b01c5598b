/**
 * Cached Intl formatters. Building an Intl.DateTimeFormat costs tens of microseconds (it loads
 * the zone and locale data); the date helpers run once per row of a report or per month of a
 * range, so each distinct (locale, options) is built once per process and reused.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** Enough distinct formats for every zone and language in use; a flood of odd zones cannot grow it without end. */
const MAX_CACHED = 500;

function cached<T>(map: Map<string, T>, key: string, make: () => T): T {
	let f = map.get(key);
	if (!f) {
		f = make();
		if (map.size >= MAX_CACHED) map.clear();
		map.set(key, f);
	}
	return f;
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	return cached(dateFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	return cached(numberFormats, `${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}
