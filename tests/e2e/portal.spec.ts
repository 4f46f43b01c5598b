import { expect, test, type Browser } from '@playwright/test';
import { query, readRouterPassword, signInAs } from './helpers';
import { arrangeOwing } from './phone';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/lib/server/whatsapp-sim/index';

/**
 * The customer portal on a phone: a customer signs in with a code the (simulated) WhatsApp
 * gateway delivered, sees what they owe, reports a problem the office then lists, and changes
 * the PPPoE password until the (simulated) router has it.
 */
let sim: WhatsAppSimulator;

async function setGateway(browser: Browser, kind: 'fonnte' | 'links') {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signInAs(page, 'admin');
	await page.goto('/office/settings');
	const section = page.getByRole('region', { name: 'WhatsApp otomatis' });
	await section.getByLabel('Gateway').selectOption(kind);
	if (kind === 'fonnte') {
		await section.getByLabel('Token').fill('e2e-portal-token');
		await section.getByLabel('Alamat API (opsional)').fill(sim.url);
	}
	await section.getByRole('button', { name: 'Simpan' }).click();
	await expect(section.getByRole('status')).toHaveText('Tersimpan.');
	await context.close();
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	sim = await startWhatsAppSimulator({ fonnteToken: 'e2e-portal-token' });
	await setGateway(browser, 'fonnte');
});
test.afterAll(async ({ browser }) => {
	test.setTimeout(120_000);
	// Back to links only, as the other specs expect.
	await setGateway(browser, 'links');
	await sim?.close();
});

test('a customer signs in with a WhatsApp code, sees the invoices, reports a problem and changes the PPPoE password', async ({ browser }) => {
	test.setTimeout(180_000);
	// A customer of its own, on the RouterOS 6 demo router (the pre-6.43 login path): earlier specs
	// pay the seed's debts and add subscriptions to seed customers, so a seed customer may owe
	// nothing or have a second line by the time this runs.
	const [router] = await query<{ id: string }>("SELECT id FROM routers WHERE name = 'Router Utama'");
	const [owing] = await arrangeOwing(browser, 1, { routerId: router.id });
	const [customer] = await query<{ id: string; phone: string; name: string; subscription_id: string; owed: number }>(
		`SELECT c.id, c.phone, c.name, ? AS subscription_id, COUNT(i.id) AS owed
		 FROM customers c JOIN invoices i ON i.customer_id = c.id AND i.status IN ('unpaid', 'partial') AND i.deleted_at IS NULL
		 WHERE c.id = ? GROUP BY c.id`,
		[owing.subscriptionId, owing.customerId]
	);
	await expect
		.poll(async () => (await query<{ status: string }>("SELECT status FROM router_jobs WHERE subscription_id = ? ORDER BY id LIMIT 1", [owing.subscriptionId]))[0]?.status, {
			message: 'the new line is provisioned on Router Utama',
			timeout: 30_000
		})
		.toBe('done');
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const page = await context.newPage();

	// Nothing below /pelanggan without signing in.
	await page.goto('/pelanggan/sandi');
	await expect(page).toHaveURL(/\/pelanggan$/);

	const delivered = sim.delivered.length;
	await page.getByLabel('Nomor WhatsApp').fill(customer.phone);
	await page.getByRole('button', { name: 'Kirim kode' }).click();
	await expect(page.getByRole('status')).toContainText('kode sudah dikirim');
	await expect.poll(() => sim.delivered.length, { timeout: 20_000 }).toBe(delivered + 1);
	const message = sim.delivered[delivered];
	expect(message.to).toBe(`62${customer.phone.slice(1)}`);
	const code = /\b(\d{6})\b/.exec(message.body)![1];

	// A wrong code first: refused in words, still on the code step.
	await page.getByLabel('Kode 6 angka').fill(code === '000000' ? '111111' : '000000');
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page.getByRole('alert')).toHaveText('Kode salah atau sudah kedaluwarsa. Minta kode baru bila perlu.');
	await page.getByLabel('Kode 6 angka').fill(code);
	await page.getByRole('button', { name: 'Masuk' }).click();

	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Halo, ${customer.name}`);
	await expect(page.getByTestId('invoice')).toHaveCount(Number(customer.owed));
	await expect(page.getByTestId('invoice').first()).toContainText(/Rp\s?\d{1,3}(\.\d{3})+/);
	// No app bundle: the portal is server-rendered only.
	expect(await page.locator('script[src]').count()).toBe(0);
	const cookie = (await context.cookies()).find((c) => c.name === 'lunas_portal');
	expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/pelanggan' });
	// The customer's cookie opens nothing in the office.
	const office = await page.request.get('/office', { maxRedirects: 0 });
	expect(office.status()).toBe(303);
	expect(office.headers().location).toMatch(/^\/login/);

	await page.getByRole('link', { name: 'Laporkan gangguan' }).click();
	await page.getByLabel('Jenis masalah').selectOption('slow');
	await page.getByLabel('Ceritakan masalahnya').fill('Internet lambat setiap malam sejak hujan');
	await page.getByRole('button', { name: 'Kirim laporan' }).click();
	await expect(page.getByRole('status')).toHaveText('Laporan terkirim. Kantor akan menindaklanjuti.');
	await expect(page.getByTestId('ticket').first()).toContainText('Internet lambat setiap malam sejak hujan');

	await page.goto('/pelanggan');
	await page.getByRole('link', { name: 'Ganti sandi' }).click();
	await page.getByLabel('Sandi baru', { exact: true }).fill('pendek');
	await page.getByLabel('Ulangi sandi baru').fill('pendek');
	await page.getByRole('button', { name: 'Simpan sandi' }).click();
	await expect(page.getByText('8–32 karakter: huruf, angka atau tanda baca, tanpa spasi atau tanda kutip.').last()).toBeVisible();
	await page.getByLabel('Layanan').selectOption(customer.subscription_id);
	const newPassword = `Portal-${Date.now().toString(36)}`;
	await page.getByLabel('Sandi baru', { exact: true }).fill(newPassword);
	await page.getByLabel('Ulangi sandi baru').fill(newPassword);
	await page.getByRole('button', { name: 'Simpan sandi' }).click();
	await expect(page.getByTestId('password-progress')).toHaveText('Selesai: router sudah memakai sandi baru. Isi sandi baru di modem Anda.', { timeout: 30_000 });
	// The router has it: read over a new API connection, as the customer's modem will log in.
	expect(await readRouterPassword(customer.subscription_id)).toBe(newPassword);
	await page.screenshot({ path: test.info().outputPath('portal-password.png'), fullPage: true });

	// Signed out, the same cookie value replayed opens nothing.
	const token = (await context.cookies()).find((c) => c.name === 'lunas_portal')!.value;
	await page.getByRole('button', { name: 'Keluar' }).click();
	await expect(page.getByRole('button', { name: 'Kirim kode' })).toBeVisible();
	await context.addCookies([{ name: 'lunas_portal', value: token, domain: '127.0.0.1', path: '/pelanggan' }]);
	await page.goto('/pelanggan/lapor');
	await expect(page).toHaveURL(/\/pelanggan$/);
	await context.close();

	// The office lists the report.
	const staff = await browser.newContext();
	const officePage = await staff.newPage();
	await signInAs(officePage, 'office');
	await officePage.goto('/office/tickets');
	await expect(officePage.getByRole('row').filter({ hasText: 'Internet lambat setiap malam sejak hujan' })).toContainText(customer.name);
	await staff.close();
});
