/**
 * IPv4 addresses and `/ip pool` ranges as the simulator needs them: a pool's `ranges` is a comma
 * list of single addresses, `from-to` spans and `a.b.c.d/nn` prefixes.
 */

/** The address as a 32-bit number, or null when it is not a dotted IPv4 address. */
export function ipToNumber(ip: string): number | null {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
	if (!m) return null;
	const parts = m.slice(1).map(Number);
	if (parts.some((p) => p > 255)) return null;
	return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function numberToIp(n: number): string {
	return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

/** `ranges` as inclusive [first, last] spans; null when any part is malformed. Empty is no spans. */
export function parseRanges(ranges: string): Array<[number, number]> | null {
	if (ranges.trim() === '') return [];
	const spans: Array<[number, number]> = [];
	for (const part of ranges.split(',').map((p) => p.trim())) {
		const slash = /^([\d.]+)\/(\d{1,2})$/.exec(part);
		if (slash) {
			const base = ipToNumber(slash[1]);
			const bits = Number(slash[2]);
			if (base === null || bits > 32) return null;
			const size = 2 ** (32 - bits);
			const first = Math.floor(base / size) * size;
			spans.push([first, first + size - 1]);
			continue;
		}
		const [a, b, ...rest] = part.split('-');
		const from = ipToNumber(a);
		const to = b === undefined ? from : ipToNumber(b);
		if (rest.length > 0 || from === null || to === null || to < from) return null;
		spans.push([from, to]);
	}
	return spans;
}
