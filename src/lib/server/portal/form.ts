/**
 * The portal's forms in one shape: the posted fields parsed by a zod schema, a service's domain
 * error or zod's issues turned into translated messages per field, answered as `fail(400)`.
 */
import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { DomainError } from '../errors';
import { issuesToFieldErrors, type FieldErrors } from '../../shared/validation';
import { translator } from '../../shared/i18n/index';
import type { Language } from '../../shared/domain';

export type FormOutcome<K> = ActionFailure<K & { errors: FieldErrors }>;

/** The form's fields as strings (a file or a missing field becomes ''), for a schema to parse. */
export function fieldsOf(form: FormData, names: readonly string[]): Record<string, string> {
	return Object.fromEntries(names.map((n) => [n, typeof form.get(n) === 'string' ? (form.get(n) as string) : '']));
}

/** Parses, runs the change, and answers refusals as field errors; other errors are not ours to hide. */
export async function runForm<S extends z.ZodType, K extends Record<string, string> = Record<never, string>>(
	lang: Language,
	schema: S,
	raw: Record<string, string>,
	change: (input: z.output<S>) => Promise<void>,
	/** What the form shows again after a refusal (never a password). */
	keep: K = {} as K
): Promise<FormOutcome<K> | null> {
	const t = translator(lang);
	const parsed = schema.safeParse(raw);
	if (!parsed.success) return fail(400, { ...keep, errors: issuesToFieldErrors(parsed.error.issues, t) });
	try {
		await change(parsed.data);
		return null;
	} catch (err) {
		if (!(err instanceof DomainError)) throw err;
		const errors: FieldErrors = {};
		for (const [field, msgs] of Object.entries(err.fields)) errors[field] = msgs.map((m) => t(m.key, m.values));
		if (Object.keys(errors).length === 0) errors._form = [t(err.msg.key, err.msg.values)];
		return fail(err.kind === 'invalid' ? 400 : 409, { ...keep, errors });
	}
}
