/**
 * A walk through the office as the admin: the dashboard's tiles and charts, a report and its CSV
 * download (read back and checked), the ledger export, the audit log, and the language switch
 * there and back. Screenshots of the main pages are kept as test artifacts.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { query, signInAs, waitForHydration } from './helpers';
import { screenProblems, type ScreenProblem } from './screen-checks';

async function shot(page: Page, name: string) {
	await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

async function download(page: Page, link: string): Promise<string> {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
	return readFile((await file.path())!, 'utf8');
}

test('the office at a glance: dashboard, reports with CSV, audit log, language', async ({ page }) => {
	// A walk over six pages and two downloads: more than the default 30 s on a busy CI machine.
	test.setTimeout(120_000);
	await signInAs(page, 'admin');
	await page.goto('/office');
	await expect(page.getByRole('heading', { level: 1, name: 'Kantor' })).toBeVisible();
	const tiles = page.getByRole('region', { name: 'Ringkasan' });
	for (const label of ['Langganan aktif', 'Online sekarang', 'Diisolir', 'Total belum dibayar', 'Terkumpul bulan ini']) {
		await expect(tiles.getByText(label, { exact: true })).toBeVisible();
	}
	for (const chart of ['Pendapatan per bulan', 'Penerimaan bulan ini per cara bayar', 'Umur tunggakan', 'Langganan baru dan berhenti per bulan']) {
		await expect(page.getByRole('img', { name: chart })).toBeVisible();
	}
	await expect(page.getByRole('heading', { name: 'Kondisi router' })).toBeVisible();
	// What waits for a person, each tile a link to the list that shows them.
	const attention = page.getByRole('region', { name: 'Perlu perhatian' });
	await expect(attention.getByRole('link', { name: /Pembayaran perlu dicek/ })).toHaveAttribute('href', '/office/payments?flagged=1');
	await expect(attention.getByRole('link', { name: /Setoran menunggu konfirmasi/ })).toHaveAttribute('href', '/office/handovers?status=pending');
	await expect(attention.getByRole('link', { name: /Operasi HP ditolak/ })).toHaveAttribute('href', '/office/sync');
	await expect(tiles.getByRole('link', { name: /Diisolir/ })).toHaveAttribute('href', '/office/reminders/isolated');
	await shot(page, 'dashboard');
	await attention.getByRole('link', { name: /Pembayaran perlu dicek/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Pembayaran' })).toBeVisible();
	await expect(page.getByLabel('Perlu dicek')).toHaveValue('1');
	await page.goto('/office');

	// Monthly revenue: the CSV carries the BOM, Indonesian headers and twelve months of plain rupiah.
	await page.getByRole('link', { name: 'Laporan', exact: true }).click();
	await page.getByRole('link', { name: 'Pendapatan bulanan' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Pendapatan bulanan' })).toBeVisible();
	await shot(page, 'report-revenue');
	const revenue = await download(page, 'Unduh CSV');
	// With JavaScript the page fetched the file itself, counting rows against the server's total.
	await expect(page.getByRole('status')).toHaveText('CSV selesai diunduh: 12 baris.');
	expect(revenue.charCodeAt(0)).toBe(0xfeff);
	const lines = revenue.slice(1).trimEnd().split('\r\n');
	expect(lines[0]).toBe('Bulan,Tunai,Transfer bank,Online (Midtrans),Diterima,Dibatalkan,Bersih,Jumlah pembayaran');
	expect(lines).toHaveLength(13);
	for (const line of lines.slice(1)) expect(line).toMatch(/^\d{4}-\d{2}(,-?\d+){7}$/);
	// What the CSV says for the months matches what the page shows in its total row.
	const net = lines.slice(1).reduce((s, l) => s + Number(l.split(',')[6]), 0);
	const shownNet = (await page.getByRole('row').last().getByRole('cell').nth(5).innerText()).replace(/[^\d-]/g, '');
	expect(Number(shownNet)).toBe(net);

	// The ledger streams; its rows carry receipt numbers and whole-rupiah amounts.
	await page.goto('/office/reports/ledger');
	await expect(page.getByRole('heading', { level: 1, name: 'Buku pembayaran' })).toBeVisible();
	await shot(page, 'report-ledger');
	const ledger = await download(page, 'Unduh CSV');
	await expect(page.getByRole('status')).toHaveText(/^CSV selesai diunduh: [\d.]+ baris\.$/);
	const ledgerLines = ledger.slice(1).trimEnd().split('\r\n');
	expect(ledgerLines[0]).toMatch(/^Waktu diterima,Kuitansi,Kode pelanggan,Pelanggan,Area,/);
	expect(ledgerLines.slice(1).some((l) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2},RCP-\d{6}-\d{6},/.test(l))).toBe(true);

	// A filter the server refuses: the page says why instead of opening an error page.
	await page.goto('/office/reports/ledger?from=2026-11-20&to=2026-11-01');
	await page.getByRole('link', { name: 'Unduh CSV' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'CSV tidak dapat dibuat' })).toContainText('Tanggal akhir tidak boleh sebelum tanggal awal.');
	await expect(page).toHaveURL(/\/office\/reports\/ledger\?/);

	await page.getByRole('navigation', { name: 'Menu' }).getByRole('button', { name: 'Admin' }).click();
	await page.getByRole('link', { name: 'Log audit' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Log audit' })).toBeVisible();
	await expect(page.getByRole('search', { name: 'Log audit' }).or(page.getByRole('form', { name: 'Log audit' }))).toBeVisible();
	await shot(page, 'audit-log');

	await page.goto('/office');
	await page.getByLabel('Bahasa').selectOption('en');
	await expect(page.getByRole('heading', { level: 1, name: 'Office' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Summary' }).getByText('Online now')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Reports', exact: true })).toBeVisible();
	await shot(page, 'dashboard-en');
	await page.getByLabel('Language').selectOption('id');
	await expect(page.getByRole('heading', { level: 1, name: 'Kantor' })).toBeVisible();
});

test('a technician cannot download a report', async ({ page }) => {
	await signInAs(page, 'technician');
	// The office guard sends a technician home instead of serving the file.
	const response = await page.request.get('/office/reports/export/ledger', { maxRedirects: 0 });
	expect(response.status()).toBe(303);
	expect(response.headers()['location']).toBe('/tech');
	expect(response.headers()['content-type'] ?? '').not.toContain('text/csv');
});

/** Every office page, the dynamic ones opened on a row of the seeded demo ISP. */
async function officePages(): Promise<string[]> {
	const one = async (sql: string) => (await query<{ id: string }>(sql))[0]?.id;
	const customer = await one("SELECT id FROM customers WHERE deleted_at IS NULL AND status = 'active' ORDER BY code LIMIT 1");
	const invoice = await one("SELECT id FROM invoices WHERE deleted_at IS NULL AND status IN ('unpaid', 'partial') ORDER BY period_start DESC LIMIT 1");
	const payment = await one('SELECT id FROM payments WHERE voids_payment_id IS NULL AND amount > 0 ORDER BY received_at DESC LIMIT 1');
	const subscription = await one("SELECT id FROM subscriptions WHERE status = 'active' ORDER BY created_at LIMIT 1");
	const router = await one('SELECT id FROM routers WHERE deleted_at IS NULL ORDER BY name LIMIT 1');
	return [
		'/office', '/office/customers', `/office/customers/${customer}`, `/office/customers/${customer}/edit`,
		`/office/customers/${customer}/subscriptions/new`, '/office/customers/new', '/office/customers/import', `/office/subscriptions/${subscription}`,
		'/office/invoices', `/office/invoices/${invoice}`, '/office/invoices/print', '/office/payments', '/office/payments/new',
		`/office/payments/${payment}/receipt`, '/office/billing', '/office/reminders', '/office/reminders/isolated', '/office/whatsapp',
		'/office/handovers', '/office/sync', '/office/routers', `/office/routers/${router}`, `/office/routers/${router}/drift`,
		`/office/routers/${router}/edit`, `/office/routers/${router}/import`, `/office/routers/${router}/isolir-script`, '/office/routers/new',
		'/office/router-jobs', '/office/packages', '/office/areas', '/office/reports', '/office/reports/revenue', '/office/reports/arrears',
		'/office/reports/collectors', '/office/reports/ledger', '/office/settings', '/office/staff', '/office/audit'
	];
}

async function setLanguage(page: Page, lang: 'id' | 'en') {
	const origin = new URL(page.url()).origin;
	// The form action answers a non-HTML request with its redirect as JSON (200), a browser's with 303.
	const response = await page.request.post('/lang', { form: { lang, next: '/office' }, headers: { origin }, maxRedirects: 0 });
	expect([200, 303]).toContain(response.status());
}

for (const width of [1366, 360]) {
	for (const lang of ['id', 'en'] as const) {
		test(`every office page at ${width} px in '${lang}': no sideways page, no library text, no other language's words`, async ({ page }) => {
			test.setTimeout(300_000);
			await page.setViewportSize({ width, height: 800 });
			await signInAs(page, 'admin');
			const problems: ScreenProblem[] = [];
			try {
				await setLanguage(page, lang);
				for (const path of await officePages()) {
					const response = await page.goto(path);
					expect(response?.status(), path).toBeLessThan(400);
					await waitForHydration(page);
					problems.push(...(await screenProblems(page, lang)));
				}
			} finally {
				await setLanguage(page, 'id');
			}
			expect(problems).toEqual([]);
		});
	}
}
