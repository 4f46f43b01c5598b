/**
 * ESC/POS for the cheap 58 mm / 80 mm Bluetooth thermal printers collectors carry, handed to the
 * RawBT app on Android (docs/PRINTING.md). Pure: text layout, bytes and the intent URL, no DOM.
 *
 * Text is sent as 7-bit ASCII only. Which code page a printer starts in after ESC @ depends on
 * its firmware (PC437, PC850, a Chinese GB18030 mode…) and ESC t numbers differ between vendors,
 * so any byte above 0x7F is a gamble; ASCII prints the same on all of them. Latin letters with
 * accents are printed without them (José → Jose), a few letters and typographic signs that have
 * no decomposition are spelled out (ß → ss, – → -), everything else becomes '?'.
 */

/** Paper width in mm → characters per line in font A (12 × 24 dots): 384 dots / 12, 576 / 12. */
export const PAPER_COLUMNS = { 58: 32, 80: 48 } as const;
export type PaperWidth = keyof typeof PAPER_COLUMNS;

export function isPaperWidth(value: unknown): value is PaperWidth {
	return value === 58 || value === 80;
}

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

/** Letters and signs that Unicode decomposition does not bring down to ASCII. */
const SPELLED: Record<string, string> = {
	ß: 'ss', Æ: 'AE', æ: 'ae', Ø: 'O', ø: 'o', Œ: 'OE', œ: 'oe', Đ: 'D', đ: 'd', Ł: 'L', ł: 'l',
	Þ: 'Th', þ: 'th', Ð: 'D', ð: 'd', ı: 'i', Ħ: 'H', ħ: 'h',
	'‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '“': '"', '”': '"', '„': '"', '″': '"',
	'‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
	'•': '*', '·': '.', '×': 'x', '÷': '/', '€': 'EUR', '«': '"', '»': '"'
};

/**
 * What the printer will be sent for `text`: printable ASCII only. Spaces of every kind (Intl's
 * no-break and narrow no-break spaces in dates, tabs, line breaks) become one plain space; control
 * characters never pass, so a name cannot smuggle a printer command in; invisible format
 * characters (zero-width joiner, soft hyphen) are dropped.
 */
export function toPrinterText(text: string): string {
	let out = '';
	for (const ch of text.normalize('NFKD')) {
		const code = ch.codePointAt(0)!;
		if (code >= 0x20 && code <= 0x7e) out += ch;
		else if (/[\p{Zs}\t\n\r\u2028\u2029]/u.test(ch)) out += ' ';
		else if (/[\p{M}\p{Cf}]/u.test(ch)) continue;
		else out += SPELLED[ch] ?? '?';
	}
	return out;
}

/** Words onto lines of at most `width` characters; a word longer than a line is cut. */
export function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let current = '';
	for (let word of text.split(' ').filter(Boolean)) {
		if (current && current.length + 1 + word.length <= width) {
			current += ' ' + word;
			continue;
		}
		if (current) lines.push(current);
		while (word.length > width) {
			lines.push(word.slice(0, width));
			word = word.slice(width);
		}
		current = word;
	}
	if (current) lines.push(current);
	return lines.length > 0 ? lines : [''];
}

/**
 * `left` and `right` on one line of `width`, `right` flush right (an amount); a long `left` wraps
 * within the room the amount leaves, so no text runs under the amount column.
 */
export function row(left: string, right: string, width: number): string[] {
	const room = width - right.length - 1;
	if (room < 1) return [...wrap(left, width), right.padStart(width)];
	const lines = wrap(left, room);
	lines[0] = lines[0].padEnd(width - right.length) + right;
	return lines;
}

export interface TicketLine {
	text: string;
	align?: 'left' | 'center';
	bold?: boolean;
}

/** The paper as a person reads it: each line padded to the width, centred lines centred. For tests and previews. */
export function preview(lines: TicketLine[], width: number): string[] {
	return lines.map(({ text, align }) => {
		const printed = toPrinterText(text);
		if (align !== 'center') return printed.padEnd(width);
		const left = Math.floor((width - printed.length) / 2);
		return (' '.repeat(Math.max(0, left)) + printed).padEnd(width);
	});
}

/**
 * The bytes: ESC @ (initialise), then each line with ESC a (alignment) and ESC E (bold) only when
 * they change, ending in LF; at the end ESC d 4 feeds the last line past the tear bar of a printer
 * without a cutter, and GS V 66 0 cuts (partially) on one that has one — others ignore it.
 */
export function encodeTicket(lines: TicketLine[]): Uint8Array {
	const out: number[] = [ESC, 0x40];
	let align: 'left' | 'center' = 'left';
	let bold = false;
	for (const line of lines) {
		const a = line.align ?? 'left';
		if (a !== align) out.push(ESC, 0x61, a === 'center' ? 1 : 0);
		align = a;
		const b = line.bold ?? false;
		if (b !== bold) out.push(ESC, 0x45, b ? 1 : 0);
		bold = b;
		for (const ch of toPrinterText(line.text)) out.push(ch.charCodeAt(0));
		out.push(LF);
	}
	if (bold) out.push(ESC, 0x45, 0);
	if (align !== 'left') out.push(ESC, 0x61, 0);
	out.push(ESC, 0x64, 4, GS, 0x56, 66, 0);
	return Uint8Array.from(out);
}

export function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary);
}

/**
 * The link that hands the bytes to RawBT (package ru.a402d.rawbtprinter), which prints them on the
 * Bluetooth printer paired in it. Chrome on Android opens the app, or Google Play when it is not
 * installed; the data travels in the link, so no server is asked.
 */
export function rawbtHref(bytes: Uint8Array): string {
	return `intent:base64,${toBase64(bytes)}#Intent;scheme=rawbt;package=ru.a402d.rawbtprinter;end;`;
}
