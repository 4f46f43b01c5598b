import { expect, test } from '@playwright/test';
import { query, signInAs } from './helpers';

test('a settings change takes effect: the ISP name and a bank account appear on the invoice', async ({ page }) => {
	await signInAs(page, 'admin');
	await page.goto('/office/settings');
	const profile = page.getByRole('region', { name: 'Profil ISP' });
	await profile.getByLabel('Nama ISP').fill('Purwa Net Sejahtera');
	await profile.getByRole('button', { name: '+ Tambah rekening' }).click();
	await profile.getByLabel('Bank').last().fill('BRI');
	await profile.getByLabel('Nomor rekening').last().fill('0123-01-000777-30-9');
	await profile.getByLabel('Atas nama').last().fill('CV Purwa Net');
	await profile.getByRole('button', { name: 'Simpan' }).click();
	await expect(profile.getByRole('status')).toHaveText('Tersimpan.');
	await page.screenshot({ path: test.info().outputPath('settings.png'), fullPage: true });

	const [invoice] = await query<{ id: string }>("SELECT id FROM invoices WHERE status IN ('unpaid', 'partial') ORDER BY number LIMIT 1");
	await page.goto(`/office/invoices/${invoice.id}`);
	await expect(page.getByText('Purwa Net Sejahtera').first()).toBeVisible();
	await expect(page.getByText('0123-01-000777-30-9')).toBeVisible();
	await expect(page.getByText('CV Purwa Net')).toBeVisible();
});
