/**
 * The office on a phone (issue 7, quality): list pages fit a 390 px screen. A wide table scrolls
 * sideways inside its own box; the page itself never does.
 */
import { expect, test, type Page } from '@playwright/test';
import { signInAs } from './helpers';

test.use({ viewport: { width: 390, height: 844 } });

async function pageOverflow(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test('office list pages fit a phone screen; their tables scroll inside themselves', async ({ page }) => {
	await signInAs(page, 'admin');
	for (const [path, heading] of [
		['/office/payments', 'Pembayaran'],
		['/office/invoices', 'Tagihan'],
		['/office/customers', 'Pelanggan'],
		['/office/handovers', 'Setoran kas teknisi'],
		['/office/reports/ledger', 'Buku pembayaran']
	] as const) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
		expect(await pageOverflow(page), `${path} is wider than the screen`).toBeLessThanOrEqual(0);
		await page.screenshot({ path: test.info().outputPath(`phone${path.replaceAll('/', '-')}.png`), fullPage: true });
	}
	// The payments table is wider than the phone, so it must be the table that scrolls.
	await page.goto('/office/payments');
	const table = page.getByRole('table').first();
	const { scrollWidth, clientWidth } = await table.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
	expect(scrollWidth).toBeGreaterThan(clientWidth);
	expect(clientWidth).toBeLessThanOrEqual(390);
});
