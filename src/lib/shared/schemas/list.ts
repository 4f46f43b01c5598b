/**
 * The input of every paged list: search, sort, direction, page size and an opaque keyset cursor.
 *
 * Build one per list with `listInput(columns, defaults, filters)`:
 *
 * ```ts
 * export const invoiceListInput = listInput(
 *   { number: 'string', dueDate: 'string', issuedAt: 'date', amount: 'number' },
 *   { sort: 'issuedAt', dir: 'desc' },
 *   { status: z.enum(INVOICE_STATUSES).optional() }
 * );
 * ```
 *
 * - `columns` names the sortable keys and the kind of value each holds; the client can only pick
 *   one of those keys, never a column name of its own. The server maps each key to a column
 *   (server/db/keyset.ts) and selects it into every row under the same key.
 * - `sort` and `dir` the list does not know fall back to the defaults (a stale address still opens).
 * - `cursor` arrives as a string and leaves the schema decoded (`ListCursor`). A token that is not
 *   one of ours, or that was made for another sort or direction, is a zod issue on `cursor`
 *   (message key `validation.cursor`), so the caller gets a BAD_REQUEST naming the field.
 *
 * The codec is here rather than on the server because zod must decode the cursor to validate it,
 * and this file must stay importable by the browser (it uses no Node modules).
 */
import { z } from 'zod';
import { text } from './text';

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** What a sort column holds: text (also `YYYY-MM-DD` dates), a number, or an instant. */
export type SortKind = 'string' | 'number' | 'date';
export type SortValue = string | number | Date;

export const PAGE_SIZE = { min: 10, max: 200, default: 50 } as const;
export const SEARCH_MAX = 100;

/**
 * A position in a sorted list: the sort value and id of one row, and whether the page wanted is
 * the one after it (`next`) or before it (`prev`).
 */
export interface ListCursor<S extends string = string> {
	sort: S;
	dir: SortDirection;
	way: 'next' | 'prev';
	value: SortValue;
	id: string | number;
}

const payloadSchema = z
	.object({
		s: z.string().max(64),
		d: z.enum(SORT_DIRECTIONS),
		w: z.enum(['next', 'prev']),
		v: z.union([z.string().max(512), z.number()]),
		i: z.union([z.string().min(1).max(64), z.number().int()])
	})
	.strict();

function toBase64Url(text: string): string {
	let binary = '';
	for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(token: string): string | null {
	if (!/^[A-Za-z0-9_-]+$/.test(token)) return null;
	try {
		const binary = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
		return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
	} catch {
		return null;
	}
}

/** The opaque token for a position: base64url of a small JSON object. */
export function encodeCursor(cursor: ListCursor): string {
	const value = cursor.value instanceof Date ? cursor.value.toISOString() : cursor.value;
	return toBase64Url(JSON.stringify({ s: cursor.sort, d: cursor.dir, w: cursor.way, v: value, i: cursor.id }));
}

function valueOfKind(kind: SortKind, raw: string | number): SortValue | null {
	if (kind === 'number') return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
	if (typeof raw !== 'string') return null;
	if (kind === 'string') return raw;
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(raw)) return null;
	const instant = new Date(raw);
	return Number.isNaN(instant.getTime()) ? null : instant;
}

/** Decodes a token for a list with these sort columns; null when it is not a valid cursor. */
export function decodeCursor<S extends string>(token: string, columns: Record<S, SortKind>): ListCursor<S> | null {
	const json = fromBase64Url(token);
	if (json === null) return null;
	let parsed: unknown;
	try {
		parsed = JSON.parse(json);
	} catch {
		return null;
	}
	const payload = payloadSchema.safeParse(parsed);
	if (!payload.success || !Object.hasOwn(columns, payload.data.s)) return null;
	const sort = payload.data.s as S;
	const value = valueOfKind(columns[sort], payload.data.v);
	if (value === null) return null;
	return { sort, dir: payload.data.d, way: payload.data.w, value, id: payload.data.i };
}

/**
 * The zod input of a list. `columns` maps each sortable key to its kind; `defaults.sort` and
 * `defaults.dir` apply when the caller gives none; `filters` adds the list's own fields.
 */
export function listInput<const C extends Record<string, SortKind>, F extends z.ZodRawShape = Record<never, never>>(
	columns: C,
	defaults: { sort: keyof C & string; dir?: SortDirection },
	filters?: F
) {
	type S = keyof C & string;
	const keys = Object.keys(columns) as [S, ...S[]];
	const base = {
		search: text()
			.trim()
			.max(SEARCH_MAX)
			.optional()
			.transform((v) => (v ? v : undefined)),
		// A sort or direction the list does not have (an old bookmark, a column since renamed) is
		// not the reader's mistake: the list opens in its default order instead of refusing.
		sort: z.enum(keys).default(defaults.sort).catch(defaults.sort),
		dir: z.enum(SORT_DIRECTIONS).default(defaults.dir ?? 'asc').catch(defaults.dir ?? 'asc'),
		pageSize: z.number().int().min(PAGE_SIZE.min).max(PAGE_SIZE.max).default(PAGE_SIZE.default),
		cursor: z
			.string()
			.max(2048)
			.optional()
			.transform((token, ctx): ListCursor<S> | undefined => {
				if (!token) return undefined;
				const cursor = decodeCursor<S>(token, columns);
				if (!cursor) {
					ctx.addIssue({ code: 'custom', message: 'validation.cursor' });
					return z.NEVER;
				}
				return cursor;
			})
	};
	return z.object({ ...base, ...(filters as F) }).superRefine((input, ctx) => {
		// The generic filter shape hides the base keys from TypeScript; they are there.
		const { cursor, sort, dir } = input as unknown as { cursor?: ListCursor<S>; sort: S; dir: SortDirection };
		if (cursor && (cursor.sort !== sort || cursor.dir !== dir)) {
			ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'validation.cursor' });
		}
	});
}

/** What a list procedure answers: one page, the total under the same filters, and where to go next. */
export interface ListPage<T> {
	rows: T[];
	total: number;
	/** Cursor of the page after this one; null on the last page. */
	nextCursor: string | null;
	/** Cursor of the page before this one; null on the first page. */
	prevCursor: string | null;
}
