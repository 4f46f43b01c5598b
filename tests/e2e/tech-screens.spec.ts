/**
 * Issue #15, "Screens" on the technician's phone at 360 px: a header that fits, every tab on the
 * screen, "not ready offline yet" while it is not, the kuitansi (amount per invoice, in words, a
 * signature line), and every technician page in both languages without overflow or stray text.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { query, signInAs } from './helpers';
import { arrangeOwing } from './phone';
import { screenProblems, type ScreenProblem } from './screen-checks';

test.use({ viewport: { width: 360, height: 780 } });

const syncBar = (page: Page) => page.getByRole('complementary', { name: 'Status sinkronisasi' });

/** A customer of the demo technician's areas with an open invoice, made by this test. */
async function owing(browser: Browser): Promise<{ customerId: string; owed: number }> {
	const [c] = await arrangeOwing(browser, 1);
	return { customerId: c.customerId, owed: c.owed };
}

test('the header fits 360 px: the whole name, a small language select, every tab on screen; ready offline after the first sync', async ({ page }) => {
	await signInAs(page, 'technician');
	await expect(page).toHaveURL(/\/tech$/);
	const header = page.getByRole('banner');
	const name = header.getByText(/^Masuk sebagai /);
	await expect(name).toBeVisible();
	expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
	const select = (await header.getByLabel('Bahasa').boundingBox())!;
	expect(select.width).toBeLessThan(360 / 2);
	for (const tab of await page.getByRole('navigation', { name: 'Menu teknisi' }).getByRole('link').all()) {
		const box = (await tab.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(360);
	}
	// Worker active, shell kept, first pull done: the warning goes.
	await expect(syncBar(page).getByText(/^Sinkron (baru saja|\d)/)).toBeVisible({ timeout: 20_000 });
	await expect(syncBar(page).getByTestId('offline-not-ready')).toBeHidden({ timeout: 20_000 });
	await page.screenshot({ path: test.info().outputPath('tech-360.png'), fullPage: true });
});

test.describe('without a service worker', () => {
	test.use({ serviceWorkers: 'block' });
	test('the app says it is not ready offline yet, even after a sync', async ({ page }) => {
		await signInAs(page, 'technician');
		await expect(syncBar(page).getByText(/^Sinkron (baru saja|\d)/)).toBeVisible({ timeout: 20_000 });
		await expect(syncBar(page).getByTestId('offline-not-ready')).toHaveText('Belum siap dipakai offline');
	});
});

test('the kuitansi shows what each invoice got, the amount in words and a signature line', async ({ page, browser }) => {
	const customer = await owing(browser);
	await signInAs(page, 'technician');
	await expect(syncBar(page).getByText(/^Sinkron (baru saja|\d)/)).toBeVisible({ timeout: 20_000 });
	await page.goto(`/tech/customers/${customer.customerId}/cash`);
	await page.getByLabel('Jumlah diterima (Rp)').fill(String(customer.owed));
	await page.getByRole('button', { name: 'Simpan & buat kuitansi' }).click();
	await expect(page).toHaveURL(/\/tech\/receipt\/[0-9a-f-]{36}$/);
	const receipt = page.getByRole('article');
	const rupiah = `Rp ${customer.owed.toLocaleString('de-DE')}`;
	// The invoice line carries its amount, the total the same, then the amount in words.
	await expect(receipt.locator('tbody tr').first().locator('td.num')).toHaveText(rupiah);
	await expect(receipt.getByText('Terbilang:')).toBeVisible();
	await expect(receipt.locator('.in-words em')).toHaveText(/^[A-Z][a-z ]+ rupiah$/);
	await expect(receipt.locator('.signature')).toContainText('Diterima oleh');
	expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth)).toBe(true);
	await page.screenshot({ path: test.info().outputPath('kuitansi.png'), fullPage: true });
});

test('every technician page at 360 px, in both languages: no sideways page, no library text, no other language', async ({ page, browser }) => {
	test.setTimeout(180_000);
	await signInAs(page, 'technician');
	await expect(syncBar(page).getByText(/^Sinkron (baru saja|\d)/)).toBeVisible({ timeout: 20_000 });
	const customer = await owing(browser);
	const [payment] = await query<{ id: string }>(
		`SELECT p.id FROM payments p JOIN users u ON u.id = p.collected_by AND u.username = 'technician' WHERE p.voids_payment_id IS NULL AND p.amount > 0 ORDER BY p.received_at DESC LIMIT 1`
	);
	const paths = ['/tech', '/tech/cash', '/tech/new', '/tech/device', `/tech/customers/${customer.customerId}`, `/tech/customers/${customer.customerId}/cash`];
	if (payment) paths.push(`/tech/receipt/${payment.id}`);
	const problems: ScreenProblem[] = [];
	for (const [lang, label] of [['id', 'Bahasa'], ['en', 'Language']] as const) {
		if (lang === 'en') await page.getByRole('banner').getByLabel('Bahasa').selectOption('en');
		await expect(page.getByRole('banner').getByLabel(label)).toBeVisible();
		for (const path of paths) {
			await page.goto(path);
			// The app syncs on a timer, so the network is never idle: wait for the page's own content.
			await expect(page.locator('main h1').first()).toBeVisible();
			problems.push(...(await screenProblems(page, lang)));
		}
	}
	await page.getByRole('banner').getByLabel('Language').selectOption('id');
	expect(problems).toEqual([]);
});
