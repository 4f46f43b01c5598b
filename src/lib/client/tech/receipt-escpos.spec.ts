import { describe, expect, it } from 'vitest';
import { preview } from '$lib/shared/escpos';
import type { FieldReceipt } from './receipt';
import { receiptEscPos, receiptRawbtHref, receiptTicket } from './receipt-escpos';

/** Two invoices, part to credit, a long ISP name and customer name, not yet numbered by the server. */
const offline: FieldReceipt = {
	ispName: 'RT/RW Net Sumber Rejeki Jaya Abadi Sentosa',
	customerName: 'Siti Nurhaliza binti Abdul Rahman Wijayakusuma',
	customerCode: 'C-0042',
	invoices: [
		{ number: 'INV-202612-0007', period: '1 Des – 31 Des 2026', amount: 150000 },
		{ number: 'INV-202611-0003', period: '1 Nov – 30 Nov 2026', amount: 175000 }
	],
	method: 'cash',
	amount: 340000,
	receivedAt: '7 Des 2026 21.43',
	collector: 'Andi',
	localRef: '12-AB12CD',
	receiptNumber: null
};

const paper = (receipt: FieldReceipt, lang: 'id' | 'en', width: 58 | 80) => preview(receiptTicket(receipt, lang, width), width === 58 ? 32 : 48).map((l) => `|${l}|`);

describe('the field receipt on a thermal printer', () => {
	it('58 mm, 32 columns: long names wrap, amounts flush right, every invoice with its period, the credit, words, signature', () => {
		expect(paper(offline, 'id', 58)).toEqual([
			'|  RT/RW Net Sumber Rejeki Jaya  |',
			'|         Abadi Sentosa          |',
			'|--------------------------------|',
			'|            KUITANSI            |',
			'|(nomor kuitansi menyusul setelah|',
			'|            sinkron)            |',
			'|--------------------------------|',
			'|Ref. HP                12-AB12CD|',
			'|Tanggal         7 Des 2026 21.43|',
			'|Pelanggan                       |',
			'|  Siti Nurhaliza binti Abdul    |',
			'|  Rahman Wijayakusuma (C-0042)  |',
			'|Cara bayar                 Tunai|',
			'|Diterima oleh               Andi|',
			'|--------------------------------|',
			'|Untuk                           |',
			'|INV-202612-0007       Rp 150.000|',
			'|  1 Des - 31 Des 2026           |',
			'|INV-202611-0003       Rp 175.000|',
			'|  1 Nov - 30 Nov 2026           |',
			'|Masuk saldo            Rp 15.000|',
			'|--------------------------------|',
			'|Total dibayar         Rp 340.000|',
			'|Terbilang: Tiga ratus empat     |',
			'|puluh ribu rupiah               |',
			'|                                |',
			'|         Diterima oleh          |',
			'|                                |',
			'|                                |',
			'|     _____________________      |',
			'|              Andi              |',
			'|                                |',
			'|         Terima kasih.          |'
		]);
	});

	it('80 mm, 48 columns, in English: a non-ASCII name printed without accents, a character the printer lacks as ?', () => {
		const numbered = { ...offline, customerName: 'José Müller-Łukasz Ñoño 王', receiptNumber: 'KW/2026/12/00015' };
		expect(paper(numbered, 'en', 80)).toEqual([
			'|   RT/RW Net Sumber Rejeki Jaya Abadi Sentosa   |',
			'|------------------------------------------------|',
			'|            RECEIPT KW/2026/12/00015            |',
			'|------------------------------------------------|',
			'|Phone ref.                             12-AB12CD|',
			'|Date                            7 Des 2026 21.43|',
			'|Customer      Jose Muller-Lukasz Nono ? (C-0042)|',
			'|Method                                      Cash|',
			'|Received by                                 Andi|',
			'|------------------------------------------------|',
			'|For                                             |',
			'|INV-202612-0007                       Rp 150.000|',
			'|  1 Des - 31 Des 2026                           |',
			'|INV-202611-0003                       Rp 175.000|',
			'|  1 Nov - 30 Nov 2026                           |',
			'|To credit                              Rp 15.000|',
			'|------------------------------------------------|',
			'|Total paid                            Rp 340.000|',
			'|In words: Three hundred forty thousand rupiah   |',
			'|                                                |',
			'|                  Received by                   |',
			'|                                                |',
			'|                                                |',
			'|        ________________________________        |',
			'|                      Andi                      |',
			'|                                                |',
			'|                   Thank you.                   |'
		]);
	});

	it('all to credit says so; invoices this phone no longer knows are left out, as on the screen', () => {
		const credit = paper({ ...offline, invoices: [], amount: 50000, localRef: null, receiptNumber: 'KW-9' }, 'id', 58);
		expect(credit.slice(3, 13)).toEqual([
			'|         KUITANSI KW-9          |',
			'|--------------------------------|',
			'|Tanggal         7 Des 2026 21.43|',
			'|Pelanggan                       |',
			'|  Siti Nurhaliza binti Abdul    |',
			'|  Rahman Wijayakusuma (C-0042)  |',
			'|Cara bayar                 Tunai|',
			'|Diterima oleh               Andi|',
			'|--------------------------------|',
			'|Untuk                           |'
		]);
		expect(credit[13]).toBe('|  pembayaran di muka / saldo    |');
		const unknown = paper({ ...offline, invoices: null }, 'id', 58);
		expect(unknown.some((l) => l.includes('Untuk'))).toBe(false);
		// An invoice whose share the phone no longer knows shows no amount and no credit line is guessed.
		const noShare = paper({ ...offline, invoices: [{ ...offline.invoices![0], amount: null }] }, 'id', 58);
		expect(noShare).toContain('|INV-202612-0007                 |');
		expect(noShare.some((l) => l.includes('Masuk saldo'))).toBe(false);
	});

	it('bold for the ISP, the document line and the total only; no line wider than the paper', () => {
		for (const width of [58, 80] as const) {
			const lines = receiptTicket(offline, 'id', width);
			expect(lines.filter((l) => l.bold).map((l) => l.text)).toEqual(
				width === 58 ? ['RT/RW Net Sumber Rejeki Jaya', 'Abadi Sentosa', 'KUITANSI', 'Total dibayar         Rp 340.000'] : ['RT/RW Net Sumber Rejeki Jaya Abadi Sentosa', 'KUITANSI', `Total dibayar${' '.repeat(25)}Rp 340.000`]
			);
			expect(lines.every((l) => l.text.length <= (width === 58 ? 32 : 48))).toBe(true);
		}
	});

	it('the RawBT link carries exactly these bytes, with the receipt number and the total in them', () => {
		const numbered = { ...offline, receiptNumber: 'KW/2026/12/00015' };
		const bytes = receiptEscPos(numbered, 'id', 58);
		const href = receiptRawbtHref(numbered, 'id', 58);
		const data = href.match(/^intent:base64,([A-Za-z0-9+/=]+)#Intent;scheme=rawbt;package=ru\.a402d\.rawbtprinter;end;$/)![1];
		const decoded = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
		expect([...decoded]).toEqual([...bytes]);
		const text = String.fromCharCode(...decoded);
		expect(text.startsWith('\x1b@')).toBe(true);
		expect(text).toContain('KUITANSI KW/2026/12/00015');
		expect(text).toContain('Total dibayar         Rp 340.000');
		expect(text.endsWith('\x1bd\x04\x1dVB\x00')).toBe(true);
	});
});
