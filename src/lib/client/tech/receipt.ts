/**
 * The receipt a technician hands over in the field, as plain text for WhatsApp. Built from what
 * the phone knows offline; the server's receipt number replaces the "follows after sync" line once
 * the operation is applied.
 */
import { formatRupiah } from '$lib/shared/money';
import type { Translator } from '$lib/shared/i18n/index';
import type { PaymentMethod } from '$lib/shared/domain';

export interface FieldReceipt {
	ispName: string;
	customerName: string;
	customerCode: string;
	/**
	 * Invoice number and formatted period of each invoice the payment went to; empty = all to
	 * credit; null = not known on this phone (a payment made elsewhere whose invoices are gone).
	 */
	invoices: Array<{ number: string; period: string }> | null;
	method: PaymentMethod;
	amount: number;
	/** Already formatted in the ISP's zone and the reader's language. */
	receivedAt: string;
	collector: string;
	/** Null for a payment this phone did not record. */
	localRef: string | null;
	receiptNumber: string | null;
}

/** Short reference printed until the server numbers the receipt: sequence on this phone + op id head. */
export function localReference(seq: number, opId: string): string {
	return `${seq}-${opId.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
}

/** The server's receipt number from an applied operation's stored result, if any. */
export function receiptNumberOf(result: Record<string, unknown> | undefined): string | null {
	const n = result?.receiptNumber;
	return typeof n === 'string' && n ? n : null;
}

/** WhatsApp text: `*bold*` ISP name, one fact per line, nothing WhatsApp would mangle. */
export function receiptText(r: FieldReceipt, t: Translator): string {
	const lines = [
		`*${r.ispName}*`,
		t('techReceipt.heading'),
		`${t('techReceipt.number')}: ${r.receiptNumber ?? t('techReceipt.numberFollows')}`,
		...(r.localRef ? [`${t('techReceipt.localRef')}: ${r.localRef}`] : []),
		`${t('receipt.date')}: ${r.receivedAt}`,
		`${t('billing.customer')}: ${r.customerName}${r.customerCode ? ` (${r.customerCode})` : ''}`
	];
	for (const inv of r.invoices ?? []) lines.push(`${t('billing.period')}: ${inv.period}${inv.number ? ` (${inv.number})` : ''}`);
	if (r.invoices?.length === 0) lines.push(`${t('billing.period')}: ${t('techReceipt.onAccount')}`);
	lines.push(`*${t('techReceipt.amount')}: ${formatRupiah(r.amount)}*`, `${t('receipt.collector')}: ${r.collector}`, t('receipt.thanks'));
	return lines.join('\n');
}
