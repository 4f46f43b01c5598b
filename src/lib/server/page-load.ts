/**
 * Page loads call procedures through the tRPC caller, which throws TRPCErrors. These helpers turn
 * them into what a page should show: a 404 page for a record that is missing or out of the
 * user's reach, and field errors next to the filters for a list asked with a bad address.
 */
import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { FieldValidationError, translateDomainError } from './trpc/trpc';
import { DomainError } from './errors';
import { translator } from '../shared/i18n/index';
import { issuesToFieldErrors, type FieldErrors } from '../shared/validation';
import type { Language } from '../shared/domain';
import type { ListPage } from '../shared/schemas/list';

/** A record the caller may not see answers NOT_FOUND; a malformed id in the address is no record either. */
export async function orNotFound<T>(call: Promise<T>): Promise<T> {
	try {
		return await call;
	} catch (err) {
		if (err instanceof TRPCError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) error(404, 'Not found');
		if (err instanceof TRPCError && err.code === 'FORBIDDEN') error(403, 'Forbidden');
		throw err;
	}
}

/** The field errors of a BAD_REQUEST, translated as the browser receives them; null for any other failure. */
export function fieldErrorsOf(err: unknown, lang: Language): FieldErrors | null {
	if (!(err instanceof TRPCError) || err.code !== 'BAD_REQUEST') return null;
	if (err.cause instanceof ZodError) return issuesToFieldErrors(err.cause.issues, translator(lang));
	if (err.cause instanceof FieldValidationError) return err.cause.fieldErrors;
	if (err.cause instanceof DomainError) {
		const { message, fieldErrors } = translateDomainError(err.cause, translator(lang));
		return fieldErrors ?? { _form: [message] };
	}
	return { _form: [err.message] };
}

/** The query-string values of a list page, empty ones left out so the procedure's defaults apply. */
export function listParams(url: URL, keys: readonly string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const key of ['search', 'sort', 'dir', 'cursor', ...keys]) {
		const value = url.searchParams.get(key)?.trim();
		if (value) out[key] = value;
	}
	return out;
}

const EMPTY_PAGE = { rows: [], total: 0, nextCursor: null, prevCursor: null };

/** One page of a list; a filter the procedure refuses becomes an empty page and the filter's error. */
export async function listOrFieldErrors<T>(call: Promise<ListPage<T>>, lang: Language): Promise<{ list: ListPage<T>; fieldErrors: FieldErrors }> {
	try {
		return { list: await call, fieldErrors: {} };
	} catch (err) {
		const fieldErrors = fieldErrorsOf(err, lang);
		if (!fieldErrors) throw err;
		return { list: EMPTY_PAGE, fieldErrors };
	}
}
