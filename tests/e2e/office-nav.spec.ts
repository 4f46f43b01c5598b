/**
 * The office menu on the 1366×768 office screen and on a phone: one row of links and groups,
 * each group opened and closed from the keyboard the way the disclosure pattern promises.
 */
import { expect, test, type Page } from '@playwright/test';
import { signInAs } from './helpers';

const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu' });

/** Every top-level entry of the menu sits on the same line, and the menu is one entry tall. */
async function expectOneRow(page: Page) {
	const entries = menu(page).locator(':scope > a, :scope > div > button');
	const boxes = await entries.evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ top: r.top, height: r.height })));
	expect(boxes.length).toBeGreaterThanOrEqual(8);
	for (const box of boxes) expect(Math.abs(box.top - boxes[0].top)).toBeLessThan(2);
	const nav = (await menu(page).boundingBox())!;
	expect(nav.height).toBeLessThan(boxes[0].height * 1.5);
}

test('the menu fits one row of a 1366×768 screen in both languages', async ({ page }) => {
	expect(page.viewportSize()).toEqual({ width: 1366, height: 768 });
	await signInAs(page, 'admin');
	await page.goto('/office');
	await expectOneRow(page);
	// The header (menu, who is signed in, language, sign out) is one row too: the page starts high.
	expect((await page.getByRole('banner').boundingBox())!.height).toBeLessThan(70);
	await page.screenshot({ path: test.info().outputPath('menu-id.png') });

	await page.getByLabel('Bahasa').selectOption('en');
	await expect(menu(page).getByRole('button', { name: 'Billing' })).toBeVisible();
	await expectOneRow(page);
	await page.getByLabel('Language').selectOption('id');
	await expect(menu(page).getByRole('button', { name: 'Penagihan' })).toBeVisible();
});

test('a group opens from the keyboard, Escape closes it, and its links are reached with Tab', async ({ page }) => {
	await signInAs(page, 'office');
	await page.goto('/office');
	const billing = menu(page).getByRole('button', { name: 'Penagihan' });
	await expect(billing).toHaveAttribute('aria-expanded', 'false');
	await expect(billing).toBeEnabled();

	// Tab order: brand, Beranda, Pelanggan, then the group's button.
	await page.getByRole('link', { name: 'Lunas' }).focus();
	for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
	await expect(billing).toBeFocused();

	await page.keyboard.press('Enter');
	await expect(billing).toHaveAttribute('aria-expanded', 'true');
	await page.keyboard.press('Tab');
	await expect(menu(page).getByRole('link', { name: 'Tagihan', exact: true })).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(menu(page).getByRole('link', { name: 'Pembayaran' })).toBeFocused();
	await page.screenshot({ path: test.info().outputPath('menu-group-open.png') });

	await page.keyboard.press('Escape');
	await expect(billing).toHaveAttribute('aria-expanded', 'false');
	await expect(menu(page).getByRole('link', { name: 'Pembayaran' })).toBeHidden();
	await expect(billing).toBeFocused();

	// Space opens it as well; Enter on a link goes there and the menu closes behind it.
	await page.keyboard.press('Space');
	await expect(billing).toHaveAttribute('aria-expanded', 'true');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/office\/payments$/);
	await expect(billing).toHaveAttribute('aria-expanded', 'false');
	await billing.click();
	await expect(menu(page).getByRole('link', { name: 'Pembayaran' })).toHaveAttribute('aria-current', 'page');

	// One group at a time, and a click elsewhere closes it.
	const field = menu(page).getByRole('button', { name: 'Lapangan' });
	await field.click();
	await expect(field).toHaveAttribute('aria-expanded', 'true');
	await expect(billing).toHaveAttribute('aria-expanded', 'false');
	await page.getByRole('heading', { level: 1 }).click();
	await expect(field).toHaveAttribute('aria-expanded', 'false');

	// The office staff have no admin group; reports stay one click away.
	await expect(menu(page).getByRole('button', { name: 'Admin' })).toHaveCount(0);
	await expect(menu(page).getByRole('link', { name: 'Laporan', exact: true })).toBeVisible();
});

test('on a phone the menu folds behind one button and an open group stays on the screen', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signInAs(page, 'admin');
	await page.goto('/office');
	const toggle = page.getByRole('banner').getByRole('button', { name: 'Menu' });
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	await expect(menu(page)).toBeHidden();
	await toggle.click();
	await expect(menu(page)).toBeVisible();
	const network = menu(page).getByRole('button', { name: 'Jaringan' });
	await network.click();
	const routers = menu(page).getByRole('link', { name: 'Router', exact: true });
	await expect(routers).toBeVisible();
	const box = (await routers.boundingBox())!;
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(390);
	expect(await page.getByRole('banner').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(390);
	await page.screenshot({ path: test.info().outputPath('menu-phone.png') });
	await routers.click();
	await expect(page).toHaveURL(/\/office\/routers$/);
	// The page that opens shows its content, not the menu.
	await expect(menu(page)).toBeHidden();
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
});
