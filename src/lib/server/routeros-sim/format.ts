/** Value formatting that differs between RouterOS generations, kept apart so menus store one form. */

export type RosMajor = 6 | 7;

/** Properties that are booleans on the menus we simulate; stored internally as 'true'/'false'. */
export const BOOLEAN_PROPS = new Set([
	'disabled',
	'dynamic',
	'running',
	'radius',
	'invalid',
	'slave',
	'blocked',
	'only-one'
]);

/** Accepts every spelling RouterOS accepts for a boolean; returns null when it is not one. */
export function parseBoolean(value: string): 'true' | 'false' | null {
	const v = value.toLowerCase();
	if (v === 'yes' || v === 'true') return 'true';
	if (v === 'no' || v === 'false') return 'false';
	return null;
}

/** v7 answers true/false, v6 answers yes/no. */
export function formatBoolean(stored: string, ros: RosMajor): string {
	const b = parseBoolean(stored);
	if (b === null) return stored;
	if (ros === 7) return b;
	return b === 'true' ? 'yes' : 'no';
}

/** RouterOS duration style: 1w2d3h4m5s, zero units left out, `0s` for nothing. */
export function formatUptime(totalSeconds: number): string {
	let s = Math.max(0, Math.floor(totalSeconds));
	const units: Array<[string, number]> = [
		['w', 604800],
		['d', 86400],
		['h', 3600],
		['m', 60],
		['s', 1]
	];
	let out = '';
	for (const [suffix, size] of units) {
		const n = Math.floor(s / size);
		s -= n * size;
		if (n > 0) out += `${n}${suffix}`;
	}
	return out === '' ? '0s' : out;
}

export function formatId(n: number): string {
	return `*${n.toString(16).toUpperCase()}`;
}

export function parseId(word: string): number | null {
	const m = /^\*([0-9a-fA-F]+)$/.exec(word);
	return m ? parseInt(m[1], 16) : null;
}
