/**
 * What a payment's flag means, in the reader's language. The ledger stores flags as short
 * machine text (`device-cash-invoice-paid:INV-…`, `credit-shortfall:5000`, Midtrans'
 * `amount-mismatch: asked …, paid …`, `cash-above-owed:<amount>:<owed>`,
 * `likely-duplicate:<other receipt>:<its amount>`), several joined by `; `. A flag this list does not know
 * yet shows as stored rather than not at all.
 */
import type { MessageKey, Translator } from '$lib/shared/i18n/index';
import { formatRupiah } from '$lib/shared/money';

type Reading = [RegExp, MessageKey, (m: RegExpMatchArray) => Record<string, string>];

const money = (text: string) => formatRupiah(Number(text));

const READINGS: Reading[] = [
	[/^device-cash-invoice-paid:(.+)$/, 'payments.flag.cashInvoicePaid', (m) => ({ invoice: m[1] })],
	[/^device-cash-invoice-void:(.+)$/, 'payments.flag.cashInvoiceVoid', (m) => ({ invoice: m[1] })],
	[/^credit-shortfall:(\d+)$/, 'payments.flag.creditShortfall', (m) => ({ amount: money(m[1]) })],
	[/^amount-mismatch: asked (\d+), paid (\d+)$/, 'payments.flag.amountMismatch', (m) => ({ asked: money(m[1]), paid: money(m[2]) })],
	[/^paid-twice\b/, 'payments.flag.paidTwice', () => ({})],
	[/^paid-after-void$/, 'payments.flag.paidAfterVoid', () => ({})],
	[/^cash-above-owed:(\d+):(\d+)$/, 'payments.flag.cashAboveOwed', (m) => ({ amount: money(m[1]), owed: money(m[2]) })],
	[/^likely-duplicate:(.+):(\d+)$/, 'payments.flag.likelyDuplicate', (m) => ({ other: m[1], amount: money(m[2]) })],
	[/^refund: (\d+) of (\d+) refunded by Midtrans$/, 'payments.flag.refund', (m) => ({ refunded: money(m[1]), gross: money(m[2]) })]
];

/** One sentence per flag part. */
export function flagTexts(flag: string, t: Translator): string[] {
	return flag
		.split(/;\s*/)
		.filter(Boolean)
		.map((part) => {
			for (const [pattern, key, params] of READINGS) {
				const m = part.match(pattern);
				if (m) return t(key, params(m));
			}
			return part;
		});
}
