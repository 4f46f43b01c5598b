/**
 * `print` query words, evaluated the way the RouterOS API documents them: each word pushes a boolean
 * onto a stack, `?#` words combine what is on it, and whatever is left is ANDed together.
 * Source: the RouterOS API manual, "Queries" (wiki.mikrotik.com Manual:API; help.mikrotik.com
 * API page): `?name=x` and `?=name=x` both push "property name equals x".
 */
import { BOOLEAN_PROPS, parseBoolean } from './format';
import { SimTrap } from './menu';

type Item = Record<string, string>;

/** Booleans compare equal whatever the spelling (`?disabled=yes` matches `true` on v7). */
function same(key: string, a: string, b: string): boolean {
	if (BOOLEAN_PROPS.has(key)) {
		const x = parseBoolean(a);
		const y = parseBoolean(b);
		if (x !== null && y !== null) return x === y;
	}
	return a === b;
}

/** Numeric comparison when both sides are numbers (ids `*1A` compare by their hex value), else text. */
function compare(a: string, b: string): number {
	const num = (s: string) => (/^\*[0-9a-fA-F]+$/.test(s) ? parseInt(s.slice(1), 16) : Number(s));
	const x = num(a);
	const y = num(b);
	if (a !== '' && b !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
	return a < b ? -1 : a > b ? 1 : 0;
}

function splitPair(word: string): [string, string | undefined] {
	const eq = word.indexOf('=');
	return eq === -1 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}

function applyOps(ops: string, stack: boolean[]): void {
	const pop = (): boolean => {
		// Popping an empty stack yields true, so `?#|` with too few operands degrades gracefully.
		const v = stack.pop();
		return v ?? true;
	};
	for (let i = 0; i < ops.length; i++) {
		const op = ops[i];
		if (op === '|') {
			const b = pop();
			const a = pop();
			stack.push(a || b);
		} else if (op === '&') {
			const b = pop();
			const a = pop();
			stack.push(a && b);
		} else if (op === '!') {
			stack.push(!pop());
		} else if (op === '.') {
			// Documented as a no-op separator between numbers.
		} else if (/[0-9]/.test(op)) {
			let j = i;
			while (j + 1 < ops.length && /[0-9]/.test(ops[j + 1])) j++;
			const index = Number(ops.slice(i, j + 1));
			i = j;
			stack.push(stack[index] ?? true);
		} else {
			throw new SimTrap(`invalid query operation ${op}`, 1);
		}
	}
}

/** Does `item` match the query words (each given without its leading `?`)? */
export function matches(queries: readonly string[], item: Item): boolean {
	const stack: boolean[] = [];
	for (const q of queries) {
		if (q.startsWith('#')) {
			applyOps(q.slice(1), stack);
		} else if (q.startsWith('-')) {
			stack.push(!(q.slice(1) in item));
		} else if (q.startsWith('<') || q.startsWith('>')) {
			const [key, value] = splitPair(q.slice(1));
			const have = item[key];
			if (have === undefined || value === undefined) {
				stack.push(false);
			} else {
				const c = compare(have, value);
				stack.push(q[0] === '<' ? c < 0 : c > 0);
			}
		} else {
			// `?=name=x` is the documented second spelling of `?name=x` (librouteros sends it).
			const [key, value] = splitPair(q.startsWith('=') ? q.slice(1) : q);
			const have = item[key];
			stack.push(value === undefined ? have !== undefined : have !== undefined && same(key, have, value));
		}
	}
	return stack.every(Boolean);
}
