import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, desc, eq, like, type SQL } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { areas, customers } from './schema';
import { paginate } from './keyset';
import { listInput } from '../../shared/schemas/list';

/** 57 customers sharing four names and three creation instants: every page boundary falls inside a tie. */
const ROWS = 57;
const input = listInput({ name: 'string', createdAt: 'date', code: 'string' }, { sort: 'name' });
type Sort = 'name' | 'createdAt' | 'code';

let t: TestDatabase;

beforeAll(async () => {
	t = await createTestDatabase();
	const areaId = randomUUID();
	await t.db.insert(areas).values({ id: areaId, name: 'Teluk' });
	const names = ['Budi', 'Ani', 'Budi Santoso', 'Çandra'];
	const instants = [new Date('2026-01-01T00:00:00.001Z'), new Date('2026-01-01T00:00:00.002Z'), new Date('2026-02-01T00:00:00Z')];
	await t.db.insert(customers).values(
		Array.from({ length: ROWS }, (_, i) => ({
			id: randomUUID(),
			code: `C${String(i + 1).padStart(6, '0')}`,
			name: names[i % names.length],
			address: 'Jl. Raya',
			areaId,
			createdAt: instants[i % instants.length]
		}))
	);
});
afterAll(async () => t?.drop());

const SORT = { name: customers.name, createdAt: customers.createdAt, code: customers.code };

function page(raw: unknown, filter?: SQL) {
	return paginate({
		input: input.parse(raw),
		columns: SORT,
		id: customers.id,
		filter,
		rows: ({ where, orderBy, limit }) =>
			t.db.select({ id: customers.id, name: customers.name, createdAt: customers.createdAt, code: customers.code }).from(customers).where(where).orderBy(...orderBy).limit(limit),
		count: async (where) => (await t.db.select({ n: count() }).from(customers).where(where))[0].n
	});
}

async function expectedOrder(sort: Sort, dir: 'asc' | 'desc', filter?: SQL): Promise<string[]> {
	const by = dir === 'asc' ? asc : desc;
	const rows = await t.db.select({ id: customers.id }).from(customers).where(filter).orderBy(by(SORT[sort]), by(customers.id));
	return rows.map((r) => r.id);
}

describe('keyset pagination', () => {
	for (const sort of ['name', 'createdAt', 'code'] as const) {
		for (const dir of ['asc', 'desc'] as const) {
			it(`visits every row once by ${sort} ${dir}, forwards and back`, async () => {
				const next = (cursor?: string | null) => page({ sort, dir, pageSize: 10, cursor: cursor ?? undefined });
				const forward: string[][] = [];
				let p = await next();
				expect(p.prevCursor).toBeNull();
				for (;;) {
					expect(p.total).toBe(ROWS);
					forward.push(p.rows.map((r) => r.id));
					if (!p.nextCursor) break;
					p = await next(p.nextCursor);
				}
				expect(forward.flat()).toEqual(await expectedOrder(sort, dir));
				expect(forward.map((rows) => rows.length)).toEqual([10, 10, 10, 10, 10, 7]);

				// From the last page, prevCursor leads back through the same pages to the first.
				const backward = [forward.at(-1)!];
				while (p.prevCursor) {
					p = await next(p.prevCursor);
					expect(p.nextCursor).not.toBeNull();
					backward.unshift(p.rows.map((r) => r.id));
				}
				expect(backward).toEqual(forward);
			});
		}
	}

	it('applies the filter to the page and the total alike', async () => {
		const filter = and(like(customers.name, 'Budi%'), eq(customers.status, 'active'));
		const expected = await expectedOrder('createdAt', 'desc', filter);
		expect(expected).toHaveLength(29);
		const seen: string[] = [];
		let p = await page({ sort: 'createdAt', dir: 'desc', pageSize: 10 }, filter);
		for (;;) {
			expect(p.total).toBe(29);
			seen.push(...p.rows.map((r) => r.id));
			if (!p.nextCursor) break;
			p = await page({ sort: 'createdAt', dir: 'desc', pageSize: 10, cursor: p.nextCursor }, filter);
		}
		expect(seen).toEqual(expected);
	});

	it('answers an empty list with no cursors', async () => {
		const p = await page({ pageSize: 10 }, eq(customers.name, 'nobody'));
		expect(p).toEqual({ rows: [], total: 0, nextCursor: null, prevCursor: null });
	});
});
