/**
 * The one place a zod failure becomes words. Every issue code zod 4 can raise maps to a message
 * key of ours with its values ("Minimal 0", "Pilih salah satu: …"); a schema may instead give its
 * own key as the message (`{ error: 'validation.username' }`). No library default text is ever
 * shown: anything not recognised falls back to `validation.invalid`.
 */
import { z } from 'zod';
import type { MessageKey, Translator } from './i18n/index';

/** Field errors as the forms show them: field name → messages in the user's language. */
export type FieldErrors = Record<string, string[]>;

interface IssueLike {
	code: string;
	path: PropertyKey[];
	message: string;
	input?: unknown;
	minimum?: number | bigint | Date;
	maximum?: number | bigint | Date;
	inclusive?: boolean;
	origin?: string;
	expected?: string;
	format?: string;
	values?: readonly unknown[];
	keys?: readonly string[];
	divisor?: number | bigint;
	/** Values a refinement gives its message key (`{ min: 2000 }` for "between {min} and {max}"). */
	params?: Record<string, unknown>;
}

/**
 * zod 4 drops an issue's input before it reaches the caller, so "nothing was given" and "the wrong
 * kind of thing was given" would look alike. This error map, consulted only where a schema sets
 * no message of its own, marks the first as `validation.required` while the input is still known.
 * Installed when this module loads; the tRPC edge, page loads and the phone all import it.
 */
z.config({
	customError: (issue) => (issue.code === 'invalid_type' && (issue.input === undefined || issue.input === null) ? 'validation.required' : undefined)
});

function valuesOf(params: Record<string, unknown> | undefined): Record<string, string | number> | undefined {
	if (!params) return undefined;
	const out: Record<string, string | number> = {};
	for (const [k, v] of Object.entries(params)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
	return out;
}

export function isMessageKey(s: string): s is MessageKey {
	return /^[a-z]+\.[A-Za-z.]+$/.test(s);
}

/** A bound as people write it: a number as is, a date as `YYYY-MM-DD`. */
function bound(value: number | bigint | Date | undefined, origin: string | undefined): string | number {
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (origin === 'date' && typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
	return typeof value === 'bigint' ? value.toString() : Number(value);
}

/** More options than this are not listed in a message; the field's own list shows them. */
const MAX_LISTED_OPTIONS = 6;

const TYPE_KEYS: Record<string, MessageKey> = {
	number: 'validation.typeNumber',
	int: 'validation.typeInt',
	bigint: 'validation.typeInt',
	string: 'validation.typeText',
	boolean: 'validation.typeBoolean',
	date: 'validation.typeDate',
	array: 'validation.typeList',
	set: 'validation.typeList',
	tuple: 'validation.typeList'
};

const FORMAT_KEYS: Record<string, MessageKey> = {
	uuid: 'validation.choose',
	guid: 'validation.choose',
	email: 'validation.email',
	url: 'validation.url',
	date: 'validation.date',
	datetime: 'validation.datetime',
	time: 'validation.clock',
	ipv4: 'validation.ipv4'
};

/** The message key and its values for one issue. */
export function issueMessage(issue: IssueLike): { key: MessageKey; values?: Record<string, string | number> } {
	if (isMessageKey(issue.message)) return { key: issue.message, values: valuesOf(issue.params) };
	const inclusive = issue.inclusive !== false;
	switch (issue.code) {
		case 'invalid_type':
			return { key: TYPE_KEYS[issue.expected ?? ''] ?? 'validation.invalid' };
		case 'too_small': {
			const min = bound(issue.minimum, issue.origin);
			if (issue.origin === 'string') return Number(min) <= 1 ? { key: 'validation.required' } : { key: 'validation.tooShort', values: { min } };
			if (issue.origin === 'array' || issue.origin === 'set') return { key: 'validation.minItems', values: { min } };
			if (issue.origin === 'date') return { key: 'validation.dateFrom', values: { min } };
			return { key: inclusive ? 'validation.min' : 'validation.moreThan', values: { min } };
		}
		case 'too_big': {
			const max = bound(issue.maximum, issue.origin);
			if (issue.origin === 'string') return { key: 'validation.tooLong', values: { max } };
			if (issue.origin === 'array' || issue.origin === 'set') return { key: 'validation.maxItems', values: { max } };
			if (issue.origin === 'date') return { key: 'validation.dateUntil', values: { max } };
			return { key: inclusive ? 'validation.max' : 'validation.lessThan', values: { max } };
		}
		case 'invalid_format':
			return { key: FORMAT_KEYS[issue.format ?? ''] ?? 'validation.format' };
		case 'not_multiple_of':
			return { key: 'validation.multipleOf', values: { divisor: bound(issue.divisor, undefined) } };
		case 'invalid_value': {
			const values = issue.values ?? [];
			if (values.length === 1 && values[0] === true) return { key: 'validation.mustConfirm' };
			if (values.length === 1) return { key: 'validation.exactly', values: { value: String(values[0]) } };
			if (values.length > 0 && values.length <= MAX_LISTED_OPTIONS) return { key: 'validation.oneOf', values: { options: values.map(String).join(', ') } };
			return { key: 'validation.choose' };
		}
		case 'unrecognized_keys':
			return { key: 'validation.unknownFields', values: { keys: (issue.keys ?? []).join(', ') } };
		default:
			// invalid_union, invalid_key, invalid_element and custom checks without a key of ours.
			return { key: 'validation.invalid' };
	}
}

/** Turns zod issues into translated field errors (field path → messages). */
export function issuesToFieldErrors(issues: readonly IssueLike[], t: Translator): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of issues) {
		const field = issue.path.map(String).join('.') || '_form';
		const { key, values } = issueMessage(issue);
		(out[field] ??= []).push(t(key, values));
	}
	return out;
}
