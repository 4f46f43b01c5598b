import { describe, expect, it } from 'vitest';
import { translator } from '$lib/shared/i18n/index';
import { flagTexts } from './flag-text';

describe('payment flags in words', () => {
	const id = translator('id');
	const en = translator('en');

	it('reads every flag the ledger writes, with its parameter', () => {
		expect(flagTexts('device-cash-invoice-paid:INV-202611-000123', en)).toEqual(['Cash from a phone for invoice INV-202611-000123, which was already paid meanwhile']);
		expect(flagTexts('device-cash-invoice-void:INV-202611-000124', id)).toEqual(['Tunai dari HP untuk tagihan INV-202611-000124 yang sudah dibatalkan; uangnya membayar tunggakan lain']);
		expect(flagTexts('credit-shortfall:5000', id)).toEqual(['Kredit pelanggan kurang Rp 5.000 untuk membatalkan pembayaran ini']);
		expect(flagTexts('amount-mismatch: asked 150000, paid 100000', en)).toEqual(['Midtrans amount differs: asked Rp 150.000, paid Rp 100.000']);
		expect(flagTexts('paid-twice: invoice was already paid', en)).toEqual(['Paid online for an invoice that was already paid']);
		expect(flagTexts('cash-above-owed:1000000000:150000', id)).toEqual([
			'Tunai Rp 1.000.000.000 jauh di atas tunggakan saat dicatat (Rp 150.000); pastikan dengan penagih. Kelebihannya menjadi saldo pelanggan'
		]);
		expect(flagTexts('device-cash-invoice-paid:INV-202611-000123; likely-duplicate:RCP-202611-000042:150000', id)[1]).toBe(
			'Mungkin pembayaran ganda: RCP-202611-000042 sebesar Rp 150.000 sudah tercatat lewat jalur lain, dan saat ini dicatat pelanggan hampir tidak punya tunggakan. Kelebihannya menjadi saldo; simpan sebagai saldo atau kembalikan'
		);
		expect(flagTexts('refund: 50000 of 150000 refunded by Midtrans', id)).toEqual(['Midtrans mengembalikan Rp 50.000 dari Rp 150.000']);
	});

	it('splits joined flags and keeps ones it does not know as stored', () => {
		expect(flagTexts('amount-mismatch: asked 10, paid 20; paid-after-void', en)).toEqual(['Midtrans amount differs: asked Rp 10, paid Rp 20', 'Paid online after the invoice was voided']);
		expect(flagTexts('something-new:42', id)).toEqual(['something-new:42']);
	});
});
