import { expect, test } from '@playwright/test';
import { query, signInAs } from './helpers';

test("the office prints a month's open invoices of one area, one A4 sheet each, in delivery order", async ({ page }) => {
	// The month and area with the most open invoices in the seeded data.
	const [busiest] = await query<{ period: string; areaId: string; areaName: string; n: number }>(
		`SELECT DATE_FORMAT(i.period_start, '%Y-%m') AS period, c.area_id AS areaId, a.name AS areaName, COUNT(*) AS n
		 FROM invoices i JOIN customers c ON c.id = i.customer_id JOIN areas a ON a.id = c.area_id
		 WHERE i.status IN ('unpaid', 'partial') AND i.deleted_at IS NULL
		 GROUP BY period, c.area_id, a.name ORDER BY n DESC LIMIT 1`
	);
	expect(busiest, 'seeded open invoices').toBeTruthy();

	await signInAs(page, 'office');
	await page.goto('/office/invoices');
	await page.getByRole('link', { name: 'Cetak tagihan sebulan' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Cetak tagihan untuk diantar' })).toBeVisible();
	await page.getByLabel('Bulan periode').fill(busiest.period);
	await page.getByLabel('Area').selectOption({ label: busiest.areaName });
	await page.getByRole('button', { name: 'Tampilkan' }).click();

	await expect(page.getByRole('status').filter({ hasText: `${Number(busiest.n)} tagihan siap dicetak` })).toBeVisible();
	const sheets = page.getByRole('article');
	await expect(sheets).toHaveCount(Number(busiest.n));
	await expect(sheets.first().getByText('Bayar online:')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Cetak semua' })).toBeVisible();

	// A month with nothing billed says so instead of printing empty pages.
	await page.getByLabel('Bulan periode').fill('2001-01');
	await page.getByRole('button', { name: 'Tampilkan' }).click();
	await expect(page.getByText('Tidak ada tagihan untuk dicetak pada pilihan ini.')).toBeVisible();
	await expect(sheets).toHaveCount(0);
});
