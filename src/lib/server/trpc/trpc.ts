/**
 * The tRPC setup, in three parts: 1. context, 2. initialisation and error shape,
 * 3. procedure builders. Procedures are written only with the builders at the bottom, so every
 * one of them states who may call it.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { Db } from '../db/index';
import type { Config } from '../config';
import type { SessionUser } from '../auth/session';
import type { Language } from '../../shared/domain';
import { translator, type MessageKey, type Translator } from '../../shared/i18n/index';
import { issuesToFieldErrors, type FieldErrors } from '../../shared/validation';
import { DomainError, type DomainErrorKind } from '../errors';
import { may, type Access } from '../../shared/access';

// 1. Context ------------------------------------------------------------------------------------

export interface Context {
	db: Db;
	config: Config;
	user: SessionUser | null;
	sessionId: string | null;
	ipAddress: string;
	lang: Language;
	t: Translator;
}

export function createContext(input: Omit<Context, 't'>): Context {
	return { ...input, t: translator(input.lang) };
}

// 2. Initialisation -----------------------------------------------------------------------------

/** Thrown by services for a business rule on one field ("username already taken"). */
export class FieldValidationError extends Error {
	constructor(
		public readonly fieldErrors: FieldErrors,
		message = 'validation failed'
	) {
		super(message);
		this.name = 'FieldValidationError';
	}
}

/** A BAD_REQUEST naming the field, in the caller's language. */
export function fieldError(ctx: Context, field: string, key: MessageKey, params?: Record<string, string | number>): TRPCError {
	const message = ctx.t(key, params);
	return new TRPCError({ code: 'BAD_REQUEST', message, cause: new FieldValidationError({ [field]: [message] }) });
}

/** The tRPC code each kind of domain error answers with. */
const TRPC_CODE: Record<DomainErrorKind, TRPCError['code']> = {
	invalid: 'BAD_REQUEST',
	not_found: 'NOT_FOUND',
	conflict: 'CONFLICT',
	forbidden: 'FORBIDDEN',
	unauthorized: 'UNAUTHORIZED',
	rate_limited: 'TOO_MANY_REQUESTS',
	unavailable: 'SERVICE_UNAVAILABLE'
};

/** A domain error's message and field messages in one language. */
export function translateDomainError(error: DomainError, tr: Translator): { message: string; fieldErrors: FieldErrors | null } {
	const entries = Object.entries(error.fields);
	const fieldErrors = entries.length ? Object.fromEntries(entries.map(([field, msgs]) => [field, msgs.map((m) => tr(m.key, m.values))])) : null;
	return { message: tr(error.msg.key, error.msg.values), fieldErrors };
}

const t = initTRPC.context<Context>().create({
	transformer: superjson,
	errorFormatter({ shape, error, ctx }) {
		const tr = ctx?.t ?? translator('id');
		let fieldErrors: FieldErrors | null = null;
		let message = shape.message;
		if (error.cause instanceof ZodError) {
			fieldErrors = issuesToFieldErrors(error.cause.issues, tr);
			message = tr('error.validation');
		} else if (error.cause instanceof DomainError) {
			({ message, fieldErrors } = translateDomainError(error.cause, tr));
		} else if (error.cause instanceof FieldValidationError) {
			fieldErrors = error.cause.fieldErrors;
		} else if (error.code === 'INTERNAL_SERVER_ERROR') {
			// Never show internals (SQL, stack) to the user; the server log has them.
			message = tr('error.generic');
		}
		return { ...shape, message, data: { ...shape.data, stack: undefined, fieldErrors } };
	}
});

export const createRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. Procedures ---------------------------------------------------------------------------------

/**
 * Services throw DomainError (or the older FieldValidationError); the caller sees the status its
 * kind means, with the message and field messages in the caller's language (the formatter above).
 */
export const publicProcedure = t.procedure.use(async ({ next }) => {
	const result = await next();
	if (!result.ok && result.error.cause instanceof DomainError) {
		const cause = result.error.cause;
		throw new TRPCError({ code: TRPC_CODE[cause.kind], message: cause.msg.key, cause });
	}
	if (!result.ok && result.error.cause instanceof FieldValidationError) {
		const first = Object.values(result.error.cause.fieldErrors)[0]?.[0] ?? 'invalid input';
		throw new TRPCError({ code: 'BAD_REQUEST', message: first, cause: result.error.cause });
	}
	return result;
});

export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
	if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: ctx.t('error.signedOut') });
	return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A procedure for the roles `access` names in the one table of role rules (shared/access.ts). */
export function accessProcedure(access: Access) {
	return signedInProcedure.use(({ ctx, next }) => {
		if (!may(ctx.user.role, access)) throw new TRPCError({ code: 'FORBIDDEN', message: ctx.t('error.forbidden') });
		return next();
	});
}

export const adminProcedure = accessProcedure('admin');
export const officeProcedure = accessProcedure('office');
export const fieldProcedure = accessProcedure('field');
export const staffProcedure = accessProcedure('staff');
