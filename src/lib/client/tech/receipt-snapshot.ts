/**
 * What a field receipt shows about the invoices a payment went to, kept beside the payment:
 * once synced, a fully paid invoice leaves the phone, but a reprinted receipt must still name
 * its period. localStorage works offline and survives reloads; losing it only drops that line.
 */
const PREFIX = 'lunas.receipt.';

export interface ReceiptSnapshot {
	/** `amount`: what this payment put on the invoice (absent in snapshots kept before it was). */
	invoices: Array<{ number: string; periodStart: string; periodEnd: string; amount?: number }>;
}

export function saveReceiptSnapshot(paymentId: string, snapshot: ReceiptSnapshot): void {
	try {
		localStorage.setItem(PREFIX + paymentId, JSON.stringify(snapshot));
	} catch {
		// Storage full or disabled: the receipt falls back to the invoices still on the phone.
	}
}

export function loadReceiptSnapshot(paymentId: string): ReceiptSnapshot | null {
	try {
		const raw = localStorage.getItem(PREFIX + paymentId);
		const parsed = raw ? (JSON.parse(raw) as ReceiptSnapshot) : null;
		return parsed && Array.isArray(parsed.invoices) ? parsed : null;
	} catch {
		return null;
	}
}
