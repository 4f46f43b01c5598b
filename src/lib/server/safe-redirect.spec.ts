import { describe, expect, it } from 'vitest';
import { sameSitePath } from './safe-redirect';

const SITE = 'https://lunas.example';

/** What a browser does with the Location header the sign-in answers with. */
function browserLandsOn(location: string): URL {
	return new URL(location, `${SITE}/login?next=x`);
}

/** A small seeded generator (mulberry32): the same cases on every run, different per seed. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Pieces that have led browsers off-site: separators, their encodings and the characters browsers drop. */
const PIECES = [
	'/', '//', '\\', '\t', '\n', '\r', ' ', '\f', '\v', '\0', '\x01', '\x1f', '\x7f', '\u00a0', '\u2028', '\ufeff', '\ud800',
	'%09', '%0a', '%0d', '%00', '%2f', '%2F', '%5c', '%5C', '%2e', '%2e%2e', '%25', '%', '.', '..', './', '../',
	'evil.example', 'evil.example:443', '@', ':', 'http:', 'https:', 'javascript:', 'data:', '//evil.example', '\\\\evil.example',
	'?', '#', '&next=//evil', 'office', 'customers', 'é', '日本', '%E2%80%A8', 'localhost', '127.0.0.1', '[::1]'
];

function generate(next: () => number): string {
	const n = 1 + Math.floor(next() * 7);
	let s = next() < 0.9 ? '/' : '';
	for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
	return s;
}

describe('sameSitePath', () => {
	it('keeps paths on this site', () => {
		expect(sameSitePath('/office/customers?search=budi')).toBe('/office/customers?search=budi');
		expect(sameSitePath('/')).toBe('/');
		expect(sameSitePath('/office/payments?flagged=1#top')).toBe('/office/payments?flagged=1#top');
	});

	it('refuses anything that leaves it, including what browsers turn into //', () => {
		const bad = [
			'//evil.example', '/\\evil.example', 'https://evil.example', 'office', '', null, undefined, 42,
			'/\t/evil.example', '/\n/evil.example', '/\r/evil.example', '/\r\n/evil.example', '\t//evil.example',
			'/\\\\evil.example', '/\t\\evil.example', ' //evil.example', '/x/../\t/evil', '/.//evil', '/%2e//evil',
			'/./\\evil', '/\u0000/evil.example'.replace('\u0000', '\t')
		];
		for (const value of bad) expect(sameSitePath(value), JSON.stringify(value)).toBeNull();
	});

	it('answers with a plain path for control characters, never one that breaks the Location header', () => {
		const path = sameSitePath('/office\u0001/x\u007f\u00e9');
		expect(path).toBe('/office%01/x%7F%C3%A9');
		expect(() => new Headers({ location: path! })).not.toThrow();
	});

	it('over many generated inputs: null, or a path that keeps the browser on this site', () => {
		for (const seed of [1, 2, 3, 4]) {
			const next = random(seed);
			for (let i = 0; i < 5000; i++) {
				const value = generate(next);
				const label = `seed ${seed} #${i} ${JSON.stringify(value)}`;
				let path: string | null = null;
				expect(() => (path = sameSitePath(value)), label).not.toThrow();
				if (path === null) continue;
				const p = path as string;
				expect(p.startsWith('/') && !p.startsWith('//') && !p.startsWith('/\\'), label).toBe(true);
				expect(/^[\x21-\x7e]*$/.test(p), `${label} → ${JSON.stringify(p)}`).toBe(true);
				expect(browserLandsOn(p).origin, label).toBe(SITE);
				expect(() => new Headers({ location: p }), label).not.toThrow();
			}
		}
	});
});
