/**
 * Finds text a component shows without going through the catalogue. A test runs it over every
 * .svelte file, so a hard-coded label fails the build instead of reaching an English user.
 */
import { parse } from 'svelte/compiler';

/** Attributes whose value a person reads or hears. */
const READ_ATTRIBUTES = new Set(['placeholder', 'title', 'aria-label', 'alt', 'aria-description', 'aria-placeholder', 'label']);

/** Functions whose first argument is shown to the user as it is. */
const DIALOGS = new Set(['confirm', 'alert', 'prompt']);

export interface BareText {
	line: number;
	text: string;
	/** `text`, a readable attribute's name, or `dialog`. */
	where: string;
}

interface Node {
	type: string;
	start: number;
	[key: string]: unknown;
}

const isNode = (value: unknown): value is Node => !!value && typeof value === 'object' && typeof (value as Node).type === 'string';

/**
 * String literals an expression puts on screen as they are: `{'Paid'}`, `{ok ? 'Yes' : 'No'}`,
 * `{name ?? 'nobody'}`, `{`${n} items`}`. Calls (`t('…')`, formatters) and comparisons are not
 * shown text, so they are not followed.
 */
function shownLiterals(e: Node): Node[] {
	switch (e.type) {
		case 'Literal':
			return typeof e.value === 'string' ? [e] : [];
		case 'TemplateLiteral':
			return e.quasis as Node[];
		case 'ConditionalExpression':
			return [...shownLiterals(e.consequent as Node), ...shownLiterals(e.alternate as Node)];
		case 'LogicalExpression':
			return [...shownLiterals(e.left as Node), ...shownLiterals(e.right as Node)];
		case 'BinaryExpression':
			return e.operator === '+' ? [...shownLiterals(e.left as Node), ...shownLiterals(e.right as Node)] : [];
		default:
			return [];
	}
}

function dialogName(call: Node): string | null {
	const callee = call.callee as Node;
	const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? (callee.property as Node).name : null;
	return typeof name === 'string' && DIALOGS.has(name) ? name : null;
}

export function bareTexts(source: string): BareText[] {
	const ast = parse(source, { modern: true });
	const found: BareText[] = [];
	const report = (node: Node, text: string, where: string) => {
		if (/\p{L}/u.test(text)) found.push({ line: source.slice(0, node.start).split('\n').length, text: text.trim().replace(/\s+/g, ' '), where });
	};
	const reportShown = (expression: Node, where: string) => {
		for (const literal of shownLiterals(expression)) {
			report(literal, literal.type === 'TemplateElement' ? (literal.value as { cooked: string }).cooked : String(literal.value), where);
		}
	};

	/** `markup`: false inside scripts and non-readable attributes, where only dialog texts count. */
	const visit = (value: unknown, markup: boolean): void => {
		if (Array.isArray(value)) return value.forEach((v) => visit(v, markup));
		if (!isNode(value)) return;
		if (markup && value.type === 'Text') return report(value, String(value.data), 'text');
		if (markup && value.type === 'ExpressionTag') reportShown(value.expression as Node, 'text');
		if (value.type === 'Attribute' && READ_ATTRIBUTES.has(String(value.name))) {
			for (const part of [value.value].flat() as Node[]) {
				if (part.type === 'Text') report(part, String(part.data), String(value.name));
				else if (part.type === 'ExpressionTag') reportShown(part.expression as Node, String(value.name));
			}
			return;
		}
		if (value.type === 'CallExpression' && dialogName(value)) {
			const [first] = value.arguments as Node[];
			if (first) reportShown(first, 'dialog');
		}
		// class, href, type… are not for reading, but a handler inside one may still open a dialog.
		const childMarkup = markup && value.type !== 'Attribute';
		for (const [key, child] of Object.entries(value)) if (key !== 'parent' && child && typeof child === 'object') visit(child, childMarkup);
	};
	visit(ast.fragment, true);
	visit([ast.instance, ast.module], false);
	return found;
}
