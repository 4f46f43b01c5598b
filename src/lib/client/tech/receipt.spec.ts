import { describe, expect, it } from 'vitest';
import { translator } from '$lib/shared/i18n/index';
import { localReference, receiptNumberOf, receiptText, type FieldReceipt } from './receipt';

const receipt: FieldReceipt = {
	ispName: 'Sinar Net',
	customerName: 'Budi Santoso',
	customerCode: 'PLG-0007',
	invoices: [{ number: 'INV-202611-0003', period: '1 Nov – 30 Nov 2026' }],
	amount: 150_000,
	receivedAt: '24 Nov 2026 09.15',
	collector: 'Andi',
	method: 'cash',
	localRef: '12-AB12CD',
	receiptNumber: null
};

describe('receiptText', () => {
	it('says the number follows until the server numbers it (Indonesian)', () => {
		const text = receiptText(receipt, translator('id'));
		expect(text.split('\n')).toEqual([
			'*Sinar Net*',
			'KUITANSI PEMBAYARAN',
			'No. kuitansi: nomor kuitansi menyusul setelah sinkron',
			'Ref. HP: 12-AB12CD',
			'Tanggal: 24 Nov 2026 09.15',
			'Pelanggan: Budi Santoso (PLG-0007)',
			'Periode: 1 Nov – 30 Nov 2026 (INV-202611-0003)',
			'*Jumlah: Rp 150.000*',
			'Diterima oleh: Andi',
			'Terima kasih.'
		]);
	});

	it('shows the server receipt number once known, in English, and payments on account', () => {
		const text = receiptText({ ...receipt, receiptNumber: 'RCP-202611-0042', invoices: [], customerCode: '' }, translator('en'));
		expect(text).toContain('Receipt no.: RCP-202611-0042');
		expect(text).toContain('Customer: Budi Santoso\n');
		expect(text).toContain('advance payment / credit');
		expect(text).not.toContain('follows after sync');
	});

	it('leaves out what this phone does not know', () => {
		const text = receiptText({ ...receipt, invoices: null, localRef: null }, translator('id'));
		expect(text).not.toContain('Periode');
		expect(text).not.toContain('Ref. HP');
	});
});

describe('references', () => {
	it('shortens seq + op id', () => {
		expect(localReference(12, 'ab12cd34-0000-4000-8000-000000000000')).toBe('12-AB12CD');
	});

	it('reads the receipt number from an applied result only when it is a string', () => {
		expect(receiptNumberOf({ receiptNumber: 'RCP-1' })).toBe('RCP-1');
		expect(receiptNumberOf({ receiptNumber: 7 })).toBeNull();
		expect(receiptNumberOf(undefined)).toBeNull();
	});
});
