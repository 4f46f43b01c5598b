import { expect, test } from '@playwright/test';
import { signInAs } from './helpers';

/** The whole office path of issue #3: a new customer, their subscription, its first invoice, paid. */
test('office takes a new customer from creation to a paid invoice', async ({ page }) => {
	const run = Date.now().toString(36);
	const name = `Sri Rahayu ${run}`;
	await signInAs(page, 'office');

	await page.goto('/office/customers');
	await page.getByRole('link', { name: 'Tambah pelanggan' }).click();
	await page.getByLabel('Nama', { exact: true }).fill(name);
	await page.getByLabel('Nomor HP (WhatsApp)').fill('081298765432');
	await page.getByLabel('Alamat').fill('Jl. Kenanga No. 8, RT 01/RW 04, Kel. Teluk');
	await page.getByLabel('Area').selectOption({ label: 'Teluk' });
	await page.getByRole('button', { name: 'Simpan pelanggan' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	const customerUrl = page.url();

	await page.getByRole('link', { name: 'Tambah langganan' }).click();
	await page.getByLabel('Paket').selectOption({ label: 'Hemat 5 Mbps · Rp 100.000' });
	await page.getByLabel('Nama pengguna layanan').fill(`sri-${run}`);
	await page.getByRole('button', { name: 'Buat acak' }).click();
	await page.getByRole('button', { name: 'Simpan langganan' }).click();
	await expect(page).toHaveURL(customerUrl);

	// The first invoice was issued at once; pay it from its row.
	const openInvoices = page.getByRole('region', { name: 'Tagihan terbuka' });
	const row = openInvoices.getByRole('row').filter({ hasText: /INV-\d{6}-\d{6}/ });
	await expect(row).toHaveCount(1);
	await row.getByRole('link', { name: 'Bayar' }).click();
	await expect(page.getByLabel('Jumlah diterima (Rp)')).not.toHaveValue('');
	await page.getByRole('radio', { name: 'Tunai' }).check();
	await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /^KUITANSI RCP-\d{6}-\d{6}$/ })).toBeVisible();

	await page.goto(customerUrl);
	await expect(openInvoices.getByText('Tidak ada tagihan terbuka.')).toBeVisible();
	await expect(page.getByRole('region', { name: 'Pembayaran terakhir' }).getByRole('link', { name: /^RCP-/ })).toHaveCount(1);
});
