/**
 * fast-check arbitraries derived from a procedure's zod input schema.
 *
 * `validish(schema)` builds values of the schema's shape (right types, lengths within bounds,
 * formats and regexes honoured, ids drawn from rows that exist), so that a fuzz case gets past
 * validation into the service. `mutated(schema)` takes such a value and breaks ONE thing: a field
 * replaced by a hostile value, a field removed, a field added, or the whole input replaced.
 *
 * It reads zod 4's public-but-internal `_zod.def`; a schema kind it does not know yields hostile
 * values only, so a new kind of schema is still fuzzed, just less deeply.
 */
import fc from 'fast-check';
import { hostileValue, calendarEdge, calendarEdgeStrings, numberEdges, DATE_LIKE_NAME } from './hostile';

/** What zod exposes on every schema (zod 4). Typed loosely on purpose: this walks any schema. */
interface ZodLike {
	_zod: { def: ZodDef };
}
interface ZodDef {
	type: string;
	[key: string]: unknown;
}
interface CheckDef {
	check: string;
	format?: string;
	pattern?: RegExp;
	minimum?: number;
	maximum?: number;
	value?: number | bigint | Date;
	inclusive?: boolean;
	length?: number;
}

/** Ids of rows that exist, so a near-valid input reaches past "not found". */
export interface IdPool {
	uuids: string[];
	ints: number[];
}

function defOf(schema: unknown): ZodDef | null {
	const def = (schema as ZodLike | null)?._zod?.def;
	return def && typeof def.type === 'string' ? def : null;
}

function checksOf(def: ZodDef): CheckDef[] {
	const checks = (def.checks as Array<{ _zod: { def: CheckDef } }> | undefined) ?? [];
	return checks.map((c) => c._zod.def);
}

interface StringFacts {
	format?: string;
	pattern?: RegExp;
	min: number;
	max: number;
}

function stringFacts(def: ZodDef): StringFacts {
	const facts: StringFacts = { min: 0, max: 40 };
	if (typeof def.format === 'string') facts.format = def.format;
	if (def.pattern instanceof RegExp) facts.pattern = def.pattern;
	for (const c of checksOf(def)) {
		if (c.check === 'string_format') {
			if (c.format && c.format !== 'regex') facts.format = c.format;
			if (c.pattern instanceof RegExp) facts.pattern = c.pattern;
		}
		if (c.check === 'min_length' && typeof c.minimum === 'number') facts.min = c.minimum;
		if (c.check === 'max_length' && typeof c.maximum === 'number') facts.max = Math.min(c.maximum, 200);
		if (c.check === 'length_equals' && typeof c.length === 'number') facts.min = facts.max = c.length;
	}
	if (facts.max < facts.min) facts.max = facts.min;
	return facts;
}

function validString(def: ZodDef, pool: IdPool): fc.Arbitrary<string> {
	const f = stringFacts(def);
	switch (f.format) {
		case 'uuid':
		case 'guid':
			return pool.uuids.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool.uuids) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid();
		case 'email':
			return fc.emailAddress();
		case 'date':
			return fc.oneof(fc.constantFrom(...calendarEdgeStrings.dates), fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
		case 'datetime':
			return fc.oneof(fc.constantFrom(...calendarEdgeStrings.instants), fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString()));
		case 'url':
			return fc.webUrl();
	}
	if (f.pattern) {
		// A regex with lookarounds or flags fast-check cannot read falls back to plain text.
		try {
			return fc.stringMatching(f.pattern).filter((s) => s.length <= Math.max(f.max, 200));
		} catch {
			/* fall through */
		}
	}
	if (pool.uuids.length && f.max >= 36 && f.min <= 36) {
		// Plain strings named like ids (routerId, customerId) are often ids without a uuid check.
		return fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: Math.max(f.min, 1), maxLength: f.max }) }, { weight: 1, arbitrary: fc.constantFrom(...pool.uuids) });
	}
	return fc.string({ minLength: Math.max(f.min, 1), maxLength: f.max });
}

function numberBounds(def: ZodDef): { min: number; max: number; int: boolean } {
	let min = -1_000_000;
	let max = 1_000_000;
	let int = def.format === 'safeint' || def.format === 'int32' || def.format === 'uint32';
	for (const c of checksOf(def)) {
		if (c.check === 'number_format') int = int || c.format === 'safeint' || c.format === 'int32' || c.format === 'uint32';
		if (c.check === 'greater_than' && typeof c.value === 'number') min = c.inclusive ? c.value : c.value + (int ? 1 : 1e-9);
		if (c.check === 'less_than' && typeof c.value === 'number') max = c.inclusive ? c.value : c.value - (int ? 1 : 1e-9);
	}
	return { min, max: Math.max(min, max), int };
}

