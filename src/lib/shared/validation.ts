import type { MessageKey, Translator } from './i18n/index';

/** Field errors as the forms show them: field name → messages in the user's language. */
export type FieldErrors = Record<string, string[]>;

interface IssueLike {
	code: string;
	path: PropertyKey[];
	message: string;
	input?: unknown;
	minimum?: number | bigint;
	maximum?: number | bigint;
	origin?: string;
	/** Values a refinement gives its message key (`{ min: 2000 }` for "between {min} and {max}"). */
	params?: Record<string, unknown>;
}

function valuesOf(params: Record<string, unknown> | undefined): Record<string, string | number> | undefined {
	if (!params) return undefined;
	const out: Record<string, string | number> = {};
	for (const [k, v] of Object.entries(params)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
	return out;
}

function isMessageKey(s: string): s is MessageKey {
	return /^[a-z]+\.[A-Za-z.]+$/.test(s);
}

/**
 * Turns zod issues into translated field errors. Schemas may use a message key
 * (`{ message: 'validation.username' }`) as their message; the common codes get a stock text.
 */
export function issuesToFieldErrors(issues: readonly IssueLike[], t: Translator): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of issues) {
		const field = issue.path.map(String).join('.') || '_form';
		let text: string;
		if (isMessageKey(issue.message)) text = t(issue.message, valuesOf(issue.params));
		else if (issue.code === 'invalid_type' && issue.input === undefined) text = t('validation.required');
		else if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) text = t('validation.required');
		else if (issue.code === 'too_small' && issue.origin === 'string') text = t('validation.tooShort', { min: Number(issue.minimum) });
		else if (issue.code === 'too_big' && issue.origin === 'string') text = t('validation.tooLong', { max: Number(issue.maximum) });
		else text = issue.message;
		(out[field] ??= []).push(text);
	}
	return out;
}
