import { describe, expect, it } from 'vitest';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createCallerFactory, createContext, createRouter, publicProcedure } from './trpc';
import { conflict, invalidField, notFound } from '../errors';
import { testConfig } from '../../../../tests/db';
import type { Db } from '../db/index';
import type { Language } from '../../shared/domain';

// A service throws a DomainError knowing nothing of tRPC or language; the caller gets the status
// its kind means and the message in the caller's language.
const router = createRouter({
	taken: publicProcedure.query(() => {
		throw invalidField('username', 'validation.taken');
	}),
	missing: publicProcedure.query(() => {
		throw notFound('error.notFound');
	}),
	refused: publicProcedure.query(() => {
		throw conflict('error.generic');
	})
});

const context = (lang: Language) =>
	createContext({ db: {} as Db, config: testConfig('mysql://root@127.0.0.1:3306/none'), user: null, sessionId: null, ipAddress: '127.0.0.1', lang });

async function callOverHttp(path: string, lang: Language) {
	const response = await fetchRequestHandler({
		endpoint: '/api/trpc',
		req: new Request(`http://localhost/api/trpc/${path}`),
		router,
		createContext: () => context(lang)
	});
	return { status: response.status, body: (await response.json()) as { error: { json: { message: string; data: { code: string; fieldErrors: Record<string, string[]> | null } } } } };
}

describe('domain errors at the tRPC edge', () => {
	it('maps each kind to its code for callers in code', async () => {
		const caller = createCallerFactory(router)(context('id'));
		await expect(caller.taken()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(caller.missing()).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(caller.refused()).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	it('translates the message and field messages into the caller language', async () => {
		const id = await callOverHttp('taken', 'id');
		const en = await callOverHttp('taken', 'en');
		expect(id.status).toBe(400);
		expect(id.body.error.json.data.fieldErrors?.username?.[0]).toMatch(/\S/);
		expect(en.body.error.json.data.fieldErrors?.username?.[0]).toMatch(/\S/);
		expect(id.body.error.json.data.fieldErrors?.username?.[0]).not.toBe(en.body.error.json.data.fieldErrors?.username?.[0]);
		expect(id.body.error.json.message).not.toBe('validation.taken');
		const missing = await callOverHttp('missing', 'en');
		expect(missing.status).toBe(404);
		expect(missing.body.error.json.message).not.toBe('error.notFound');
	});
});
