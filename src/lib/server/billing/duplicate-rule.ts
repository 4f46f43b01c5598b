/**
 * The rule for a payment that is *likely a duplicate* (issue #13, item 1): a technician collects
 * Rp 100.000 offline while the office takes the same Rp 100.000 at the counter; when the phone
 * syncs, the second payment would silently become credit. One place says what counts, so the
 * ledger flags it (`likely-duplicate`) and the office settles it as credit or refunds it.
 *
 * A payment P is a likely duplicate when, as the ledger applies it,
 *   1. the customer owed less than half of P (nothing at all, or a small remainder), and
 *   2. another payment Q of the same customer is already in the ledger — money in (cash,
 *      transfer, Midtrans; not credit, not a reversal, not voided) — with
 *        - a similar amount: |Q − P| ≤ 10 % of Q (Rp 100.000 then Rp 90.000 to Rp 110.000),
 *        - received within 7 days of P (either side: the phone's cash may have been taken
 *          before the counter payment that reached the ledger first), and
 *        - through another channel: another source (office, phone, Midtrans) or another collector.
 * Pure: the caller reads the candidates (payments/recordPaymentsInTx).
 */

export const DUPLICATE_WINDOW_DAYS = 7;
/** Similar amounts: within this many percent of the payment already in the ledger. */
export const DUPLICATE_AMOUNT_PERCENT = 10;

export interface ChannelPayment {
	id: string;
	amount: number;
	source: string;
	collectedBy: string | null;
	receivedAt: Date;
	receiptNumber: string | null;
}

const DAY_MS = 86_400_000;

/** The earlier payment this one likely repeats (the nearest in time), or null. */
export function likelyDuplicateOf(payment: Omit<ChannelPayment, 'id' | 'receiptNumber'>, owedWhenArrived: number, ledger: ChannelPayment[]): ChannelPayment | null {
	if (payment.amount <= 0 || Math.max(0, owedWhenArrived) * 2 >= payment.amount) return null;
	let nearest: ChannelPayment | null = null;
	let nearestGap = Infinity;
	for (const other of ledger) {
		if (other.amount <= 0) continue;
		// In whole numbers (× 100), so the edge of the range is exact.
		if (Math.abs(other.amount - payment.amount) * 100 > other.amount * DUPLICATE_AMOUNT_PERCENT) continue;
		if (other.source === payment.source && other.collectedBy === payment.collectedBy) continue;
		const gap = Math.abs(other.receivedAt.getTime() - payment.receivedAt.getTime());
		if (gap > DUPLICATE_WINDOW_DAYS * DAY_MS) continue;
		if (gap < nearestGap) [nearest, nearestGap] = [other, gap];
	}
	return nearest;
}

/** The readable flag part (routes/office/payments/flag-text.ts reads it in words). */
export function likelyDuplicateFlag(other: ChannelPayment): string {
	return `likely-duplicate:${other.receiptNumber ?? other.id}:${other.amount}`;
}
