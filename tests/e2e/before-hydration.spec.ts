/**
 * A person on a slow phone or a busy office PC picks a filter before the page's script has run.
 * The filter forms are plain GET forms, so the choice must survive hydration and reach the address.
 * The script is held back (every request under /_app/immutable/) until the choice is made, which
 * is what a loaded machine does by accident.
 */
import { expect, test, type Page } from '@playwright/test';
import { signInAs, waitForHydration as hydrated } from './helpers';

/** Holds the app's script (not its styles) until `release()`, so the server's HTML is all there is. */
async function holdScripts(page: Page): Promise<() => void> {
	let release!: () => void;
	const gate = new Promise<void>((resolve) => (release = resolve));
	await page.route((url) => url.pathname.startsWith('/_app/immutable/') && url.pathname.endsWith('.js'), async (route) => {
		await gate;
		await route.continue();
	});
	return release;
}

type Choice = { name: string; value: string; kind: 'select' | 'fill' };
const PAGES: Array<{ path: string; choices: Choice[] }> = [
	{ path: '/office/payments', choices: [{ name: 'flagged', value: '1', kind: 'select' }, { name: 'search', value: 'RCP', kind: 'fill' }, { name: 'from', value: '2026-01-01', kind: 'fill' }] },
	{ path: '/office/invoices', choices: [{ name: 'due', value: 'overdue', kind: 'select' }, { name: 'period', value: '2026-11', kind: 'fill' }] },
	{ path: '/office/customers', choices: [{ name: 'status', value: 'inactive', kind: 'select' }, { name: 'search', value: 'Budi', kind: 'fill' }] },
	{ path: '/office/router-jobs', choices: [{ name: 'status', value: 'dead', kind: 'select' }] },
	{ path: '/office/reports/ledger', choices: [{ name: 'method', value: 'cash', kind: 'select' }, { name: 'to', value: '2026-10-31', kind: 'fill' }] },
	{ path: '/office/packages', choices: [{ name: 'search', value: 'Home', kind: 'fill' }] }
];

for (const { path, choices } of PAGES) {
	test(`a filter chosen before hydration on ${path} is the one applied`, async ({ page }) => {
		await signInAs(page, 'admin');
		const release = await holdScripts(page);
		await page.goto(path, { waitUntil: 'commit' });
		const form = page.locator('form[method="GET" i]').filter({ has: page.locator(`[name="${choices[0].name}"]`) });
		await expect(form).toBeVisible();
		for (const c of choices) {
			const control = form.locator(`[name="${c.name}"]`);
			if (c.kind === 'select') await control.selectOption(c.value);
			else await control.fill(c.value);
		}
		expect(await page.evaluate(() => 'hydrated' in document.documentElement.dataset)).toBe(false);

		release();
		await hydrated(page);
		for (const c of choices) await expect(form.locator(`[name="${c.name}"]`)).toHaveValue(c.value);

		await form.locator('button[type="submit"]').first().click();
		for (const c of choices) await expect(page).toHaveURL(new RegExp(`[?&]${c.name}=${encodeURIComponent(c.value)}(&|$)`));
	});
}

test('clearing the filters after using them shows every control empty again', async ({ page }) => {
	await signInAs(page, 'office');
	await page.goto('/office/payments');
	await hydrated(page);
	await page.getByLabel('Perlu dicek').selectOption('1');
	await page.getByLabel('Cari').fill('RCP');
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect(page).toHaveURL(/flagged=1/);
	await page.getByRole('link', { name: 'Hapus filter' }).click();
	await expect(page).toHaveURL(/\/office\/payments\?$|\/office\/payments$/);
	await expect(page.getByLabel('Perlu dicek')).toHaveValue('');
	await expect(page.getByLabel('Cari')).toHaveValue('');
});

test('a form that saves through script waits for hydration, and keeps what was typed and chosen before it', async ({ page }) => {
	await signInAs(page, 'admin');
	const release = await holdScripts(page);
	await page.goto('/office/customers/new', { waitUntil: 'commit' });
	const form = page.locator('form.card');
	const submit = form.locator('button[type="submit"]');
	await expect(submit).toBeDisabled();
	await page.locator('#customer-name').fill('Sebelum Hidrasi');
	const area = page.locator('#customer-area');
	const second = await area.locator('option:not([disabled])').nth(1).getAttribute('value');
	await area.selectOption(second!);
	// Enter in a field: with the form's button disabled the browser does not submit it natively.
	await page.locator('#customer-name').press('Enter');
	await page.waitForTimeout(300);
	expect(new URL(page.url()).pathname).toBe('/office/customers/new');
	expect(new URL(page.url()).search).toBe('');
	// The header's script-driven buttons take no clicks yet (they would do nothing).
	expect(await page.locator('main button').first().evaluate((b) => getComputedStyle(b).pointerEvents)).toBe('none');

	release();
	await hydrated(page);
	await expect(submit).toBeEnabled();
	await expect(page.locator('#customer-name')).toHaveValue('Sebelum Hidrasi');
	// After hydration the select shows its bound state: the chosen area, not the server's blank.
	await expect(area).toHaveValue(second!);
});
