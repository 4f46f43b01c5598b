/**
 * Pay everything owed (issue #13, item 3) on a phone: a customer isolated for three overdue
 * invoices finds them on /isolir, which promises reconnection only after all the overdue money
 * is paid; the pay page says paying one invoice alone does not lift the isolation, and offers one
 * Snap transaction for everything, oldest first, with the total; paid in the Midtrans simulator,
 * every invoice is paid by one payment and the account is restored on the simulated router.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { DEMO_ROUTERS } from '../../src/lib/server/demo/catalogue';
import { isolateOnRouter, query, readRouterAccount } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const rupiah = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;

/** A customer with one open invoice on a demo router, made three invoices behind and isolated. */
async function isolatedForThreeInvoices() {
	const candidates = await query<{ sub: string; customer: string; code: string; invoice: string; period_start: string; amount: number }>(
		`SELECT s.id AS sub, c.id AS customer, c.code, i.id AS invoice, DATE_FORMAT(i.period_start, '%Y-%m-%d') AS period_start, i.amount
		 FROM subscriptions s JOIN routers r ON r.id = s.router_id JOIN customers c ON c.id = s.customer_id
		 JOIN invoices i ON i.subscription_id = s.id AND i.status = 'unpaid' AND i.amount_paid = 0
		 WHERE r.name IN (?) AND r.isolation_method <> 'address-list' AND s.status = 'active' AND s.service_username IS NOT NULL AND c.deleted_at IS NULL
		   AND (SELECT COUNT(*) FROM invoices o WHERE o.customer_id = c.id AND o.status IN ('unpaid', 'partial')) = 1
		   AND (SELECT COUNT(*) FROM subscriptions o WHERE o.customer_id = c.id) = 1
		 ORDER BY c.code DESC`,
		[DEMO_ROUTERS.map((r) => r.name)]
	);
	for (const c of candidates) {
		if ((await readRouterAccount(c.sub)).isolated !== false) continue;
		// Two months before any invoice it has still owed, and all three past due: what the overdue run isolates for.
		const [{ first }] = await query<{ first: string }>(`SELECT DATE_FORMAT(MIN(period_start), '%Y-%m-%d') AS first FROM invoices WHERE subscription_id = ?`, [c.sub]);
		for (const monthsBack of [2, 1]) {
			await query(
				`INSERT INTO invoices (id, number, subscription_id, customer_id, period_start, period_end, amount, due_date, overdue_since, pay_token)
				 VALUES (?, ?, ?, ?, DATE_SUB(?, INTERVAL ? MONTH), DATE_SUB(DATE_SUB(?, INTERVAL ? MONTH), INTERVAL 1 DAY), ?, DATE_SUB(CURDATE(), INTERVAL ? DAY), DATE_SUB(CURDATE(), INTERVAL ? DAY), ?)`,
				[randomUUID(), `INV-E2E-${randomBytes(4).toString('hex')}`, c.sub, c.customer, first, monthsBack, first, monthsBack - 1, c.amount, 30 * monthsBack + 10, 30 * monthsBack + 9, randomBytes(32).toString('base64url')]
			);
		}
		await query(`UPDATE invoices SET due_date = DATE_SUB(CURDATE(), INTERVAL 10 DAY), overdue_since = DATE_SUB(CURDATE(), INTERVAL 9 DAY) WHERE id = ?`, [c.invoice]);
		await query(
			`UPDATE subscriptions SET status = 'isolated', desired_router_state = 'isolated', confirmed_router_state = 'isolated', isolation_reason = 'arrears', isolated_at = NOW(3) WHERE id = ?`,
			[c.sub]
		);
		await isolateOnRouter(c.sub);
		const open = await query<{ id: string; pay_token: string; amount: number }>(
			`SELECT id, pay_token, amount FROM invoices WHERE customer_id = ? AND status = 'unpaid' ORDER BY period_start`,
			[c.customer]
		);
		return { ...c, open, total: open.reduce((s, i) => s + Number(i.amount), 0) };
	}
	throw new Error('no customer with one open invoice and an active account on a demo router');
}

test('isolated for three invoices: pay everything at once, restored on the router', async ({ page }) => {
	test.setTimeout(90_000);
	const d = await isolatedForThreeInvoices();
	expect(d.open).toHaveLength(3);
	expect((await readRouterAccount(d.sub)).isolated).toBe(true);

	// /isolir finds the customer by code and promises reconnection only after all overdue money.
	// Every e2e lookup comes from 127.0.0.1, and isolir.spec.ts spends most of that source's
	// allowance (10 per 15 minutes, tested there): this spec starts its own window.
	await query("DELETE FROM login_throttle WHERE scope = 'address' AND subject LIKE 'isolir:%'");
	await page.goto('/isolir');
	await page.getByLabel('Kode pelanggan atau nomor HP').fill(d.code);
	await page.getByRole('button', { name: 'Cari tagihan' }).click();
	await expect(page.getByText(`Internet aktif lagi sekitar satu menit setelah tunggakan yang lewat jatuh tempo dibayar: ${rupiah(d.total)}, mulai dari tagihan paling lama.`)).toBeVisible();
	await expect(page.getByText('Setelah pembayaran diterima, internet aktif lagi dalam sekitar satu menit.')).toHaveCount(0);
	await page.getByRole('button', { name: `Bayar semua tunggakan ${rupiah(d.total)}` }).click();
	// The oldest invoice's pay page, where the one transaction for everything starts.
	await expect(page).toHaveURL(new RegExp(`/pay/${d.open[0].pay_token}#pay-all-title$`));

	// Paying this invoice alone would not lift the isolation, and the page says how much more is needed.
	await expect(page.getByText(`Pembayaran ini saja belum membuka isolir: masih perlu ${rupiah(d.total - Number(d.open[0].amount))} lagi`)).toBeVisible();
	const all = page.getByRole('region', { name: 'Bayar semua tunggakan' });
	await expect(all.getByTestId('pay-all-amount')).toHaveText(rupiah(d.total));
	await expect(all.getByText('Setelah pembayaran ini diterima, internet Anda kembali online dalam sekitar satu menit.')).toBeVisible();

	await all.getByRole('button', { name: `Bayar semua ${rupiah(d.total)}` }).click();
	await expect(page.getByText('Simulator Midtrans')).toBeVisible();
	await expect(page.getByText(rupiah(d.total)).first()).toBeVisible();
	await page.getByRole('button', { name: 'Bayar VA' }).click();
	await expect(page.getByRole('heading', { name: 'Lunas — terima kasih!' })).toBeVisible({ timeout: 20_000 });

	// One payment paid all three, oldest first; the isolation is lifted and the router restored.
	const paid = await query<{ status: string }>('SELECT status FROM invoices WHERE id IN (?)', [d.open.map((i) => i.id)]);
	expect(paid.map((i) => i.status)).toEqual(['paid', 'paid', 'paid']);
	const ps = await query<{ amount: number; n: number }>(
		`SELECT p.amount, (SELECT COUNT(*) FROM payment_allocations a WHERE a.payment_id = p.id) AS n FROM payments p
		 WHERE p.id IN (SELECT a.payment_id FROM payment_allocations a WHERE a.invoice_id IN (?))`,
		[d.open.map((i) => i.id)]
	);
	expect(ps.map((p) => [Number(p.amount), Number(p.n)])).toEqual([[d.total, 3]]);
	await expect.poll(async () => (await readRouterAccount(d.sub)).isolated, { timeout: 20_000 }).toBe(false);
	const [after] = await query<{ status: string }>('SELECT status FROM subscriptions WHERE id = ?', [d.sub]);
	expect(after.status).toBe('active');
});
