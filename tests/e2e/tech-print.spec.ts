/**
 * Issue #15, everyday tools 4: the field kuitansi goes to a cheap Bluetooth thermal printer as
 * ESC/POS through the RawBT app's intent link, made on the phone (so it prints offline), with the
 * browser's print kept beside it. The link is read and decoded, never followed: there is no RawBT
 * in the test browser.
 */
import { expect, test, type Locator } from '@playwright/test';
import { query } from './helpers';
import { arrangeOwing, recordCash, setUpPhone, syncBar } from './phone';

const INTENT = /^intent:base64,([A-Za-z0-9+/=]+)#Intent;scheme=rawbt;package=ru\.a402d\.rawbtprinter;end;$/;

/** What the RawBT link hands the printer, one character per byte. */
async function printed(link: Locator): Promise<string> {
	const href = (await link.getAttribute('href')) ?? '';
	const data = INTENT.exec(href);
	expect(data, `a RawBT intent link: ${href.slice(0, 80)}`).not.toBeNull();
	return Buffer.from(data![1], 'base64').toString('latin1');
}

/** The printed text lines between ESC @ and the final feed and cut, commands taken out. */
function paperLines(bytes: string): string[] {
	expect(bytes.startsWith('\x1b@')).toBe(true);
	expect(bytes.endsWith('\x1bd\x04\x1dVB\x00')).toBe(true);
	return bytes
		.slice(2, -7)
		.replace(/\x1b[aE][\x00\x01]/g, '')
		.split('\n')
		.slice(0, -1);
}

test('the kuitansi prints through RawBT offline, with the receipt number once synced, on 58 or 80 mm paper', async ({ page, context, browser }) => {
	test.setTimeout(120_000);
	const [customer] = await arrangeOwing(browser, 1);
	const rupiah = `Rp ${customer.owed.toLocaleString('de-DE')}`;
	await setUpPhone(page);

	await context.setOffline(true);
	const paymentId = await recordCash(page, customer.customerId, { amount: customer.owed });
	const link = page.getByRole('link', { name: 'Cetak ke printer Bluetooth (RawBT)' });
	await expect(link).toBeVisible();
	await expect(page.getByText('Kertas 58 mm, lewat aplikasi RawBT')).toBeVisible();
	// The browser's print stays as the fallback.
	await expect(page.getByRole('button', { name: 'Cetak lewat browser' })).toBeVisible();

	await page.screenshot({ path: test.info().outputPath('kuitansi-rawbt.png'), fullPage: true });
	const offline = paperLines(await printed(link));
	expect(offline.every((l) => l.length <= 32), offline.join('\n')).toBe(true);
	expect(offline).toContain('KUITANSI');
	expect(offline).toContain('(nomor kuitansi menyusul setelah');
	const localRef = (await page.getByRole('article').locator('dt:has-text("Ref. HP") + dd').textContent())!.trim();
	expect(offline).toContain(`Ref. HP${' '.repeat(32 - 7 - localRef.length)}${localRef}`);
	expect(offline).toContain(`Total dibayar${' '.repeat(32 - 13 - rupiah.length)}${rupiah}`);
	expect(offline.filter((l) => l.endsWith(rupiah)).length).toBe(2); // the invoice's line and the total
	expect(offline).toContain('-'.repeat(32));

	await context.setOffline(false);
	await expect(syncBar(page).getByText('Semua terkirim')).toBeVisible({ timeout: 20_000 });
	const [row] = await query<{ receiptNumber: string }>('SELECT receipt_number AS receiptNumber FROM payments WHERE id = ?', [paymentId]);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(row.receiptNumber);
	const synced = paperLines(await printed(link));
	expect(synced.some((l) => l.trim() === `KUITANSI ${row.receiptNumber}`), synced.join('\n')).toBe(true);
	expect(synced.some((l) => l.includes('menyusul'))).toBe(false);

	// 80 mm paper, chosen on the device page and kept on the phone: 48 columns.
	await page.goto('/tech/device');
	await page.getByLabel('Kertas printer kuitansi').selectOption('80');
	await page.screenshot({ path: test.info().outputPath('device-printer.png'), fullPage: true });
	await page.goto(`/tech/receipt/${paymentId}`);
	await expect(page.getByText('Kertas 80 mm, lewat aplikasi RawBT')).toBeVisible();
	const wide = paperLines(await printed(link));
	expect(wide.every((l) => l.length <= 48), wide.join('\n')).toBe(true);
	expect(wide).toContain('-'.repeat(48));
	expect(wide).toContain(`Total dibayar${' '.repeat(48 - 13 - rupiah.length)}${rupiah}`);
	expect(wide.some((l) => l.trim() === `KUITANSI ${row.receiptNumber}`)).toBe(true);
});
