/**
 * Issue #15, "Screens" in the office: printing, the refusal of an admin page, the router a new
 * subscription starts on, and report tables that fit a 1366 px screen.
 */
import { expect, test, type Page } from '@playwright/test';
import { query, signInAs, waitForHydration } from './helpers';

/** Pages in a PDF Chromium printed: one page object per sheet (the page tree's /Pages excluded). */
async function printedPages(page: Page): Promise<number> {
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
	return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

test('one invoice prints one A4 page, and a month of invoices one page each', async ({ page }) => {
	test.setTimeout(180_000);
	await signInAs(page, 'office');
	const [invoice] = await query<{ id: string }>("SELECT id FROM invoices WHERE status IN ('unpaid', 'partial') AND deleted_at IS NULL ORDER BY period_start DESC LIMIT 1");
	await page.goto(`/office/invoices/${invoice.id}`);
	await waitForHydration(page);
	// The demo ISP's bank accounts are on it, as a real ISP's are.
	await expect(page.getByRole('article').getByText('0123-01-004567-50-8')).toBeVisible();
	expect(await printedPages(page)).toBe(1);

	// The month with the most invoices of all statuses, every area.
	const [busiest] = await query<{ period: string; n: number }>(
		`SELECT DATE_FORMAT(period_start, '%Y-%m') AS period, COUNT(*) AS n FROM invoices WHERE deleted_at IS NULL GROUP BY period ORDER BY n DESC LIMIT 1`
	);
	await page.emulateMedia({ media: 'screen' });
	await page.goto(`/office/invoices/print?period=${busiest.period}&all=1`);
	const sheets = page.getByRole('article');
	const count = await sheets.count();
	expect(count).toBe(Math.min(Number(busiest.n), 500));
	// The e2e server seeds 40 customers; the demo's 300 make a month of a few hundred sheets.
	expect(count).toBeGreaterThan(25);
	expect(await printedPages(page)).toBe(count);
});

test('the office role gets the 403 page in words on every admin page, never a silent redirect', async ({ page }) => {
	await signInAs(page, 'office');
	for (const path of ['/office/staff', '/office/settings', '/office/audit', '/office/routers/new']) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
		await expect(page).toHaveURL(new RegExp(`${path.replaceAll('/', '\\/')}$`));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anda tidak punya akses ke halaman ini.');
		await expect(page.getByText('Halaman ini hanya untuk admin.', { exact: false })).toBeVisible();
	}
});

test("a new subscription starts on the router the customer's area names", async ({ page }) => {
	const [row] = await query<{ customerId: string; routerId: string }>(
		`SELECT c.id AS customerId, a.router_id AS routerId FROM customers c JOIN areas a ON a.id = c.area_id
		 JOIN routers r ON r.id = a.router_id AND r.deleted_at IS NULL
		 WHERE c.deleted_at IS NULL ORDER BY c.code LIMIT 1`
	);
	expect(row, 'a seeded area that names its router').toBeTruthy();
	const routers = await query<{ n: number }>('SELECT COUNT(*) AS n FROM routers WHERE deleted_at IS NULL');
	expect(Number(routers[0].n), 'more than one router, so the default is not the only one').toBeGreaterThan(1);
	await signInAs(page, 'office');
	await page.goto(`/office/customers/${row.customerId}/subscriptions/new`);
	await waitForHydration(page);
	await expect(page.getByLabel('Router')).toHaveValue(row.routerId);
});

test('report tables show every column on a 1366 px screen', async ({ page }) => {
	await signInAs(page, 'admin');
	for (const path of ['/office/reports/arrears', '/office/reports/collectors', '/office/reports/ledger', '/office/reports/revenue']) {
		await page.goto(path);
		await waitForHydration(page);
		const tables = page.locator('main table');
		for (let i = 0; i < (await tables.count()); i++) {
			const box = await tables.nth(i).evaluate((t) => {
				const scroller = t.closest('.scroll') ?? t;
				return { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth };
			});
			expect(box.scrollWidth, `${path} table ${i}`).toBeLessThanOrEqual(box.clientWidth);
		}
	}
});
