import { expect, test, type Page } from '@playwright/test';
import { signInAs } from './helpers';
import { formatRupiah } from '../../src/lib/shared/money';
import { readRupiah } from '../../src/lib/shared/rupiah-input';

/** The first unpaid invoice on the list (newest due date first): its customer's code and id. */
async function customerWithUnpaidInvoice(page: Page): Promise<{ code: string; id: string }> {
	await page.goto('/office/invoices');
	await page.getByLabel('Status').selectOption('unpaid');
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect(page).toHaveURL(/status=unpaid/);
	const row = page.getByRole('row').filter({ hasText: 'Belum dibayar' }).first();
	const href = await row.getByRole('link').nth(1).getAttribute('href');
	const code = (await row.textContent())?.match(/C\d{6}/)?.[0];
	expect(code, 'the row shows a customer code').toBeTruthy();
	return { code: code!, id: href!.split('/').pop()! };
}

/** How many payments the ledger lists for a search, from its "Menampilkan x dari N". */
async function ledgerCount(page: Page, search: string): Promise<number> {
	await page.goto(`/office/payments?search=${encodeURIComponent(search)}`);
	const summary = await page.getByText(/^Menampilkan \d+ dari [\d.]+$/).textContent();
	return Number(summary!.replace(/^.* dari /, '').replace(/\./g, ''));
}

test('office records a cash payment at the counter and the invoice becomes paid', async ({ page }) => {
	await signInAs(page, 'office');
	const customer = await customerWithUnpaidInvoice(page);

	await page.goto('/office/payments/new');
	const search = page.getByRole('combobox', { name: 'Pelanggan' });
	await search.fill(customer.code);
	await expect(page.getByRole('option', { name: new RegExp(customer.code) })).toBeVisible();
	await search.press('ArrowDown');
	await search.press('Enter');

	const invoices = page.getByRole('group', { name: 'Tagihan terbuka' });
	await expect(invoices).toBeVisible();
	// The oldest open invoice: money pays its subscription's oldest invoice first, so this one is paid in full.
	const oldest = invoices.locator('label', { hasText: /INV-/ }).first();
	const invoiceNumber = (await oldest.textContent())!.trim();
	await oldest.getByRole('radio').check();
	const amount = page.getByLabel('Jumlah diterima (Rp)');
	const reading = readRupiah(await amount.inputValue());
	const owed = reading.ok ? reading.amount : 0;
	expect(owed).toBeGreaterThan(0);
	await expect(page.getByTestId('amount-reading')).toHaveText(`= ${formatRupiah(owed)}`);
	await page.getByRole('radio', { name: 'Tunai' }).check();
	await page.getByRole('button', { name: 'Simpan pembayaran' }).click();

	await expect(page).toHaveURL(/\/office\/payments\/[0-9a-f-]{36}\/receipt$/);
	await expect(page.getByRole('heading', { level: 1, name: /^KUITANSI RCP-\d{6}-\d{6}$/ })).toBeVisible();
	const receipt = page.getByRole('article');
	await expect(receipt.getByRole('cell', { name: formatRupiah(owed), exact: true }).last()).toBeVisible();
	await expect(receipt.getByText('Tunai')).toBeVisible();
	const receiptNumber = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/RCP-\d{6}-\d{6}/)![0];

	// The thermal print drops the menu and fits the 58 mm roll.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Menu' })).toBeHidden();
	expect((await receipt.boundingBox())!.width).toBeLessThanOrEqual(Math.ceil((58 / 25.4) * 96));
	await page.emulateMedia({ media: 'screen' });

	await receipt.getByRole('link', { name: invoiceNumber }).click();
	await expect(page.getByRole('heading', { level: 1, name: invoiceNumber })).toBeVisible();
	await expect(page.getByRole('definition').filter({ hasText: 'Lunas' })).toHaveText('Lunas');
	await expect(page.getByRole('link', { name: receiptNumber })).toBeVisible();
});

test('an amount that is refused or ambiguous says how it read and records nothing', async ({ page }) => {
	await signInAs(page, 'office');
	const customer = await customerWithUnpaidInvoice(page);
	const before = await ledgerCount(page, customer.code);

	await page.goto(`/office/payments/new?customerId=${customer.id}`);
	const amount = page.getByLabel('Jumlah diterima (Rp)');
	const refusals: [string, string][] = [
		['-5000', '“-5000” negatif; jumlah tidak boleh kurang dari Rp 0.'],
		['0', 'Jumlah harus lebih dari Rp 0.'],
		// The old counter form read this as Rp 15.000.
		['150.00', '“150.00” terbaca Rp 150 ditambah pecahan “00”'],
		['150,000', '“150,000” bisa dibaca Rp 150.000 (koma pemisah ribuan) atau Rp 150 (koma desimal).']
	];
	for (const [bad, error] of refusals) {
		await amount.fill(bad);
		await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
		await expect(page.locator('#amount-error')).toContainText(error);
		await expect(amount).toHaveAttribute('aria-invalid', 'true');
		await expect(page).toHaveURL(/\/office\/payments\/new\?/);
	}

	expect(await ledgerCount(page, customer.code)).toBe(before);
});

