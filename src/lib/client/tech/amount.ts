/**
 * Rupiah typed on a phone keypad: "150000", "150.000", "Rp 150.000" or "150,000" are all
 * Rp 150.000; decimals are refused (money is whole rupiah).
 */
import { MAX_AMOUNT } from '$lib/shared/money';
import type { MessageKey } from '$lib/shared/i18n/index';

export type AmountParse = { ok: true; amount: number } | { ok: false; error: MessageKey };

export function parseRupiahInput(raw: string): AmountParse {
	const s = raw.replace(/^\s*rp\.?\s*/i, '').replace(/\s+/g, '');
	if (s === '') return { ok: false, error: 'techCash.amountRequired' };
	let digits: string;
	if (/^\d+$/.test(s)) digits = s;
	else if (/^\d{1,3}(\.\d{3})+$/.test(s) || /^\d{1,3}(,\d{3})+$/.test(s)) digits = s.replace(/[.,]/g, '');
	else return { ok: false, error: 'techCash.amountWhole' };
	const amount = Number(digits);
	if (!Number.isSafeInteger(amount) || amount > MAX_AMOUNT) return { ok: false, error: 'techCash.amountTooBig' };
	if (amount < 1) return { ok: false, error: 'techCash.amountRequired' };
	return { ok: true, amount };
}
