/** Splits a command sentence into its parts: command word, `=attr=value`s, `?query`s and `.tag`. */

export interface ParsedCommand {
	command: string;
	attrs: Record<string, string>;
	queries: string[];
	tag?: string;
}

export function parseCommand(words: readonly string[]): ParsedCommand {
	const [command = '', ...rest] = words;
	const attrs: Record<string, string> = {};
	const queries: string[] = [];
	let tag: string | undefined;
	for (const word of rest) {
		if (word.startsWith('=')) {
			// `=name=value`: the value may itself contain `=`, so split at the second `=` only.
			const eq = word.indexOf('=', 1);
			if (eq === -1) attrs[word.slice(1)] = '';
			else attrs[word.slice(1, eq)] = word.slice(eq + 1);
		} else if (word.startsWith('?')) {
			queries.push(word.slice(1));
		} else if (word.startsWith('.tag=')) {
			tag = word.slice(5);
		}
		// Other API words (none are defined besides `.tag`) are ignored, as the router does.
	}
	return { command, attrs, queries, tag };
}

/** `{ a: '1' }` → `['=a=1']`. */
export function attrWords(attrs: Record<string, string>): string[] {
	return Object.entries(attrs).map(([k, v]) => `=${k}=${v}`);
}
