/**
 * Money is integer rupiah everywhere. Formatting follows Indonesian convention: `Rp 150.000`
 * (dot as thousands separator, no decimals), negative as `-Rp 5.000`.
 */
export function formatRupiah(amount: number): string {
	if (!Number.isSafeInteger(amount)) throw new RangeError(`not a whole rupiah amount: ${amount}`);
	const digits = Math.abs(amount)
		.toString()
		.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
	return `${amount < 0 ? '-' : ''}Rp ${digits}`;
}

/** Largest single amount Lunas accepts (Rp 1.000.000.000): beyond any sane home-ISP bill. */
export const MAX_AMOUNT = 1_000_000_000;

/** What is still owed on an invoice (never negative), on the server and on the phone alike. */
export function outstandingOf(invoice: { amount: number; amountPaid: number }): number {
	return Math.max(0, invoice.amount - invoice.amountPaid);
}
