/**
 * Keyset ("seek") pagination on (sort column, id). A page is found by comparing with the last
 * row seen instead of skipping rows with OFFSET, so page 2 000 of a 100 000-row list costs the
 * same as page 1 when the sort column is indexed (InnoDB secondary indexes carry the primary key,
 * so an index on the sort column also orders by (column, id)).
 *
 * Use with a list input from shared/schemas/list.ts:
 *
 * ```ts
 * const SORT = { number: invoices.number, issuedAt: invoices.issuedAt };
 * return paginate({
 *   input,                      // parsed listInput(...): sort, dir, pageSize, cursor (decoded)
 *   columns: SORT,              // every sort key of the input → its column
 *   id: invoices.id,            // unique tie-breaker, selected as `id`
 *   filter: and(...),           // search and filters, used by the page and the count alike
 *   rows: ({ where, orderBy, limit }) =>
 *     db.select({ id: invoices.id, number: invoices.number, issuedAt: invoices.issuedAt, ... })
 *       .from(invoices).where(where).orderBy(...orderBy).limit(limit),
 *   count: (where) => db.select({ n: count() }).from(invoices).where(where).then((r) => r[0].n)
 * });
 * ```
 *
 * Rules: each sort column must be NOT NULL (NULLs do not compare) and every row must carry its
 * value under the sort key's name and its id under `id`. Instants round-trip at millisecond
 * precision, which matches DATETIME(3).
 */
import { and, asc, desc, gt, gte, lt, lte, or, type SQL } from 'drizzle-orm';
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import { encodeCursor, type ListCursor, type ListPage, type SortDirection, type SortValue } from '../../shared/schemas/list';

export { decodeCursor, encodeCursor } from '../../shared/schemas/list';
export type { ListCursor, ListPage } from '../../shared/schemas/list';

/** The parsed list input, as far as paging is concerned. */
export interface KeysetInput<S extends string> {
	sort: S;
	dir: SortDirection;
	pageSize: number;
	cursor?: ListCursor<S>;
}

export interface KeysetQuery {
	/** The seek condition, or undefined on the first page; AND it with the list's filters. */
	seek: SQL | undefined;
	orderBy: SQL[];
	/** One row more than the page, to learn whether another page follows. */
	limit: number;
}

/** Which way the rows are read: the page after a cursor in the list's order, or before it (reversed). */
function readsAscending(input: KeysetInput<string>): boolean {
	const forward = input.cursor?.way !== 'prev';
	return (input.dir === 'asc') === forward;
}

/** The seek condition and ORDER BY of one page. */
export function keysetQuery<S extends string>(input: KeysetInput<S>, columns: Record<S, AnyMySqlColumn>, id: AnyMySqlColumn): KeysetQuery {
	const column = columns[input.sort];
	const ascending = readsAscending(input);
	const orderBy = ascending ? [asc(column), asc(id)] : [desc(column), desc(id)];
	let seek: SQL | undefined;
	if (input.cursor) {
		const { value, id: lastId } = input.cursor;
		const [beyond, reaching] = ascending ? [gt, gte] : [lt, lte];
		// "column beyond value, or equal and id beyond", with a leading range on the column that the
		// optimiser turns into an index range scan (a row constructor it may not).
		seek = and(reaching(column, value), or(beyond(column, value), beyond(id, lastId)));
	}
	return { seek, orderBy, limit: input.pageSize + 1 };
}

type Keyed<S extends string> = { id: string | number } & { [K in S]: SortValue };

/** Turns the rows a keysetQuery read (up to pageSize + 1) into a page in the list's order. */
export function keysetPage<S extends string, T extends Keyed<S>>(input: KeysetInput<S>, fetched: T[], total: number): ListPage<T> {
	const more = fetched.length > input.pageSize;
	const backwards = input.cursor?.way === 'prev';
	const rows = fetched.slice(0, input.pageSize);
	if (backwards) rows.reverse();
	const at = (row: T | undefined, way: 'next' | 'prev') =>
		row ? encodeCursor({ sort: input.sort, dir: input.dir, way, value: row[input.sort], id: row.id }) : null;
	// Reading forwards, a page before exists when we came from a cursor; reading backwards, a page
	// after exists by construction (the cursor row itself).
	const hasNext = backwards ? true : more;
	const hasPrev = backwards ? more : input.cursor !== undefined;
	return {
		rows,
		total,
		nextCursor: hasNext ? at(rows.at(-1), 'next') : null,
		prevCursor: hasPrev ? at(rows[0], 'prev') : null
	};
}

export interface PaginateOptions<S extends string, T extends Keyed<S>> {
	input: KeysetInput<S>;
	columns: Record<S, AnyMySqlColumn>;
	id: AnyMySqlColumn;
	/** The list's own conditions (search, filters, visibility); undefined for none. */
	filter: SQL | undefined;
	rows(query: { where: SQL | undefined; orderBy: SQL[]; limit: number }): Promise<T[]>;
	count(where: SQL | undefined): Promise<number>;
}

/** One page plus the total count under the same filter. */
export async function paginate<S extends string, T extends Keyed<S>>(options: PaginateOptions<S, T>): Promise<ListPage<T>> {
	const { seek, orderBy, limit } = keysetQuery(options.input, options.columns, options.id);
	const [fetched, total] = await Promise.all([
		options.rows({ where: and(options.filter, seek), orderBy, limit }),
		options.count(options.filter)
	]);
	return keysetPage(options.input, fetched, total);
}
