/**
 * Values the internet sends: wrong types, extremes, ill-formed Unicode, huge strings, dates at
 * the edges of the calendar. Shared by the procedure fuzzer (Vitest) and the route fuzzer
 * (Playwright), so both try the same classes.
 */
import fc from 'fast-check';

/** Dates and months at the edges of the calendar, and ones that are not dates at all. */
export const calendarEdgeStrings = {
	dates: ['0000-01-01', '0001-01-01', '1000-01-01', '1899-12-31', '1969-12-31', '1970-01-01', '2026-02-29', '2024-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '9999-12-31', '10000-01-01', '-001-01-01', '+275760-09-13'],
	months: ['0000-01', '0001-01', '1970-01', '9999-12', '2026-13', '2026-00', '99999-01'],
	instants: ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '+275760-09-13T00:00:00Z', '2026-03-31T24:00:00+07:00', '2026-01-01T00:00:00+14:00', 'T']
};

/** Field and parameter names that hold a date, a month or an instant. */
export const DATE_LIKE_NAME = /date|^from$|^to$|until|through|period|month|At$/i;

/** A calendar edge of any form, for a field whose name says it holds a date. */
export function calendarEdge(): fc.Arbitrary<string> {
	// The edges the audit named come up half of the time; the rest are spread over every form.
	return fc.oneof(
		fc.constantFrom('0000-01', '0000-01-01', '0001-01-01', '1970-01-01', '9999-12-31', '9999-12'),
		fc.constantFrom(...calendarEdgeStrings.dates, ...calendarEdgeStrings.months, ...calendarEdgeStrings.instants)
	);
}

/** Numbers at the edges: bounds of JavaScript, of MariaDB columns, and numbers written as text. */
export const numberEdges: unknown[] = [
	0,
	-0,
	-1,
	1,
	0.5,
	-0.000001,
	2 ** 31 - 1,
	2 ** 31,
	2 ** 32,
	2 ** 53 - 1,
	Number.MAX_SAFE_INTEGER + 1,
	-Number.MAX_SAFE_INTEGER - 1,
	1e15,
	1e300,
	-1e300,
	Number.MAX_VALUE,
	Number.MIN_VALUE,
	NaN,
	Infinity,
	-Infinity,
	'NaN',
	'Infinity',
	'1e300',
	'9223372036854775808',
	'-1',
	'0x10',
	' 1 ',
	'',
	9223372036854775807n,
	-1n
];

const HUGE = 100 * 1024;

/** Strings a person would never type: lone surrogates, NUL, control characters, huge ones. */
export const hostileStrings: string[] = [
	'',
	' ',
	'\uD800',
	'a\uDC00b',
	'\uDBFF',
	'💸\uD83D',
	'\u0000',
	'a\u0000b',
	'\t\r\n',
	'\u202Eevil',
	'\uFEFF',
	'\uFFFF',
	'%',
	'%c0%af',
	'..%c0%af..',
	'../../etc/passwd',
	"' OR 1=1 -- ",
	'"; DROP TABLE users; --',
	'<script>alert(1)</script>',
	'=HYPERLINK("http://evil.example")',
	'{{constructor.constructor}}',
	'__proto__',
	'null',
	'undefined',
	'true',
	'x'.repeat(256),
	'9'.repeat(400),
	'é'.repeat(70_000),
	'a'.repeat(HUGE),
	'\uD800'.repeat(1000)
];

/** Any value at all, leaning on the classes above; recursive containers kept small. */
export function hostileValue(): fc.Arbitrary<unknown> {
	const leaf = fc.oneof(
		{ weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
		{ weight: 3, arbitrary: fc.constantFrom(...numberEdges) },
		{ weight: 2, arbitrary: fc.constantFrom(...calendarEdgeStrings.dates, ...calendarEdgeStrings.months, ...calendarEdgeStrings.instants) },
		{ weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, true, false, [], {}) },
		{ weight: 1, arbitrary: fc.constantFrom(new Date(-62198755200000), new Date(0), new Date(253402300799999), new Date(8.64e15), new Date(-8.64e15)) },
		{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
		{ weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\uD800', '\uDC00', 'a', '\u0000', '\u200B'), maxLength: 20 }) },
		{ weight: 1, arbitrary: fc.double() },
		{ weight: 1, arbitrary: fc.integer() }
	);
	return fc.oneof(
		{ weight: 6, arbitrary: leaf },
		{ weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) },
		{ weight: 1, arbitrary: fc.dictionary(fc.constantFrom('id', 'name', '__proto__', 'constructor', 'x'), leaf, { maxKeys: 3 }) },
		{ weight: 1, arbitrary: fc.constant(Array.from({ length: 5000 }, (_, i) => i)) }
	);
}
