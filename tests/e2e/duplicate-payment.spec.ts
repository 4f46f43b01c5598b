/**
 * Paid twice, told nobody (issue #13, item 1), in Chromium: the technician collects offline,
 * the office takes the same amount at the counter, the phone syncs → the office sees the payment
 * flagged as a likely duplicate, in words, and refunds it; the phone's receipt warns, and says
 * what was refunded. What the server holds is read straight from the e2e database.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { query, signInAs } from './helpers';
import { arrangeOwing } from './phone';

const rupiah = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;
const syncBar = (page: Page) => page.getByRole('complementary', { name: 'Status sinkronisasi' });

/** A customer of the demo technician's areas, made by this test, and all they owe. */
async function owingCustomer(browser: Browser): Promise<{ customerId: string; code: string; owed: number }> {
	const [c] = await arrangeOwing(browser, 1);
	const [{ code }] = await query<{ code: string }>('SELECT code FROM customers WHERE id = ?', [c.customerId]);
	return { customerId: c.customerId, code, owed: c.owed };
}

test('phone cash offline + the same at the counter: flagged on both sides, refunded by the office', async ({ page, context, browser }) => {
	test.setTimeout(150_000);
	const { customerId, owed } = await owingCustomer(browser);

	// The phone, ready offline.
	await signInAs(page, 'technician');
	await expect(page).toHaveURL(/\/tech$/);
	await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		const worker = registration.active!;
		if (worker.state !== 'activated') await new Promise<void>((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()));
	});
	await expect(syncBar(page).getByText(/^Sinkron (baru saja|\d)/)).toBeVisible();
	await context.setOffline(true);

	// The technician takes everything owed, offline.
	await page.goto(`/tech/customers/${customerId}/cash`);
	await expect(page.getByRole('heading', { level: 1, name: /^Terima tunai dari / })).toBeVisible();
	await page.getByLabel('Jumlah diterima (Rp)').fill(String(owed));
	await page.getByRole('button', { name: 'Simpan & buat kuitansi' }).click();
	await expect(page).toHaveURL(/\/tech\/receipt\/[0-9a-f-]{36}$/);
	const phonePaymentId = new URL(page.url()).pathname.split('/').pop()!;
	await expect(syncBar(page).getByText('1 menunggu')).toBeVisible();

	// Meanwhile the customer pays the same at the counter (the office's own browser).
	const officeContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	try {
		const office = await officeContext.newPage();
		await signInAs(office, 'office');
		await office.goto(`/office/payments/new?customerId=${customerId}`);
		await expect(office.getByLabel('Jumlah diterima (Rp)')).toHaveValue(/\d/);
		await office.getByLabel('Jumlah diterima (Rp)').fill(String(owed));
		await office.getByRole('button', { name: 'Simpan pembayaran' }).click();
		await expect(office).toHaveURL(/\/office\/payments\/[0-9a-f-]{36}\/receipt$/);
		const counterReceipt = (await office.getByRole('heading', { level: 1 }).textContent())!.match(/RCP-\d{6}-\d{6}/)![0];

		// The phone comes back online and syncs.
		await context.setOffline(false);
		await expect(syncBar(page).getByText('Semua terkirim')).toBeVisible({ timeout: 30_000 });
		// (A large debt paid twice is also far above what was owed by then: both reasons may stand.)
		const reasons = await query<{ reason: string }>('SELECT reason FROM payment_flags WHERE payment_id = ?', [phonePaymentId]);
		expect(reasons.map((r) => r.reason)).toContain('likely-duplicate');

		// The phone warns on the receipt once the pull brought the flag.
		await page.reload();
		await expect(page.getByRole('alert').filter({ hasText: 'Mungkin dibayar dua kali' })).toBeVisible({ timeout: 30_000 });

		// The office sees it under "Perlu dicek", in words, and refunds it by transfer.
		await office.goto(`/office/payments?flagged=1&customerId=${customerId}`);
		const [{ receipt }] = await query<{ receipt: string }>('SELECT receipt_number AS receipt FROM payments WHERE id = ?', [phonePaymentId]);
		const row = office.getByRole('row').filter({ has: office.getByRole('link', { name: receipt }) });
		await expect(row.getByText(`Mungkin pembayaran ganda: ${counterReceipt} sebesar ${rupiah(owed)} sudah tercatat lewat jalur lain`)).toBeVisible();
		await row.getByRole('button', { name: 'Kembalikan uang' }).click();
		const dialog = office.getByRole('dialog', { name: 'Kembalikan uang' });
		await expect(dialog.getByLabel('Jumlah dikembalikan (Rp)')).toHaveValue(owed.toLocaleString('id-ID'));
		// More than the payment left as credit is refused under the amount, and nothing changes.
		await dialog.getByLabel('Jumlah dikembalikan (Rp)').fill(String(owed + 1000));
		await dialog.getByLabel(/^Alasan/).fill('Dibayar dua kali: tunai ke teknisi dan di kantor');
		await dialog.getByRole('radio', { name: 'Transfer' }).check();
		await dialog.getByRole('button', { name: 'Catat pengembalian' }).click();
		// The refusal under the amount (the dialog's hint may name the same ceiling).
		await expect(dialog.getByText(new RegExp(`^Yang bisa dikembalikan dari pembayaran ini paling banyak ${rupiah(owed).replaceAll('.', '\\.')}`))).toBeVisible();
		await dialog.getByLabel('Jumlah dikembalikan (Rp)').fill(String(owed));
		await dialog.getByRole('button', { name: 'Catat pengembalian' }).click();
		await expect(dialog).toBeHidden();
		// Settled: it leaves "Perlu dicek".
		await expect(office.getByRole('link', { name: receipt })).toBeHidden();

		const refunds = await query<{ amount: number; method: string; refund_reason: string }>(
			'SELECT amount, method, refund_reason FROM payments WHERE refunds_payment_id = ?',
			[phonePaymentId]
		);
		expect(refunds.map((r) => [Number(r.amount), r.method, r.refund_reason])).toEqual([[-owed, 'transfer', 'Dibayar dua kali: tunai ke teknisi dan di kantor']]);
		await office.goto(`/office/payments?customerId=${customerId}`);
		await expect(office.getByRole('link', { name: 'Pengembalian' }).first()).toBeVisible();

		// The phone learns what was refunded on its next sync.
		await page.reload();
		await expect(page.getByText(`Kantor sudah mengembalikan ${rupiah(owed)} dari pembayaran ini ke pelanggan.`)).toBeVisible({ timeout: 30_000 });
	} finally {
		await officeContext.close();
	}
});
