import { describe, expect, it } from 'vitest';
import { isCleanText, text } from './text';

describe('text()', () => {
	it('refuses lone surrogates anywhere, high or low, and keeps whole emoji', () => {
		for (const bad of ['\ud83d', 'a\ud83db', '\ude00', 'x\ude00\ud83d', 'cut 😀'.slice(0, -1)]) expect(text().safeParse(bad).success, JSON.stringify(bad)).toBe(false);
		expect(text().safeParse('Lunas 😀 ✓ Rp 150.000').success).toBe(true);
	});

	it('refuses NUL and control characters; line breaks only in multi-line fields; TAB is text', () => {
		for (const bad of ['a\u0000', '\u0007bell', 'esc\u001b[0m', 'del\u007f', 'c1\u0085']) {
			expect(isCleanText(bad), JSON.stringify(bad)).toBe(false);
			expect(isCleanText(bad, { multiline: true }), JSON.stringify(bad)).toBe(false);
		}
		expect(isCleanText('two\nlines')).toBe(false);
		expect(isCleanText('two\r\nlines', { multiline: true })).toBe(true);
		expect(isCleanText('a\tb')).toBe(true);
	});

	it('answers with the message key, so the field gets a translated message', () => {
		const result = text().trim().max(10).safeParse('\ud83d');
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((i) => i.message)).toEqual(['validation.text']);
	});
});
