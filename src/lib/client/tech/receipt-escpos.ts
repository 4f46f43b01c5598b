/**
 * The field receipt as ESC/POS for a Bluetooth thermal printer through RawBT: the same content as
 * the screen's kuitansi (ReceiptView), laid out in fixed columns — 32 on 58 mm paper, 48 on
 * 80 mm. Built on the phone from what it holds, so it prints offline.
 */
import type { Language } from '$lib/shared/domain';
import { translator } from '$lib/shared/i18n/index';
import { formatRupiah } from '$lib/shared/money';
import { PAPER_COLUMNS, encodeTicket, rawbtHref, row, toPrinterText, wrap, type PaperWidth, type TicketLine } from '$lib/shared/escpos';
import { methodKey } from '$lib/client/billing/format';
import { receiptInWords, receiptToCredit, type FieldReceipt } from './receipt';

export function receiptTicket(receipt: FieldReceipt, lang: Language, paper: PaperWidth): TicketLine[] {
	const width = PAPER_COLUMNS[paper];
	const tr = translator(lang);
	const lines: TicketLine[] = [];
	// Transliterated before wrapping, so columns are counted in the characters actually printed.
	const put = (texts: string[], style: Omit<TicketLine, 'text'> = {}) => lines.push(...texts.map((text) => ({ text, ...style })));
	const centred = (text: string, bold = false) => put(wrap(toPrinterText(text), width), { align: 'center', bold });
	const rule = () => put(['-'.repeat(width)]);
	const blank = () => put(['']);
	/** "Label   value" with the value flush right; a value too long for that goes under its label. */
	const field = (label: string, value: string) => {
		const l = toPrinterText(label);
		const v = toPrinterText(value);
		if (l.length + 1 + v.length <= width) put(row(l, v, width));
		else put([l, ...wrap(v, width - 2).map((s) => `  ${s}`)]);
	};

	centred(receipt.ispName, true);
	rule();
	centred(`${tr('receipt.document')} ${receipt.receiptNumber ?? ''}`.trim(), true);
	if (!receipt.receiptNumber) centred(`(${tr('techReceipt.numberFollows')})`);
	rule();
	if (receipt.localRef) field(tr('techReceipt.localRef'), receipt.localRef);
	field(tr('receipt.date'), receipt.receivedAt);
	field(tr('billing.customer'), receipt.customerCode ? `${receipt.customerName} (${receipt.customerCode})` : receipt.customerName);
	field(tr('billing.method'), tr(methodKey(receipt.method)));
	field(tr('receipt.collector'), receipt.collector);

	if (receipt.invoices) {
		rule();
		put([toPrinterText(tr('receipt.for'))]);
		for (const line of receipt.invoices) {
			put(row(toPrinterText(line.number), line.amount === null ? '' : formatRupiah(line.amount), width));
			put(wrap(toPrinterText(line.period), width - 2).map((s) => `  ${s}`));
		}
		if (receipt.invoices.length === 0) put(wrap(toPrinterText(tr('techReceipt.onAccount')), width - 2).map((s) => `  ${s}`));
		const toCredit = receiptToCredit(receipt);
		if (toCredit > 0) put(row(toPrinterText(tr('receipt.toCredit')), formatRupiah(toCredit), width));
	}
	rule();
	put(row(toPrinterText(tr('receipt.total')), formatRupiah(receipt.amount), width), { bold: true });
	put(wrap(toPrinterText(`${tr('receipt.inWords')} ${receiptInWords(receipt.amount, lang)}`), width));

	// Room for the collector's signature above their name, as on a paper kuitansi.
	blank();
	centred(tr('receipt.collector'));
	blank();
	blank();
	centred('_'.repeat(Math.round((width * 2) / 3)));
	centred(receipt.collector);
	blank();
	centred(tr('receipt.thanks'));
	return lines;
}

export function receiptEscPos(receipt: FieldReceipt, lang: Language, paper: PaperWidth): Uint8Array {
	return encodeTicket(receiptTicket(receipt, lang, paper));
}

/** The RawBT link for this receipt (see shared/escpos rawbtHref). */
export function receiptRawbtHref(receipt: FieldReceipt, lang: Language, paper: PaperWidth): string {
	return rawbtHref(receiptEscPos(receipt, lang, paper));
}
