import { describe, expect, it } from 'vitest';
import { encodeTicket, preview, rawbtHref, row, toBase64, toPrinterText, wrap } from './escpos';

describe('toPrinterText: printable ASCII only', () => {
	it('prints Latin letters without their accents and spells out those that have no decomposition', () => {
		expect(toPrinterText('José Müller Ñoño Çağrı')).toBe('Jose Muller Nono Cagri');
		expect(toPrinterText('Straße Łukasz Ørsted Œuvre Đặng')).toBe('Strasse Lukasz Orsted OEuvre Dang');
	});

	it('turns typographic signs into their ASCII look-alikes', () => {
		expect(toPrinterText('1 Des – 31 Des 2026 — “lunas” ‘ok’ …')).toBe('1 Des - 31 Des 2026 - "lunas" \'ok\' ...');
	});

	it('prints one ? for each character of a script the printer lacks, an emoji included', () => {
		expect(toPrinterText('王小明')).toBe('???');
		expect(toPrinterText('Budi 😀')).toBe('Budi ?');
	});

	it("makes Intl's no-break spaces, tabs and line breaks plain spaces", () => {
		expect(toPrinterText('9:43\u202fPM\u00a0x\ty\nz')).toBe('9:43 PM x y z');
	});

	it('lets no control character through, so a name cannot carry a printer command', () => {
		expect(toPrinterText('A\x1b@B\x1dV\x00C\x7f')).toBe('A?@B?V?C?');
		expect(toPrinterText('soft\u00adhyphen zero\u200bwidth')).toBe('softhyphen zerowidth');
	});

	it('leaves ASCII as it is', () => {
		const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
		expect(toPrinterText(ascii)).toBe(ascii);
	});
});

describe('wrap and row', () => {
	it('wraps on spaces and cuts a word longer than a line', () => {
		expect(wrap('Siti Nurhaliza binti Abdul Rahman', 12)).toEqual(['Siti', 'Nurhaliza', 'binti Abdul', 'Rahman']);
		expect(wrap('ABCDEFGHIJKLMNOPQRSTUVWXYZ x', 10)).toEqual(['ABCDEFGHIJ', 'KLMNOPQRST', 'UVWXYZ x']);
		expect(wrap('', 10)).toEqual(['']);
	});

	it('puts the amount flush right and wraps the left text within the room it leaves', () => {
		expect(row('Total', 'Rp 150.000', 20)).toEqual(['Total     Rp 150.000']);
		expect(row('Biaya pasang dan bulan pertama', 'Rp 150.000', 20)).toEqual(['Biaya     Rp 150.000', 'pasang', 'dan bulan', 'pertama']);
		// No room beside the amount: the text first, the amount under it.
		expect(row('Total', 'Rp 1.000.000.000', 16)).toEqual(['Total', 'Rp 1.000.000.000']);
	});
});

describe('bytes', () => {
	it('initialises, switches alignment and bold only when they change, feeds and cuts', () => {
		const bytes = encodeTicket([
			{ text: 'ISP', align: 'center', bold: true },
			{ text: 'KW 1', align: 'center', bold: true },
			{ text: 'a' },
			{ text: 'b', bold: true }
		]);
		expect([...bytes]).toEqual([
			0x1b, 0x40, // ESC @
			0x1b, 0x61, 1, 0x1b, 0x45, 1, 0x49, 0x53, 0x50, 0x0a, // centre, bold, "ISP" LF
			0x4b, 0x57, 0x20, 0x31, 0x0a, // "KW 1" LF, nothing switched again
			0x1b, 0x61, 0, 0x1b, 0x45, 0, 0x61, 0x0a, // left, bold off, "a" LF
			0x1b, 0x45, 1, 0x62, 0x0a, // bold, "b" LF
			0x1b, 0x45, 0, // bold off before the end
			0x1b, 0x64, 4, // ESC d 4: past the tear bar
			0x1d, 0x56, 66, 0 // GS V 66 0: partial cut
		]);
	});

	it('never sends a byte above 0x7E or a control byte besides its own commands, whatever the text', () => {
		const bytes = encodeTicket([{ text: 'Zoë \x1b\x1d 王 😀 – \u00a0' }]);
		const text = [...bytes].slice(2, bytes.indexOf(0x0a));
		expect(text.every((b) => b >= 0x20 && b <= 0x7e)).toBe(true);
		expect(String.fromCharCode(...text)).toBe('Zoe ?? ? ? -  ');
	});

	it('hands the bytes to RawBT as base64 in an Android intent link', () => {
		const bytes = encodeTicket([{ text: 'Rp 150.000' }]);
		const href = rawbtHref(bytes);
		expect(href).toBe(`intent:base64,${toBase64(bytes)}#Intent;scheme=rawbt;package=ru.a402d.rawbtprinter;end;`);
		const back = Uint8Array.from(atob(href.slice('intent:base64,'.length, href.indexOf('#'))), (c) => c.charCodeAt(0));
		expect([...back]).toEqual([...bytes]);
		// Every byte value survives the trip (btoa takes one character per byte).
		const all = Uint8Array.from({ length: 256 }, (_, i) => i);
		expect([...Uint8Array.from(atob(toBase64(all)), (c) => c.charCodeAt(0))]).toEqual([...all]);
	});
});

describe('preview', () => {
	it('shows the paper: lines padded to the width, centred lines centred', () => {
		expect(preview([{ text: 'ab', align: 'center' }, { text: 'Zoë' }], 7)).toEqual(['  ab   ', 'Zoe    ']);
	});
});
