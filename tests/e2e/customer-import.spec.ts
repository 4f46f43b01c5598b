/**
 * Importing customers from an Excel sheet in Chromium: the preview names each row's problem by
 * row, column and words; only the confirm writes; the same file again makes no duplicates.
 */
import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { query, signInAs } from './helpers';

test('an .xlsx of customers is checked, previewed and imported once', async ({ page }) => {
	test.setTimeout(120_000);
	const [area] = await query<{ name: string }>('SELECT name FROM areas WHERE deleted_at IS NULL ORDER BY name LIMIT 1');
	const suffix = String(Date.now()).slice(-6);
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Pelanggan');
	sheet.addRow(['Nama', 'No HP', 'Alamat', 'Area']);
	sheet.addRow([`Impor Satu ${suffix}`, `0857 11${suffix}`, 'Jl. Melati 5', area.name]);
	sheet.addRow([`Impor Dua ${suffix}`, '12', 'Jl. Mawar 1', area.name]);
	sheet.addRow([`Impor Tiga ${suffix}`, `0857 22${suffix}`, 'Gg. Kenanga', 'Kampung Antah']);
	const file = { name: 'pelanggan.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await workbook.xlsx.writeBuffer()) };

	await signInAs(page, 'admin');
	await page.goto('/office/customers');
	await page.getByRole('link', { name: 'Impor dari Excel' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Impor pelanggan dari Excel' })).toBeVisible();

	await page.getByLabel('File (.xlsx atau .csv)').setInputFiles(file);
	await page.getByRole('button', { name: 'Periksa file' }).click();
	await expect(page.getByRole('status')).toHaveText('1 baru, 0 sudah ada, 2 bermasalah.');
	const rowOf = (line: number) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: String(line), exact: true }) });
	await expect(rowOf(2)).toContainText('Akan diimpor');
	await expect(rowOf(3)).toContainText('No HP:');
	await expect(rowOf(4)).toContainText('Area: Area "Kampung Antah" tidak dikenal.');
	// Nothing is written before the confirm.
	expect(await query('SELECT id FROM customers WHERE name LIKE ?', [`Impor % ${suffix}`])).toHaveLength(0);

	await page.getByRole('button', { name: 'Impor 1 pelanggan' }).click();
	await expect(page.getByRole('status')).toHaveText('1 pelanggan dan 0 langganan diimpor; 0 sudah ada.');
	expect(await query('SELECT id FROM customers WHERE name LIKE ?', [`Impor % ${suffix}`])).toHaveLength(1);

	// The same file again: the customer is already there, and no second one is made.
	await page.getByLabel('File (.xlsx atau .csv)').setInputFiles(file);
	await page.getByRole('button', { name: 'Periksa file' }).click();
	await expect(page.getByRole('status')).toHaveText('0 baru, 1 sudah ada, 2 bermasalah.');
	await expect(page.getByText('Tidak ada baris yang bisa diimpor.')).toBeVisible();
	expect(await query('SELECT id FROM customers WHERE name LIKE ?', [`Impor % ${suffix}`])).toHaveLength(1);
});

test('a technician cannot import', async ({ page }) => {
	await signInAs(page, 'technician');
	const response = await page.request.post('/office/customers/import?/check', { multipart: { sheet: { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('Nama\nX\n') } }, maxRedirects: 0 });
	// A form post from a role without the office's access is refused outright, nothing read.
	expect(response.status()).toBe(403);
});
