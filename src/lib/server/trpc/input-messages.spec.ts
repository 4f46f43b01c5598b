/**
 * No library default message reaches a person: every tRPC procedure's input schema (read from the
 * app router, so a new procedure is covered without anyone remembering) is made to fail on every
 * field it has — missing, wrong type, too small, too big, bad format, an option it does not know —
 * and every resulting message, in Indonesian and in English, must be one of ours: no zod default
 * text ("Invalid UUID", "Too small: expected number to be >=0", "Invalid option: expected one of…"),
 * no unfilled `{placeholder}`, and the Indonesian one not the English one.
 */
import { describe, expect, it } from 'vitest';
import { appRouter } from './root';
import { issuesToFieldErrors } from '../../shared/validation';
import { translator } from '../../shared/i18n/index';

interface Def {
	type: string;
	[key: string]: unknown;
}
interface Schema {
	_zod: { def: Def };
	safeParseAsync(input: unknown): Promise<{ success: boolean; error?: { issues: never[] } }>;
}

const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, { _def: { inputs: Schema[] } }> } })._def.procedures).sort(([a], [b]) =>
	a.localeCompare(b)
);

/** Object field paths reachable in a schema (through optional, default, pipe, union, array…). */
function fieldPaths(schema: Schema | undefined, prefix: string[] = [], depth = 0, out: string[][] = []): string[][] {
	const def = schema?._zod?.def;
	if (!def || depth > 6) return out;
	const inner = (s: unknown) => fieldPaths(s as Schema, prefix, depth + 1, out);
	switch (def.type) {
		case 'object':
			for (const [key, child] of Object.entries(def.shape as Record<string, Schema>)) {
				out.push([...prefix, key]);
				fieldPaths(child, [...prefix, key], depth + 1, out);
			}
			break;
		case 'optional':
		case 'nullable':
		case 'default':
		case 'prefault':
		case 'catch':
		case 'readonly':
		case 'nonoptional':
			inner(def.innerType);
			break;
		case 'pipe':
			inner(def.in);
			break;
		case 'union':
			for (const option of def.options as Schema[]) inner(option);
			break;
		case 'array':
			fieldPaths(def.element as Schema, [...prefix, '0'], depth + 1, out);
			break;
		case 'lazy':
			inner((def.getter as () => Schema)());
			break;
	}
	return out;
}

/** Values that break a field one way each: missing, wrong kind, extremes, bad formats, unknown option. */
const BREAKERS: unknown[] = [
	undefined,
	null,
	'',
	' ',
	'x',
	'not-a-uuid',
	'zz-unknown-option',
	'2026-13-45',
	'a'.repeat(5000),
	-1,
	-1e15,
	0,
	1.5,
	1e15,
	Number.NaN,
	true,
	[],
	['x'],
	{},
	new Date('invalid'),
	new Date('1900-01-01T00:00:00Z'),
	new Date('2999-01-01T00:00:00Z')
];

function withValueAt(path: string[], value: unknown): unknown {
	let out: unknown = value;
	for (let i = path.length - 1; i >= 0; i--) {
		const key = path[i];
		out = key === '0' ? [out] : { [key]: out };
	}
	return out;
}

const LIBRARY_TEXT = /\b(Invalid|Too small|Too big|expected|received|Unrecognized|must match|multiple of)\b/;
const ENGLISH_IN_INDONESIAN = /\b(Invalid|Too|expected|received|must|Required|Unrecognized|option|Choose|least|most)\b/i;

const id = translator('id');
const en = translator('en');

describe('every input schema fails in words, in both languages', () => {
	it('reads the procedures from the app router', () => {
		expect(procedures.length).toBeGreaterThan(50);
	});

	const codesSeen = new Set<string>();
	const formatsSeen = new Set<string>();

	it.each(procedures.map(([name, p]) => [name, p._def.inputs] as const))('%s', async (_name, inputs) => {
		const bad = new Set<string>();
		for (const schema of inputs) {
			const paths = [[], ...fieldPaths(schema)];
			for (const path of paths) {
				for (const value of BREAKERS) {
					const result = await schema.safeParseAsync(withValueAt(path, value));
					if (result.success) continue;
					const issues = result.error!.issues as Array<{ code: string; format?: string; message: string; path: PropertyKey[] }>;
					for (const issue of issues) {
						codesSeen.add(issue.code);
						if (issue.format) formatsSeen.add(issue.format);
					}
					const inId = issuesToFieldErrors(issues, id);
					const inEn = issuesToFieldErrors(issues, en);
					for (const [field, messages] of Object.entries(inId)) {
						messages.forEach((text, i) => {
							const english = inEn[field][i];
							const where = `${field} ← ${JSON.stringify(withValueAt(path, value))?.slice(0, 60)}`;
							if (ENGLISH_IN_INDONESIAN.test(text) || /\{\w+\}/.test(text) || text === english) bad.add(`id ${where}: ${text}`);
							if (LIBRARY_TEXT.test(english) || /\{\w+\}/.test(english)) bad.add(`en ${where}: ${english}`);
						});
					}
				}
			}
		}
		expect([...bad].slice(0, 20)).toEqual([]);
	});

	it('made the schemas fail in every way that matters', () => {
		for (const code of ['invalid_type', 'too_small', 'too_big', 'invalid_format', 'invalid_value']) expect(codesSeen).toContain(code);
		for (const format of ['uuid', 'regex']) expect(formatsSeen).toContain(format);
	});
});
