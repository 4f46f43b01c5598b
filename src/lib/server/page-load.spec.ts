import { isHttpError } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { FieldValidationError } from './trpc/trpc';
import { fieldErrorsOf, listOrFieldErrors, listParams, orNotFound } from './page-load';
import { invalidField } from './errors';
import { invoiceListInput } from '../shared/schemas/billing';

const refusal = (input: unknown) => {
	const parsed = invoiceListInput.safeParse(input);
	if (parsed.success) throw new Error('expected the input to be refused');
	return new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error });
};

async function statusOf(p: Promise<unknown>): Promise<number | 'ok'> {
	try {
		await p;
		return 'ok';
	} catch (err) {
		if (isHttpError(err)) return err.status;
		throw err;
	}
}

describe('orNotFound', () => {
	it('passes a result through', async () => {
		expect(await orNotFound(Promise.resolve(42))).toBe(42);
	});

	it('answers 404 for a record out of reach or a malformed id, 403 for a forbidden one', async () => {
		expect(await statusOf(orNotFound(Promise.reject(new TRPCError({ code: 'NOT_FOUND' }))))).toBe(404);
		expect(await statusOf(orNotFound(Promise.reject(refusal({ status: 'lost' }))))).toBe(404);
		expect(await statusOf(orNotFound(Promise.reject(new TRPCError({ code: 'FORBIDDEN' }))))).toBe(403);
	});

	it('lets other failures through as they are', async () => {
		const boom = new TRPCError({ code: 'INTERNAL_SERVER_ERROR' });
		await expect(orNotFound(Promise.reject(boom))).rejects.toBe(boom);
	});
});

describe('fieldErrorsOf', () => {
	it('translates zod issues into the caller language, by field', () => {
		expect(fieldErrorsOf(refusal({ period: '2026-13' }), 'id')).toEqual({ period: ['Bulan tidak valid (TTTT-BB).'] });
		expect(fieldErrorsOf(refusal({ period: '2026-13' }), 'en')).toEqual({ period: ['Not a valid month (YYYY-MM).'] });
	});

	it('keeps the field errors a service gave, and names the form for a bare BAD_REQUEST', () => {
		const rule = new TRPCError({ code: 'BAD_REQUEST', cause: new FieldValidationError({ amount: ['too much'] }) });
		expect(fieldErrorsOf(rule, 'id')).toEqual({ amount: ['too much'] });
		expect(fieldErrorsOf(new TRPCError({ code: 'BAD_REQUEST', message: 'no' }), 'id')).toEqual({ _form: ['no'] });
	});

	it("translates a service's DomainError into the caller's language under its field", () => {
		const rule = new TRPCError({ code: 'BAD_REQUEST', message: 'validation.rangeTooLong', cause: invalidField('from', 'validation.rangeTooLong') });
		expect(fieldErrorsOf(rule, 'en')).toEqual({ from: ['The range is too long (at most 5 years).'] });
		expect(fieldErrorsOf(refusal({ period: '9999-12' }), 'en')).toEqual({ period: ['The year must be between 2000 and 2100.'] });
	});

	it('names the cursor field when the address carries a cursor that is not one of ours', () => {
		// A stale sort falls back to the default order (schemas/list.ts); a forged cursor is refused.
		expect(invoiceListInput.safeParse({ sort: 'password' }).success).toBe(true);
		expect(Object.keys(fieldErrorsOf(refusal({ cursor: 'not-a-cursor' }), 'id') ?? {})).toEqual(['cursor']);
	});

	it('is null for anything but a refused input', () => {
		expect(fieldErrorsOf(new TRPCError({ code: 'NOT_FOUND' }), 'id')).toBeNull();
		expect(fieldErrorsOf(new Error('x'), 'id')).toBeNull();
	});
});

describe('listParams', () => {
	it('takes the list keys and the given filters, trimmed, leaving empty ones out', () => {
		const url = new URL('http://x/office/invoices?search=+budi+&sort=amount&dir=&status=unpaid&areaId=&other=1&cursor=abc');
		expect(listParams(url, ['status', 'areaId'])).toEqual({ search: 'budi', sort: 'amount', status: 'unpaid', cursor: 'abc' });
	});
});

describe('listOrFieldErrors', () => {
	it('returns the page, or an empty page with the errors of a refused filter', async () => {
		const page = { rows: [1], total: 1, nextCursor: null, prevCursor: null };
		expect(await listOrFieldErrors(Promise.resolve(page), 'id')).toEqual({ list: page, fieldErrors: {} });
		expect(await listOrFieldErrors(Promise.reject(refusal({ due: 'someday' })), 'en')).toEqual({
			list: { rows: [], total: 0, nextCursor: null, prevCursor: null },
			fieldErrors: { due: [expect.any(String)] }
		});
	});

	it('rethrows what is not a refused filter', async () => {
		await expect(listOrFieldErrors(Promise.reject(new TRPCError({ code: 'UNAUTHORIZED' })), 'id')).rejects.toThrow();
	});
});
