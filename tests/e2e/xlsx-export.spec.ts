/**
 * The Excel download beside the CSV on a report page: the workbook the browser saves holds the
 * same rows as the CSV of the same filter, money as rupiah-formatted numbers, Indonesian headers.
 * A refused filter says why in the page; a technician gets no workbook.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { signInAs, waitForHydration } from './helpers';
import { screenProblems, type ScreenProblem } from './screen-checks';

async function download(page: Page, link: string): Promise<Buffer> {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
	expect(file.suggestedFilename()).toMatch(link.includes('xlsx') ? /^lunas-revenue-\d{4}-\d{2}-\d{2}\.xlsx$/ : /\.csv$/);
	return readFile((await file.path())!);
}

test('the revenue report downloads as an Excel workbook holding the CSV’s rows', async ({ page }) => {
	test.setTimeout(120_000);
	await signInAs(page, 'admin');
	await page.goto('/office/reports/revenue');
	await expect(page.getByRole('heading', { level: 1, name: 'Pendapatan bulanan' })).toBeVisible();

	const xlsx = await download(page, 'Unduh Excel (.xlsx)');
	await expect(page.getByRole('status')).toHaveText('Excel selesai diunduh: 12 baris.');
	const csv = (await download(page, 'Unduh CSV')).toString('utf8').slice(1).trimEnd().split('\r\n').map((l) => l.split(','));

	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
	const sheet = workbook.getWorksheet('Pendapatan bulanan')!;
	expect(sheet.rowCount).toBe(13);
	expect(sheet.getRow(1).values).toEqual([undefined, ...csv[0]]);
	for (let r = 2; r <= 13; r++) {
		const row = sheet.getRow(r);
		const month = row.getCell(1).value as Date;
		expect(month.toISOString().slice(0, 7)).toBe(csv[r - 1][0]);
		for (let c = 2; c <= 8; c++) {
			expect(typeof row.getCell(c).value).toBe('number');
			expect(String(row.getCell(c).value)).toBe(csv[r - 1][c - 1]);
		}
		expect(row.getCell(7).numFmt).toContain('"Rp"');
	}

	// A filter the server refuses: the page says why, in words, and stays where it was.
	await page.goto('/office/reports/ledger?from=2026-11-20&to=2026-11-01');
	await page.getByRole('link', { name: 'Unduh Excel (.xlsx)' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'File Excel tidak dapat dibuat' })).toContainText('Tanggal akhir tidak boleh sebelum tanggal awal.');
	await expect(page).toHaveURL(/\/office\/reports\/ledger\?/);
});

test('a technician cannot download a workbook', async ({ page }) => {
	await signInAs(page, 'technician');
	const response = await page.request.get('/office/reports/export/ledger?format=xlsx', { maxRedirects: 0 });
	expect(response.status()).toBe(303);
	expect(response.headers()['content-type'] ?? '').not.toContain('spreadsheetml');
});

test('the two download buttons fit every report page on a 360 px phone, in both languages', async ({ page }) => {
	test.setTimeout(180_000);
	await page.setViewportSize({ width: 360, height: 800 });
	await signInAs(page, 'admin');
	const problems: ScreenProblem[] = [];
	const setLanguage = async (lang: 'id' | 'en') => {
		const response = await page.request.post('/lang', { form: { lang, next: '/office' }, headers: { origin: new URL(page.url()).origin }, maxRedirects: 0 });
		expect([200, 303]).toContain(response.status());
	};
	try {
		for (const [lang, name] of [
			['en', 'Download Excel (.xlsx)'],
			['id', 'Unduh Excel (.xlsx)']
		] as const) {
			await setLanguage(lang);
			for (const report of ['revenue', 'arrears', 'collectors', 'ledger']) {
				await page.goto(`/office/reports/${report}`);
				await waitForHydration(page);
				await expect(page.getByRole('link', { name })).toBeVisible();
				problems.push(...(await screenProblems(page, lang)));
			}
		}
	} finally {
		await setLanguage('id');
	}
	expect(problems).toEqual([]);
});