test('admin voids a payment with a reason and the invoice opens again', async ({ page }) => {
	await signInAs(page, 'admin');
	const customer = await customerWithUnpaidInvoice(page);
	await page.goto(`/office/payments/new?customerId=${customer.id}`);
	await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /RCP-/ })).toBeVisible();
	const receiptUrl = page.url();
	const invoiceLink = page.getByRole('article').getByRole('link', { name: /^INV-/ }).first();
	const invoiceNumber = (await invoiceLink.textContent())!.trim();

	// A paid invoice cannot be voided: the payment goes first.
	await invoiceLink.click();
	await page.getByRole('button', { name: 'Batalkan tagihan' }).click();
	const voidInvoice = page.getByRole('dialog', { name: 'Batalkan tagihan' });
	await voidInvoice.getByLabel(/^Alasan/).fill('Tagihan ganda');
	await voidInvoice.getByRole('button', { name: 'Batalkan tagihan' }).click();
	await expect(voidInvoice.getByRole('alert')).toHaveText('Tagihan yang sudah ada pembayarannya tidak bisa dibatalkan; batalkan pembayarannya dulu.');
	await voidInvoice.getByRole('button', { name: 'Tutup' }).click();
	await page.goto(receiptUrl);

	await page.getByRole('button', { name: 'Batalkan pembayaran' }).click();
	const dialog = page.getByRole('dialog', { name: 'Batalkan pembayaran' });
	await dialog.getByRole('button', { name: 'Batalkan pembayaran' }).click();
	await expect(dialog.getByText('Minimal 3 karakter.')).toBeVisible();
	await dialog.getByLabel(/^Alasan/).fill('Salah input nominal');
	await dialog.getByRole('button', { name: 'Batalkan pembayaran' }).click();

	await expect(page.getByText('DIBATALKAN', { exact: true })).toBeVisible();
	await expect(page.getByText(/Salah input nominal/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Batalkan pembayaran' })).toHaveCount(0);

	await invoiceLink.click();
	await expect(page.getByRole('heading', { level: 1, name: invoiceNumber })).toBeVisible();
	await expect(page.getByRole('definition').filter({ hasText: /^(Belum dibayar|Dibayar sebagian)/ })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Pembatalan' })).toBeVisible();
});

test('admin runs billing now and watches the run finish', async ({ page }) => {
	await signInAs(page, 'admin');
	await page.goto('/office/billing');
	const started = page.getByRole('status').filter({ hasText: /^Proses #\d+ dimulai\.$/ });
	// A scheduled tick may hold the task's lock for an instant; the button then answers "busy".
	await expect(async () => {
		await page.getByRole('button', { name: 'Jalankan penagihan sekarang' }).click();
		await expect(started).toBeVisible({ timeout: 2_000 });
	}).toPass();
	const runId = (await started.textContent())!.match(/#(\d+)/)![1];
	const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: `#${runId}`, exact: true }) });
	await expect(row).toContainText('Penagihan');
	await expect(row).toContainText('Selesai');
	await expect(row).toContainText('Manual');

	const lead = page.getByLabel('Tagihan terbit (hari sebelum periode mulai)');
	const leadDays = await lead.inputValue();
	await lead.fill('99');
	await page.getByRole('button', { name: 'Simpan aturan' }).click();
	await expect(lead).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('#rule-invoiceLeadDays-error')).toBeVisible();
	await lead.fill(leadDays);
	await page.getByRole('button', { name: 'Simpan aturan' }).click();
	await expect(page.getByText('Aturan penagihan disimpan.')).toBeVisible();
});

