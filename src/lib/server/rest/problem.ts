/**
 * Errors as RFC 9457 problem documents (`application/problem+json`), in the caller's language
 * (Accept-Language; Indonesian when it names neither). One mapping for every REST answer:
 * DomainError by its kind, a zod refusal as 400 naming each field, the older TRPCError and
 * FieldValidationError that some services still throw, and anything else as a logged 500 that
 * shows no internals.
 */
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError } from 'zod';
import { DomainError, HTTP_STATUS, type DomainErrorKind } from '../errors';
import { FieldValidationError, translateDomainError } from '../trpc/trpc';
import { issuesToFieldErrors, type FieldErrors } from '../../shared/validation';
import { translator, type Translator } from '../../shared/i18n/index';
import type { Language } from '../../shared/domain';
import { log } from '../log';

export const PROBLEM_TYPE = 'application/problem+json';

/** The first of id / en by the header's weights; Indonesian when neither is asked for. */
export function languageOf(acceptLanguage: string | null): Language {
	const ranked = (acceptLanguage ?? '')
		.split(',')
		.map((part, i) => {
			const [tag, ...params] = part.trim().toLowerCase().split(';');
			const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
			return { lang: tag.split('-')[0], q: q === undefined ? 1 : Number(q), i };
		})
		.filter((r) => (r.lang === 'id' || r.lang === 'en') && r.q > 0)
		.sort((a, b) => b.q - a.q || a.i - b.i);
	return (ranked[0]?.lang as Language | undefined) ?? 'id';
}

export interface Problem {
	type: string;
	title: string;
	status: number;
	detail: string;
	/** Messages per input field, in the caller's language. */
	errors?: FieldErrors;
}

const TITLES: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	409: 'Conflict',
	413: 'Content Too Large',
	415: 'Unsupported Media Type',
	422: 'Unprocessable Content',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	503: 'Service Unavailable'
};

const KIND_BY_STATUS: Record<number, string> = Object.fromEntries(Object.entries(HTTP_STATUS).map(([k, s]) => [s, k]));

export function problem(status: number, detail: string, errors?: FieldErrors | null): Problem {
	const kind = KIND_BY_STATUS[status] ?? (status === 422 ? 'unprocessable' : `http-${status}`);
	return { type: `/api/docs#problem-${kind}`, title: TITLES[status] ?? 'Error', status, detail, ...(errors && Object.keys(errors).length ? { errors } : {}) };
}

/** What any thrown value means to a REST caller. */
export function problemOf(err: unknown, t: Translator): Problem {
	if (err instanceof DomainError) {
		const { message, fieldErrors } = translateDomainError(err, t);
		return problem(HTTP_STATUS[err.kind as DomainErrorKind], message, fieldErrors);
	}
	if (err instanceof ZodError) return problem(400, t('error.validation'), issuesToFieldErrors(err.issues, t));
	if (err instanceof FieldValidationError) {
		return problem(400, Object.values(err.fieldErrors)[0]?.[0] ?? t('error.validation'), err.fieldErrors);
	}
	if (err instanceof TRPCError) {
		if (err.cause instanceof DomainError || err.cause instanceof ZodError || err.cause instanceof FieldValidationError) return problemOf(err.cause, t);
		const status = getHTTPStatusCodeFromError(err);
		if (status < 500) return problem(status, err.message);
		log.error({ err }, 'rest: internal error');
		return problem(status === 503 ? 503 : 500, t('api.error'));
	}
	log.error({ err }, 'rest: internal error');
	return problem(500, t('api.error'));
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(p), { status: p.status, headers: { 'content-type': PROBLEM_TYPE, 'cache-control': 'no-store', ...headers } });
}

export function errorResponse(err: unknown, lang: Language, headers: Record<string, string> = {}): Response {
	return problemResponse(problemOf(err, translator(lang)), headers);
}
