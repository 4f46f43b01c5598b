/**
 * Calling tRPC procedures in Vitest as a given staff member, on a database from tests/db.ts.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { testConfig, type TestDatabase } from './db';
import { createCaller } from '../src/lib/server/trpc/root';
import { createContext, FieldValidationError, translateDomainError } from '../src/lib/server/trpc/trpc';
import { DomainError } from '../src/lib/server/errors';
import { translator } from '../src/lib/shared/i18n/index';
import { issuesToFieldErrors, type FieldErrors } from '../src/lib/shared/validation';
import { userAreas, users } from '../src/lib/server/db/schema';
import type { Language, Role } from '../src/lib/shared/domain';
import type { SessionUser } from '../src/lib/server/auth/session';

/** Password hashing is irrelevant here and slow; these accounts never sign in. */
const UNUSABLE_HASH = '$argon2id$v=19$m=19456,t=2,p=1$not-a-real-hash';

export function trpcTester(t: () => TestDatabase) {
	return {
		async makeUser(role: Role, areaIds: string[] = []): Promise<SessionUser> {
			const id = randomUUID();
			const username = `${role}-${id.slice(0, 8)}`;
			await t().db.insert(users).values({ id, username, name: username, role, passwordHash: UNUSABLE_HASH });
			if (areaIds.length) await t().db.insert(userAreas).values(areaIds.map((areaId) => ({ userId: id, areaId })));
			return { id, username, name: username, role, language: 'id' };
		},
		callerAs(user: SessionUser | null, lang: Language = 'id') {
			return createCaller(
				createContext({ db: t().db, config: testConfig(t().url), user, sessionId: null, ipAddress: '127.0.0.1', lang })
			);
		}
	};
}

/** The TRPCError a call fails with; fails the test if it succeeds or throws something else. */
export async function errorOf(p: Promise<unknown>): Promise<TRPCError> {
	try {
		await p;
	} catch (err) {
		if (err instanceof TRPCError) return err;
		throw err;
	}
	throw new Error('expected the call to fail');
}

/** The translated field errors of a BAD_REQUEST, as the error formatter sends them to the browser. */
export function fieldErrorsOf(err: TRPCError, lang: Language = 'id'): FieldErrors {
	if (err.cause instanceof ZodError) return issuesToFieldErrors(err.cause.issues, translator(lang));
	if (err.cause instanceof FieldValidationError) return err.cause.fieldErrors;
	if (err.cause instanceof DomainError) return translateDomainError(err.cause, translator(lang)).fieldErrors ?? {};
	return {};
}
