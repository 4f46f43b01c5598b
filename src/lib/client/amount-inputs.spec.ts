/**
 * One rupiah reader, one money input: a new form must not bring a parser or a bare money input of
 * its own (issue #13 found four that disagreed). Reads every component and client/shared module.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string, ends: string[]): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return filesUnder(full, ends);
		return ends.some((e) => name.endsWith(e)) && !name.endsWith('.spec.ts') ? [full] : [];
	});
}

const root = path.resolve('src');
const sources = filesUnder(root, ['.ts', '.svelte']);
const rel = (file: string) => path.relative(root, file);

describe('money inputs', () => {
	it('read rupiah only through shared/rupiah-input.ts', () => {
		// Every copy so far stripped the `Rp` prefix with a regular expression of its own.
		const stripsRp = /\/\^?(\\s\*)?\(?\??:?rp/i;
		const offences = sources.filter((f) => rel(f) !== path.join('lib', 'shared', 'rupiah-input.ts') && stripsRp.test(readFileSync(f, 'utf8')));
		expect(offences.map(rel)).toEqual([]);
	});

	it('are AmountInput: no other input is bound to an amount, a price or a count of money', () => {
		const moneyBinding = /<input[^>]*bind:value=\{[^}]*(amount|price|counted|nominal|harga)[^}]*\}/gi;
		const offences = sources
			.filter((f) => f.endsWith('.svelte') && !f.endsWith('AmountInput.svelte'))
			.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(moneyBinding)].map((m) => `${rel(f)}: ${m[0].slice(0, 80)}`));
		expect(offences).toEqual([]);
	});
});
