/**
 * The public isolir page by customer code: it answers only for a customer cut off or overdue,
 * shows a first name and amounts with no pay token in the page, and its "Bayar sekarang" posts
 * back and lands on the pay page. Nothing is paid here (pay.spec.ts pays).
 */
import { expect, test } from '@playwright/test';
import { query } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('a customer overdue finds their bill by code and goes to pay; one who is not is not found', async ({ page }) => {
	// The seed's arrears depend on the day it runs: make one customer's open invoice overdue, as the
	// overdue run would, and put it back afterwards.
	const [owed] = await query<{ invoice_id: string; code: string; name: string; customer_id: string }>(
		`SELECT i.id AS invoice_id, c.code, c.name, c.id AS customer_id FROM invoices i JOIN customers c ON c.id = i.customer_id
		 WHERE i.status IN ('unpaid', 'partial') AND i.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY c.code LIMIT 1`
	);
	expect(owed, 'the demo seed has an open invoice').toBeTruthy();
	const [before] = await query<{ overdue_since: string | null }>("SELECT DATE_FORMAT(overdue_since, '%Y-%m-%d') AS overdue_since FROM invoices WHERE id = ?", [owed.invoice_id]);
	if (!before.overdue_since) await query('UPDATE invoices SET overdue_since = DATE_SUB(CURDATE(), INTERVAL 5 DAY) WHERE id = ?', [owed.invoice_id]);
	try {
		const tokens = (await query<{ pay_token: string }>("SELECT pay_token FROM invoices WHERE customer_id = ? AND status IN ('unpaid', 'partial')", [owed.customer_id])).map((r) => r.pay_token);
		const [connected] = await query<{ code: string }>(
			`SELECT c.code FROM customers c WHERE c.deleted_at IS NULL
			 AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id AND s.status = 'isolated')
			 AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.overdue_since IS NOT NULL AND i.status IN ('unpaid', 'partial'))
			 ORDER BY c.code LIMIT 1`
		);

		await page.goto('/isolir');
		await page.getByLabel('Kode pelanggan atau nomor HP').fill(connected.code);
		await page.getByRole('button', { name: 'Cari tagihan' }).click();
		await expect(page.getByText('Data tidak ditemukan.')).toBeVisible();

		await page.getByLabel('Kode pelanggan atau nomor HP').fill(owed.code);
		await page.getByRole('button', { name: 'Cari tagihan' }).click();
		await expect(page.getByText(`Halo, ${owed.name.split(' ')[0]}.`)).toBeVisible();
		const html = await page.content();
		for (const token of tokens) expect(html).not.toContain(token);
		expect(html).not.toContain('/pay/');
		if (owed.name.includes(' ')) expect(html).not.toContain(owed.name);

		await page.getByRole('button', { name: 'Bayar sekarang' }).first().click();
		await expect(page).toHaveURL(/\/pay\/[A-Za-z0-9_-]{16,64}$/);
		expect(tokens).toContain(new URL(page.url()).pathname.split('/').pop());
		await expect(page.getByRole('heading', { name: 'Tagihan internet' })).toBeVisible();
	} finally {
		if (!before.overdue_since) await query('UPDATE invoices SET overdue_since = NULL WHERE id = ?', [owed.invoice_id]);
	}
});

test('a pay button for an invoice not belonging to what was typed goes nowhere', async ({ request, baseURL }) => {
	const [invoice] = await query<{ id: string }>("SELECT id FROM invoices WHERE status IN ('unpaid', 'partial') ORDER BY id LIMIT 1");
	const res = await request.post('/isolir', { form: { invoice: invoice.id, query: 'C999998' }, headers: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
	expect(res.status()).toBe(404);
	expect(res.headers()['location']).toBeUndefined();
});
