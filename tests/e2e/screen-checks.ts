/**
 * What every screen must pass (issue #15, "Done when"): the page is no wider than the screen, no
 * library default message reaches the reader, and no catalogue text of the other language is on
 * it (a word the catalogue has only in Indonesian showing on an English screen, or the reverse,
 * means text that skipped the catalogue for the reader's language).
 */
import type { Page } from '@playwright/test';
import { id } from '../../src/lib/shared/i18n/id';
import { en } from '../../src/lib/shared/i18n/en';
import { featureMessages } from '../../src/lib/shared/i18n/messages/index';

type Lang = 'id' | 'en';

/** zod's, Chromium's form validation and SvelteKit's own texts. */
export const LIBRARY_TEXT = /Invalid (UUID|input|option|string|number|email|date)|Too (small|big)|expected .* to|received (undefined|null|string|number)|Please fill (out|in) this field|Internal Error|Not Found$/;

const catalogues: Record<Lang, Record<string, string>> = { id: { ...id, ...featureMessages.id }, en: { ...en, ...featureMessages.en } };

/** Texts one language's catalogue has and the other's does not (without placeholders, 2+ words). */
function onlyIn(lang: Lang): Set<string> {
	const other = new Set(Object.values(catalogues[lang === 'id' ? 'en' : 'id']));
	return new Set(Object.values(catalogues[lang]).filter((v) => !v.includes('{') && /\p{L}+\s+\p{L}+/u.test(v) && !other.has(v)));
}
const FOREIGN: Record<Lang, Set<string>> = { id: onlyIn('en'), en: onlyIn('id') };

export interface ScreenProblem {
	path: string;
	problem: string;
}

/** The problems of the page as it is now, read in language `lang`. */
export async function screenProblems(page: Page, lang: Lang): Promise<ScreenProblem[]> {
	const path = new URL(page.url()).pathname + new URL(page.url()).search;
	const problems: ScreenProblem[] = [];
	const { scrollWidth, clientWidth, texts } = await page.evaluate(() => {
		const root = document.scrollingElement ?? document.documentElement;
		// Every visible element's own text, one entry per element (what a reader sees as one piece).
		const texts: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		const seen = new Set<Element>();
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const el = n.parentElement;
			if (!el || seen.has(el) || !(n.textContent ?? '').trim()) continue;
			if (el.closest('script, style, template, [hidden], details:not([open]) > :not(summary)')) continue;
			// A message as the ISP wrote it for its customers (a template preview) is data, not the screen's words.
			if (el.closest('[data-customer-text]')) continue;
			if (!el.checkVisibility?.()) continue;
			seen.add(el);
			texts.push((el.innerText ?? el.textContent ?? '').trim());
		}
		return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, texts };
	});
	if (scrollWidth > clientWidth) problems.push({ path, problem: `page ${scrollWidth} px wide on a ${clientWidth} px screen` });
	for (const text of texts) {
		const line = text.replace(/\s+/g, ' ');
		if (LIBRARY_TEXT.test(line)) problems.push({ path, problem: `library text: ${line.slice(0, 120)}` });
		for (const part of text.split('\n').map((p) => p.trim())) {
			if (FOREIGN[lang].has(part)) problems.push({ path, problem: `other language's text on a '${lang}' screen: ${part}` });
		}
	}
	return problems;
}