/** Values of the schema's shape; hostile values where the shape cannot be read. */
export function validish(schema: unknown, pool: IdPool, depth = 0): fc.Arbitrary<unknown> {
	const def = defOf(schema);
	if (!def || depth > 8) return hostileValue();
	switch (def.type) {
		case 'object': {
			const shape = def.shape as Record<string, unknown>;
			const fields: Record<string, fc.Arbitrary<unknown>> = {};
			for (const [key, field] of Object.entries(shape)) {
				const hint = hintFor(key, field);
				const arb = hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: validish(field, pool, depth + 1) }) : validish(field, pool, depth + 1);
				// An optional field whose generated value the schema refuses (a cursor, a refined
				// string) is left out, so the rest of the input still reaches the service.
				fields[key] = isOptional(field) ? arb.map((v) => (passes(field, v) ? v : undefined)) : arb;
			}
			return fc.record(fields, { requiredKeys: Object.keys(shape).filter((k) => !isOptional(shape[k])) });
		}
		case 'string':
			return validString(def, pool);
		case 'number': {
			const { min, max, int } = numberBounds(def);
			if (def.format === undefined && !int && pool.ints.length === 0) return fc.double({ min, max, noNaN: true });
			return int
				? fc.oneof(fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) }), fc.constantFrom(...[min, max, ...pool.ints].filter((n) => n >= min && n <= max && Number.isSafeInteger(n))))
				: fc.double({ min, max, noNaN: true });
		}
		case 'bigint':
			return fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n });
		case 'boolean':
			return fc.boolean();
		case 'date':
			return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
		case 'enum':
			return fc.constantFrom(...Object.values(def.entries as Record<string, string | number>));
		case 'literal':
			return fc.constantFrom(...(def.values as unknown[]));
		case 'array':
			return fc.array(validish(def.element, pool, depth + 1), { maxLength: 3 });
		case 'tuple':
			return fc.tuple(...(def.items as unknown[]).map((item) => validish(item, pool, depth + 1)));
		case 'record':
			return fc.dictionary(fc.string({ maxLength: 10 }), validish(def.valueType, pool, depth + 1), { maxKeys: 3 });
		case 'union':
		case 'discriminatedUnion':
			return fc.oneof(...(def.options as unknown[]).map((o) => validish(o, pool, depth + 1)));
		case 'intersection':
			return fc.tuple(validish(def.left, pool, depth + 1), validish(def.right, pool, depth + 1)).map(([a, b]) => (isPlainObject(a) && isPlainObject(b) ? { ...a, ...b } : a));
		case 'optional':
			return fc.option(validish(def.innerType, pool, depth + 1), { nil: undefined, freq: 4 });
		case 'nullable':
			return fc.option(validish(def.innerType, pool, depth + 1), { nil: null, freq: 4 });
		case 'default':
		case 'prefault':
			return fc.option(validish(def.innerType, pool, depth + 1), { nil: undefined, freq: 3 });
		case 'readonly':
		case 'catch':
		case 'nonoptional':
		case 'success':
			return validish(def.innerType, pool, depth + 1);
		case 'pipe':
			return validish(def.in, pool, depth + 1);
		case 'lazy':
			return validish((def.getter as () => unknown)(), pool, depth + 1);
		case 'null':
			return fc.constant(null);
		case 'undefined':
		case 'void':
			return fc.constant(undefined);
		default:
			return hostileValue();
	}
}

function passes(schema: unknown, value: unknown): boolean {
	try {
		return (schema as { safeParse(v: unknown): { success: boolean } }).safeParse(value).success;
	} catch {
		return true; // an async refinement: let the server decide
	}
}

