import { expect, test } from '@playwright/test';
import { query, signInAs } from './helpers';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/lib/server/whatsapp-sim/index';

let sim: WhatsAppSimulator;
test.beforeAll(async () => {
	sim = await startWhatsAppSimulator({ fonnteToken: 'e2e-fonnte-token' });
});
test.afterAll(async () => {
	await sim?.close();
});

test('the admin sets up Fonnte, a test message reaches the (simulated) phone once, and the outbox shows it sent', async ({ page }) => {
	// Three saves of the long settings page and a worker round: beyond the default 30 s on a loaded machine.
	test.setTimeout(90_000);
	await signInAs(page, 'admin');
	await page.goto('/office/settings');
	const section = page.getByRole('region', { name: 'WhatsApp otomatis' });
	await section.getByLabel('Gateway').selectOption('fonnte');
	await section.getByLabel('Token').fill('e2e-fonnte-token');
	await section.getByLabel('Alamat API (opsional)').fill(sim.url);
	await section.getByRole('button', { name: 'Simpan' }).click();
	await expect(section.getByRole('status')).toHaveText('Tersimpan.');
	// The token is never sent back to the page.
	expect(await page.content()).not.toContain('e2e-fonnte-token');
	await expect(section.getByText('Tersimpan — isi hanya untuk mengganti')).toBeVisible();

	// A landline cannot receive WhatsApp: refused at the field, nothing queued.
	await section.getByLabel('Nomor WhatsApp tujuan').fill('021 555 1234');
	await section.getByRole('button', { name: 'Kirim pesan uji' }).click();
	await expect(section.getByText('Bukan nomor WhatsApp yang valid')).toBeVisible();
	expect(await query("SELECT id FROM wa_messages WHERE kind = 'test'")).toHaveLength(0);

	await section.getByLabel('Nomor WhatsApp tujuan').fill('0812 3456 7890');
	await section.getByRole('button', { name: 'Kirim pesan uji' }).click();
	await expect(section.getByRole('status').filter({ hasText: 'masuk antrean' })).toBeVisible();
	await expect.poll(() => sim.delivered.length, { timeout: 15_000 }).toBe(1);
	expect(sim.delivered[0]).toMatchObject({ gateway: 'fonnte', to: '6281234567890' });

	await page.goto('/office/whatsapp?kind=test');
	const row = page.getByRole('row').filter({ hasText: '+6281234567890' });
	await expect(row.getByText('Terkirim').first()).toBeVisible({ timeout: 15_000 });
	await page.screenshot({ path: test.info().outputPath('whatsapp-outbox.png'), fullPage: true });
	expect(sim.delivered).toHaveLength(1);

	// Back to links only, as the other specs expect.
	await page.goto('/office/settings');
	await section.getByLabel('Gateway').selectOption('links');
	await section.getByRole('button', { name: 'Simpan' }).click();
	await expect(section.getByRole('status')).toHaveText('Tersimpan.');
});

test('the admin sets quiet hours across midnight and writes to customers in English', async ({ page }) => {
	test.setTimeout(90_000);
	await signInAs(page, 'admin');
	await page.goto('/office/settings');
	const quiet = page.getByRole('region', { name: 'Jam tenang' });
	await expect(quiet.getByLabel('Mulai')).toHaveValue('21:00');
	await quiet.getByLabel('Mulai').fill('22:00');
	await quiet.getByLabel('Selesai').fill('22:00');
	await quiet.getByRole('button', { name: 'Simpan jam tenang' }).click();
	await expect(quiet.getByText('Jam selesai harus berbeda dari jam mulai.').first()).toBeVisible();
	await quiet.getByLabel('Selesai').fill('06:00');
	await quiet.getByRole('button', { name: 'Simpan jam tenang' }).click();
	await expect(quiet.getByRole('status')).toHaveText('Jam tenang disimpan.');
	const [stored] = await query<{ value: unknown }>("SELECT value FROM settings WHERE `key` = 'whatsapp.quietHours'");
	expect(typeof stored.value === 'string' ? JSON.parse(stored.value) : stored.value).toEqual({ enabled: true, start: '22:00', end: '06:00' });

	// The customer-message language: the untouched templates become the English defaults, the preview follows.
	const templates = page.getByRole('region', { name: 'Template pesan' });
	await templates.getByLabel('Bahasa pesan ke pelanggan').selectOption('en');
	// The preview is a real customer's newest bill.
	await expect(templates.getByText(/^Pratinjau untuk .+ \(.+\), tagihan terbarunya$/).first()).toBeVisible();
	await expect(templates.locator('[data-customer-text]').first()).toContainText(/^Dear .+ \(.+\),\nyour /);
	await templates.getByRole('button', { name: 'Simpan template' }).click();
	await expect(templates.getByRole('status')).toHaveText('Tersimpan.');
	await page.reload();
	await expect(page.getByRole('region', { name: 'Jam tenang' }).getByLabel('Selesai')).toHaveValue('06:00');
	await expect(templates.getByLabel('Bahasa pesan ke pelanggan')).toHaveValue('en');
	await expect(templates.locator('[data-customer-text]').first()).toContainText(/^Dear /);

	// Back to the defaults the other specs expect.
	await templates.getByLabel('Bahasa pesan ke pelanggan').selectOption('id');
	await expect(templates.locator('[data-customer-text]').first()).toContainText(/^Yth\. /);
	await templates.getByRole('button', { name: 'Simpan template' }).click();
	await expect(templates.getByRole('status')).toHaveText('Tersimpan.');
	await quiet.getByLabel('Mulai').fill('21:00');
	await quiet.getByLabel('Selesai').fill('07:00');
	await quiet.getByRole('button', { name: 'Simpan jam tenang' }).click();
	await expect(quiet.getByRole('status')).toHaveText('Jam tenang disimpan.');
});