test('office adds a subscription, isolates, restores and terminates it', async ({ page }) => {
	await signInAs(page, 'office');
	const customer = await customerWithUnpaidInvoice(page);
	await page.goto(`/office/customers/${customer.id}/subscriptions/new`);
	await page.getByLabel('Paket').selectOption({ label: 'Hemat 5 Mbps · Rp 100.000' });
	await page.getByRole('button', { name: 'Simpan langganan' }).click();
	await expect(page.getByText('Nama pengguna dan kata sandi layanan wajib untuk PPPoE/Hotspot.')).toBeVisible();

	const username = `e2e-${customer.code.toLowerCase()}-${test.info().retry}`;
	await page.getByLabel('Nama pengguna layanan').fill(username);
	await page.getByRole('button', { name: 'Buat acak' }).click();
	await expect(page.getByLabel('Kata sandi layanan')).toHaveValue(/^[a-z2-9]{10}$/);
	await page.getByRole('button', { name: 'Simpan langganan' }).click();
	await expect(page).toHaveURL(new RegExp(`/office/customers/${customer.id}$`));

	// Its first invoice is issued at once; the invoice leads to the subscription.
	await page.goto(`/office/invoices?search=${customer.code}&sort=issuedAt&dir=desc`);
	await page.getByRole('row').nth(1).getByRole('link').first().click();
	await page.getByRole('link', { name: username }).click();
	await expect(page.getByRole('heading', { level: 1, name: /Langganan/ })).toContainText('Aktif');

	await page.getByRole('button', { name: 'Isolir manual' }).click();
	const isolate = page.getByRole('dialog', { name: 'Isolir manual' });
	await isolate.getByLabel(/^Alasan/).fill('Permintaan pelanggan');
	await isolate.getByRole('button', { name: 'Isolir manual' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Diisolir');

	await page.getByRole('button', { name: 'Pulihkan' }).click();
	const restore = page.getByRole('dialog', { name: 'Pulihkan' });
	await restore.getByLabel(/^Alasan/).fill('Sudah janji bayar');
	await restore.getByLabel('Janji bayar sampai (opsional)').fill('2099-01-01');
	await restore.getByRole('button', { name: 'Pulihkan' }).click();
	await expect(restore.getByText('Janji bayar paling lambat 31 hari dari hari ini.')).toBeVisible();
	await restore.getByLabel('Janji bayar sampai (opsional)').fill('');
	await restore.getByRole('button', { name: 'Pulihkan' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Aktif');

	await page.getByRole('button', { name: 'Berhentikan langganan' }).click();
	const terminate = page.getByRole('dialog', { name: 'Berhentikan langganan' });
	await terminate.getByLabel(/^Alasan/).fill('Pindah rumah');
	await terminate.getByRole('button', { name: 'Lanjut' }).click();
	await expect(terminate.getByText(/tidak bisa dibatalkan/)).toBeVisible();
	await terminate.getByRole('button', { name: 'Ya, berhentikan' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Berhenti');
	await expect(page.getByRole('status').filter({ hasText: 'Langganan dihentikan.' })).toBeVisible();
});

test('a payment resent after a lost answer is recorded once', async ({ page }) => {
	await signInAs(page, 'office');
	const customer = await customerWithUnpaidInvoice(page);
	const before = await ledgerCount(page, customer.code);

	await page.goto(`/office/payments/new?customerId=${customer.id}`);
	await page.getByLabel('Jumlah diterima (Rp)').fill('50.000');
	// The server records the first submit, but its answer never reaches the browser.
	await page.route('**/api/trpc/payments.record*', async (route) => {
		await route.fetch();
		await route.abort('connectionreset');
	});
	await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
	await expect(page.getByRole('alert')).toContainText('tidak akan tercatat dua kali');
	await page.unroute('**/api/trpc/payments.record*');
	await page.getByRole('button', { name: 'Simpan pembayaran' }).click();
	await expect(page.getByRole('heading', { level: 1, name: /RCP-/ })).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Rp 50.000', exact: true }).last()).toBeVisible();

	expect(await ledgerCount(page, customer.code)).toBe(before + 1);
});

test('the invoice list filters, sorts and pages by keyset', async ({ page }) => {
	await signInAs(page, 'office');
	await page.goto('/office/invoices');
	const firstNumber = () => page.getByRole('row').nth(1).getByRole('link').first().textContent();
	const top = await firstNumber();
	await expect(page.getByText(/^Menampilkan 50 dari [\d.]+$/)).toBeVisible();

	await page.getByRole('link', { name: 'Berikutnya →' }).click();
	await expect(page).toHaveURL(/cursor=/);
	expect(await firstNumber()).not.toBe(top);
	await page.getByRole('link', { name: '← Sebelumnya' }).click();
	await expect(page.getByRole('link', { name: '← Sebelumnya' })).toHaveCount(0);
	expect(await firstNumber()).toBe(top);

	await page.getByRole('link', { name: 'Jumlah' }).click();
	await expect(page).toHaveURL(/sort=amount&dir=asc/);
	await expect(page.getByRole('columnheader', { name: /Jumlah/ })).toHaveAttribute('aria-sort', 'ascending');

	await page.getByLabel('Jatuh tempo').selectOption('overdue');
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect(page).toHaveURL(/due=overdue/);
	const rows = page.getByRole('row').filter({ has: page.getByRole('cell') });
	await expect(rows.first()).toBeVisible();
	for (const row of await rows.all()) await expect(row).toContainText('Terlambat');
});
