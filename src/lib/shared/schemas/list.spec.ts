import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeCursor, encodeCursor, listInput } from './list';

const columns = { name: 'string', price: 'number', createdAt: 'date' } as const;
const input = listInput(columns, { sort: 'name' }, { status: z.enum(['a', 'b']).optional() });

describe('list cursors', () => {
	it('round-trip every kind of sort value, including non-ASCII text and instants', () => {
		const at = new Date('2026-11-23T01:02:03.456Z');
		for (const [sort, value] of [['name', 'Ñoño "Đặng" / 10%'], ['price', 150_000], ['createdAt', at]] as const) {
			const token = encodeCursor({ sort, dir: 'desc', way: 'prev', value, id: 'f3b1c2d4-0000-4000-8000-000000000001' });
			expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
			expect(decodeCursor(token, columns)).toEqual({ sort, dir: 'desc', way: 'prev', value, id: 'f3b1c2d4-0000-4000-8000-000000000001' });
		}
	});

	it('refuse tokens that are not ours', () => {
		const b64 = (json: string) => Buffer.from(json).toString('base64url');
		const bad = [
			'',
			'not base64!',
			b64('not json'),
			b64('[]'),
			b64(JSON.stringify({ s: 'name', d: 'up', w: 'next', v: 'x', i: 'id' })),
			b64(JSON.stringify({ s: 'password', d: 'asc', w: 'next', v: 'x', i: 'id' })),
			b64(JSON.stringify({ s: 'price', d: 'asc', w: 'next', v: '1; DROP TABLE', i: 'id' })),
			b64(JSON.stringify({ s: 'createdAt', d: 'asc', w: 'next', v: 'yesterday', i: 'id' })),
			b64(JSON.stringify({ s: 'name', d: 'asc', w: 'next', v: 'x', i: 'id', extra: 1 })),
			Buffer.from([0xff, 0xfe, 0x00]).toString('base64url')
		];
		for (const token of bad) expect(decodeCursor(token, columns), token).toBeNull();
	});
});

describe('listInput', () => {
	it('applies defaults, trims the search and drops an empty one', () => {
		expect(input.parse({ search: '  budi  ' })).toEqual({ search: 'budi', sort: 'name', dir: 'asc', pageSize: 50, cursor: undefined });
		expect(input.parse({ search: '   ', status: 'a' }).search).toBeUndefined();
	});

	it('allows only the listed sort columns and sane page sizes', () => {
		// A stale or unknown sort opens the list in its default order, never on a column of the caller's own.
		expect(input.parse({ sort: 'password', dir: 'sideways' })).toMatchObject({ sort: 'name', dir: 'asc' });
		expect(input.parse({ sort: 42 })).toMatchObject({ sort: 'name' });
		expect(input.safeParse({ pageSize: 9 }).success).toBe(false);
		expect(input.safeParse({ pageSize: 201 }).success).toBe(false);
		expect(input.safeParse({ search: 'x'.repeat(101) }).success).toBe(false);
		expect(input.safeParse({ status: 'c' }).success).toBe(false);
	});

	it('decodes a cursor and refuses one made for another sort or direction, on the cursor field', () => {
		const cursor = encodeCursor({ sort: 'price', dir: 'desc', way: 'next', value: 5, id: 'x' });
		expect(input.parse({ sort: 'price', dir: 'desc', cursor }).cursor).toEqual({ sort: 'price', dir: 'desc', way: 'next', value: 5, id: 'x' });
		for (const other of [{ sort: 'price', dir: 'asc' }, { sort: 'name', dir: 'desc' }, { sort: 'price', dir: 'desc', cursor: 'garbage!' }]) {
			const result = input.safeParse({ cursor, ...other });
			expect(result.success).toBe(false);
			expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['cursor', 'validation.cursor']]);
		}
	});
});