function localDate(offsetDays: number): string {
	return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Values that pass for fields of common names, where a schema's rule is a refinement fast-check
 * cannot read (a phone number, a time zone, a date that must exist). Only a hint: the schema's
 * own arbitrary is still drawn a quarter of the time, and an edge value by `mutated`.
 */
function hintFor(key: string, schema: unknown): fc.Arbitrary<unknown> | null {
	const leaf = leafDef(schema);
	if (leaf?.type !== 'string') return null;
	const facts = stringFacts(leaf);
	if (facts.pattern || facts.format) return null; // fast-check reads those itself
	const recent = fc.integer({ min: -400, max: 400 }).map(localDate);
	if (/phone/i.test(key)) return fc.constantFrom('081234567890', '+6281234567890', '0857 2631 8840');
	// Dates: mostly recent ones that pass, and a calendar edge a third of the time — the edges are
	// where the audit found frozen servers and 500s, so they must come up in every short run.
	if (/^(period)$/i.test(key)) return fc.oneof(recent.map((d) => d.slice(0, 7)), recent.map((d) => d.slice(0, 7)), calendarEdge());
	if (DATE_LIKE_NAME.test(key)) return fc.oneof(recent, recent.map((d) => d.slice(0, 7)), recent.map((d) => `${d}T03:00:00.000Z`), recent.map((d) => `${d}T10:00:00+07:00`), calendarEdge(), calendarEdge());
	if (/timeZone/i.test(key)) return fc.constantFrom('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'UTC', 'Pacific/Kiritimati', 'America/St_Johns');
	if (/^host$/i.test(key)) return fc.constantFrom('192.0.2.10', '127.0.0.1', 'router.local', '::1');
	if (/rateLimit/i.test(key)) return fc.constantFrom('10M/10M', '5M/20M', '512k/1M 1M/2M 768k/1500k 8/8');
	if (/profile/i.test(key)) return fc.constantFrom('paket-10m', 'isolir', 'default');
	if (/dataUrl/i.test(key)) return fc.constantFrom('data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=');
	if (/serviceUsername|^username$/i.test(key)) return fc.stringMatching(/^[a-z][a-z0-9]{3,12}$/);
	if (/password/i.test(key)) return fc.constantFrom('correct-horse-battery-staple', 'Rahasia-Sekali-2026');
	if (/^(cursor)$/i.test(key)) return fc.constant(undefined);
	return null;
}

/** The schema under optional/default/pipe wrappers: what a field holds. */
function leafDef(schema: unknown): ZodDef | null {
	const def = defOf(schema);
	if (!def) return null;
	if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)) return leafDef(def.innerType);
	if (def.type === 'pipe') return leafDef(def.in);
	return def;
}

function isOptional(schema: unknown): boolean {
	const def = defOf(schema);
	if (!def) return false;
	if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') return true;
	if (def.type === 'pipe') return isOptional(def.in);
	return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** The paths of an object's values (nested objects and arrays included), for picking one to break. */
function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
	if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
	else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
	if (prefix.length) out.push(prefix);
	return out;
}

function setAt(root: unknown, path: Array<string | number>, mutate: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
	const copy = structuredClone(root);
	let parent = copy as Record<string | number, unknown>;
	for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
	mutate(parent, path[path.length - 1]);
	return copy;
}

export type Mutation = 'replace' | 'edge' | 'remove' | 'extra' | 'whole' | 'none';

/**
 * A near-valid input with one thing broken. `edge` replaces a field with an edge value of its own
 * kind (a calendar edge for a date-like string, a bound ± 1 for a number), which passes many
 * schemas and so tests the service; `replace` puts any hostile value there.
 */
export function mutated(schema: unknown, pool: IdPool): fc.Arbitrary<{ input: unknown; mutation: Mutation; path: string }> {
	const base = schema === undefined ? fc.constant(undefined) : validish(schema, pool);
	return fc
		.tuple(base, fc.constantFrom<Mutation>('replace', 'replace', 'edge', 'edge', 'remove', 'extra', 'whole', 'none'), fc.nat(), hostileValue(), edgeValue(), fc.string({ maxLength: 20 }))
		.map(([value, mutation, pick, hostile, edge, extraKey]) => {
			if (mutation === 'none') return { input: value, mutation, path: '' };
			if (mutation === 'whole') return { input: hostile, mutation, path: '' };
			const all = paths(value);
			if (all.length === 0) return { input: mutation === 'extra' ? { [extraKey || 'x']: hostile } : hostile, mutation, path: '' };
			const path = all[pick % all.length];
			const input =
				mutation === 'remove'
					? setAt(value, path, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k]))
					: mutation === 'extra'
						? setAt(value, path, (p) => void (isPlainObject(p) && (p[extraKey || 'extra'] = hostile)))
						: setAt(value, path, (p, k) => void (p[k] = mutation === 'edge' ? edge : hostile));
			return { input, mutation, path: path.join('.') };
		});
}

/** Edge values that still look like the right kind: calendar edges and number bounds. */
function edgeValue(): fc.Arbitrary<unknown> {
	return fc.oneof(fc.constantFrom(...calendarEdgeStrings.dates, ...calendarEdgeStrings.months, ...calendarEdgeStrings.instants), fc.constantFrom(...numberEdges));
}
