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

test('the daily reconcile is switched off and moved to another time, and stays so after a reload', async ({ page }) => {
	await signInAs(page, 'admin');
	await page.goto('/office/settings');
	const section = page.getByRole('region', { name: 'Rekonsiliasi router' });
	await expect(section.getByText('Rekonsiliasi harian semua router pukul 02:30')).toBeVisible();

	// A time the clock cannot show is refused, in words, at the field.
	await section.getByLabel('Jam rekonsiliasi').fill('');
	await section.getByRole('button', { name: 'Simpan' }).click();
	await expect(section.getByText('Jam tidak valid (JJ:MM, 00:00–23:59).')).toBeVisible();
	await expect(section.getByLabel('Jam rekonsiliasi')).toBeFocused();

	await section.getByLabel('Jam rekonsiliasi').fill('05:15');
	await section.getByLabel('Jalankan rekonsiliasi harian').uncheck();
	await section.getByRole('button', { name: 'Simpan' }).click();
	await expect(section.getByRole('status')).toHaveText('Tersimpan.');

	await page.reload();
	await expect(section.getByText('Rekonsiliasi harian dimatikan')).toBeVisible();
	await expect(section.getByLabel('Jam rekonsiliasi')).toHaveValue('05:15');
	await expect(section.getByLabel('Jalankan rekonsiliasi harian')).not.toBeChecked();
	const [row] = await query<{ value: unknown }>("SELECT value FROM settings WHERE `key` = 'reconcile.schedule'");
	expect(typeof row.value === 'string' ? JSON.parse(row.value) : row.value).toEqual({ enabled: false, runAt: '05:15' });

	// Back on, so the other walks see the seeded schedule's shape.
	await section.getByLabel('Jalankan rekonsiliasi harian').check();
	await section.getByLabel('Jam rekonsiliasi').fill('02:30');
	await section.getByRole('button', { name: 'Simpan' }).click();
	await expect(section.getByText('Rekonsiliasi harian semua router pukul 02:30')).toBeVisible();
});
