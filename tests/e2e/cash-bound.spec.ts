/**
 * Field cash far above what is owed (issue #12, finding 8), on the technician's phone: before
 * queuing it the phone asks the technician to confirm the amount, in words, with the amount
 * written as rupiah; changing the amount queues nothing; confirmed, it syncs once and the office
 * finds it flagged. What the server holds is read straight from the e2e database.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { query, signInAs } from './helpers';
import { arrangeOwing } from './phone';

/** A customer of the demo technician's areas, made by this test, and all they owe. */
async function owingCustomer(browser: Browser): Promise<{ customerId: string; owed: number }> {
	const [c] = await arrangeOwing(browser, 1);
	return { customerId: c.customerId, owed: c.owed };
}

const syncBar = (page: Page) => page.getByRole('complementary', { name: 'Status sinkronisasi' });
const rupiah = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;

test('cash far above what is owed: the phone asks first, and the office gets it flagged', async ({ page, browser }) => {
	test.setTimeout(90_000);
	const { customerId, owed } = await owingCustomer(browser);
	await signInAs(page, 'technician');
	await expect(page).toHaveURL(/\/tech$/);
	await expect(syncBar(page).getByText(/^Sinkron (baru saja|\d)/)).toBeVisible();

	await page.goto(`/tech/customers/${customerId}/cash`);
	await expect(page.getByRole('heading', { level: 1, name: /^Terima tunai dari / })).toBeVisible();
	const amount = page.getByLabel('Jumlah diterima (Rp)');
	await amount.fill('1000000000');
	await page.getByRole('button', { name: 'Simpan & buat kuitansi' }).click();

	const question = page.getByRole('alert').filter({ hasText: 'Periksa jumlahnya' });
	await expect(question).toContainText(`Jumlah Rp 1.000.000.000 jauh di atas tunggakan pelanggan (${rupiah(owed)}).`);
	await expect(question).toBeFocused();
	// Second thoughts: nothing is queued, the amount is there to correct.
	await question.getByRole('button', { name: 'Ubah jumlah' }).click();
	await expect(question).toBeHidden();
	await expect(amount).toBeFocused();
	await expect(syncBar(page).getByText(/menunggu/)).toBeHidden();

	// The huge one, confirmed.
	await amount.fill('1000000000');
	await page.getByRole('button', { name: 'Simpan & buat kuitansi' }).click();
	await question.getByRole('button', { name: 'Ya, catat Rp 1.000.000.000' }).click();
	await expect(page).toHaveURL(/\/tech\/receipt\/[0-9a-f-]{36}$/);
	const paymentId = new URL(page.url()).pathname.split('/').pop()!;
	await expect(syncBar(page).getByText('Semua terkirim')).toBeVisible({ timeout: 20_000 });

	const rows = await query<{ amount: number; flag: string; reason: string }>(
		`SELECT p.amount, p.flag, f.reason FROM payments p JOIN payment_flags f ON f.payment_id = p.id WHERE p.id = ?`,
		[paymentId]
	);
	expect(rows).toHaveLength(1);
	expect(Number(rows[0].amount)).toBe(1_000_000_000);
	expect(rows[0].reason).toBe('cash-above-owed');

	// The office's "Perlu dicek" list says why, in words (its own browser: the phone stays signed in).
	const office = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	try {
		const officePage = await office.newPage();
		await signInAs(officePage, 'admin');
		await officePage.goto(`/office/payments?flagged=1&customerId=${customerId}`);
		await expect(officePage.getByText(`Tunai Rp 1.000.000.000 jauh di atas tunggakan saat dicatat (${rupiah(owed)})`)).toBeVisible();
	} finally {
		await office.close();
	}
});

test('an ordinary amount, or a few months ahead, is saved without a question', async ({ page, browser }) => {
	test.setTimeout(60_000);
	const { customerId, owed } = await owingCustomer(browser);
	await signInAs(page, 'technician');
	await expect(page).toHaveURL(/\/tech$/);
	await page.goto(`/tech/customers/${customerId}/cash`);
	await page.getByLabel('Jumlah diterima (Rp)').fill(String(owed * 3));
	await page.getByRole('button', { name: 'Simpan & buat kuitansi' }).click();
	await expect(page).toHaveURL(/\/tech\/receipt\/[0-9a-f-]{36}$/);
	await expect(syncBar(page).getByText('Semua terkirim')).toBeVisible({ timeout: 20_000 });
});

