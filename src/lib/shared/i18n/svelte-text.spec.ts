import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareTexts } from '../../../../tests/svelte-text';

function svelteFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return svelteFiles(full);
		return name.endsWith('.svelte') ? [full] : [];
	});
}

/**
 * Text that may stand in markup as it is, because it is the same in both languages. Each
 * entry says why; keep it short.
 */
const ALLOWED_WORDS = new Set([
	'Lunas', // the product's name, in every page title
	'WhatsApp', // a brand
	'BCA' // a bank's name, as the example in the bank field
]);
/** IANA time zone names with their Indonesian abbreviations: identifiers, not prose. */
const TIME_ZONE = /^[A-Z][a-z]+\/[A-Z][a-z]+ \((WIB|WITA|WIT)\)$/;

const allowed = (text: string) => TIME_ZONE.test(text) || (text.match(/\p{L}+/gu) ?? []).every((w) => ALLOWED_WORDS.has(w));

describe('components show text only through the catalogue', () => {
	const root = path.resolve('src');
	const files = [...svelteFiles(path.join(root, 'routes')), ...svelteFiles(path.join(root, 'lib/client'))];

	it('finds the components', () => {
		expect(files.length).toBeGreaterThan(50);
	});

	it('has no hard-coded text in any component', () => {
		const offences = files.flatMap((file) =>
			bareTexts(readFileSync(file, 'utf8'))
				.filter((b) => !allowed(b.text))
				.map((b) => `${path.relative(root, file)}:${b.line} [${b.where}] ${b.text}`)
		);
		expect(offences).toEqual([]);
	});
});

describe('bareTexts', () => {
	const texts = (source: string) => bareTexts(source).map((b) => `${b.where}: ${b.text}`);

	it('finds text nodes, readable attributes and literals shown by expressions', () => {
		const source = [
			'<script>const ask = () => confirm("Delete it?");</script>',
			'<h1>Customers</h1>',
			'<input placeholder="Search" aria-label={busy ? "Saving" : t("x")} />',
			'<p>{count} {count === 1 ? "item" : "items"} {name ?? "nobody"} {`${n} left`}</p>',
			'<button onclick={() => alert("Done")}>{t("ok")}</button>'
		].join('\n');
		expect(texts(source)).toEqual([
			'text: Customers',
			'placeholder: Search',
			'aria-label: Saving',
			'text: item',
			'text: items',
			'text: nobody',
			'text: left',
			'dialog: Done',
			'dialog: Delete it?'
		]);
	});

	it('ignores keys, comparisons, class names, styles and punctuation', () => {
		const source = [
			'<script>const label = t("billing.title"); const ok = status === "paid";</script>',
			'<p class="badge {ok ? \'ok\' : \'off\'}" data-kind="note">{t(`status.${s}`)} · {formatRupiah(5)} — {x === "active" ? 1 : 2}</p>',
			'<a href="/office/customers">{label}</a>',
			'<style>p { font-family: Arial; }</style>'
		].join('\n');
		expect(texts(source)).toEqual([]);
	});

	it('reports the line of each text', () => {
		expect(bareTexts('<div>\n\n  <p>Hello</p>\n</div>').map((b) => b.line)).toEqual([3]);
	});
});
