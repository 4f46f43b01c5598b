/**
 * The receipt a technician hands over in the field, built from what the phone knows offline; the
 * server's receipt number replaces the "follows after sync" line once the operation is applied.
 * Its WhatsApp text is the ISP's receipt template (shared/templates receiptMessageText).
 */
import type { Language, PaymentMethod } from '$lib/shared/domain';
import { translate } from '$lib/shared/i18n/index';
import { numberInWords } from './amount-words';

export interface FieldReceipt {
	ispName: string;
	customerName: string;
	customerCode: string;
	/**
	 * Invoice number, formatted period and the amount paid on it (null when the phone no longer
	 * knows it) of each invoice the payment went to; empty = all to credit; null = not known on
	 * this phone (a payment made elsewhere whose invoices are gone).
	 */
	invoices: Array<{ number: string; period: string; amount: number | null }> | null;
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

/**
 * What went to credit, shown only when every invoice's share is known so it is never a guess;
 * the screen and the thermal printout read it here.
 */
export function receiptToCredit(receipt: Pick<FieldReceipt, 'invoices' | 'amount'>): number {
	const lines = receipt.invoices;
	if (!lines || lines.length === 0 || lines.some((l) => l.amount === null)) return 0;
	return receipt.amount - lines.reduce((sum, l) => sum + (l.amount ?? 0), 0);
}

/** A kuitansi carries the amount in words beside the figure (terbilang), first letter capital. */
export function receiptInWords(amount: number, lang: Language): string {
	const words = translate(lang, 'receipt.inWordsValue', { words: numberInWords(amount, lang) });
	return words.charAt(0).toUpperCase() + words.slice(1);
}