test('a note with half an emoji is refused under the note, and nothing is queued', async ({ page, browser }) => {
	test.setTimeout(60_000);
	const { customerId } = await owingCustomer(browser);
	await signInAs(page, 'technician');
	await expect(page).toHaveURL(/\/tech$/);
	await page.goto(`/tech/customers/${customerId}/cash`);
	await page.getByLabel('Jumlah diterima (Rp)').fill('5000');
	const note = page.getByLabel('Catatan');
	// What a keyboard or a paste cut mid-emoji leaves behind: a lone high surrogate.
	await note.evaluate((el: HTMLTextAreaElement) => {
		el.value = 'lunas \ud83d';
		el.dispatchEvent(new Event('input', { bubbles: true }));
	});
	await page.getByRole('button', { name: 'Simpan & buat kuitansi' }).click();
	await expect(page.getByText('Berisi karakter yang tidak bisa disimpan (misalnya potongan emoji atau karakter kontrol). Hapus lalu ketik ulang.')).toBeVisible();
	await expect(note).toBeFocused();
	await expect(page).toHaveURL(/\/cash$/);
	await expect(syncBar(page).getByText(/menunggu/)).toBeHidden();

	await note.fill('lunas 😀');
	await page.getByRole('button', { name: 'Simpan & buat kuitansi' }).click();
	await expect(page).toHaveURL(/\/tech\/receipt\/[0-9a-f-]{36}$/);
});

test('the office counter asks before saving an amount beyond the same bound, and flags it (issue #13, item 6)', async ({ page, browser }) => {
	test.setTimeout(60_000);
	const { customerId, owed } = await owingCustomer(browser);
	await signInAs(page, 'office');
	await page.goto(`/office/payments/new?customerId=${customerId}`);
	const amount = page.getByLabel('Jumlah diterima (Rp)');
	// Just beyond the default bound (the settings the e2e seed leaves): 3× what is owed, or owed + Rp 500.000.
	const far = Math.max(owed * 3, owed + 500_000) + 1_000;
	await amount.fill(String(far));
	const before = await query<{ n: number }>('SELECT COUNT(*) AS n FROM payments WHERE customer_id = ?', [customerId]);
	await page.getByRole('button', { name: 'Simpan pembayaran' }).click();

	const question = page.getByRole('alert').filter({ hasText: 'Periksa jumlahnya' });
	await expect(question).toContainText(`Jumlah ${rupiah(far)} jauh di atas tunggakan pelanggan (${rupiah(owed)}).`);
	await expect(question).toBeFocused();
	// Second thoughts: nothing saved, the amount is there to correct.
	await question.getByRole('button', { name: 'Ubah jumlah' }).click();
	await expect(question).toBeHidden();
	await expect(amount).toBeFocused();
	expect(await query<{ n: number }>('SELECT COUNT(*) AS n FROM payments WHERE customer_id = ?', [customerId])).toEqual(before);

	await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
	await question.getByRole('button', { name: `Ya, catat ${rupiah(far)}` }).click();
	await expect(page).toHaveURL(/\/office\/payments\/[0-9a-f-]{36}\/receipt$/);
	const paymentId = new URL(page.url()).pathname.split('/')[3];
	const rows = await query<{ amount: number; reason: string }>(
		`SELECT p.amount, f.reason FROM payments p JOIN payment_flags f ON f.payment_id = p.id WHERE p.id = ?`,
		[paymentId]
	);
	expect(rows.map((r) => [Number(r.amount), r.reason])).toEqual([[far, 'cash-above-owed']]);
	await page.goto(`/office/payments?flagged=1&customerId=${customerId}`);
	await expect(page.getByText(`Tunai ${rupiah(far)} jauh di atas tunggakan saat dicatat (${rupiah(owed)})`)).toBeVisible();
});
