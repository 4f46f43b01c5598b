import { expect, test, type Page } from '@playwright/test';
import { DEMO_USERS } from '../../src/lib/server/demo/seed';
import type { Role } from '../../src/lib/shared/domain';
import { demoUser, query } from './helpers';

async function signIn(page: Page, role: Role) {
	const user = DEMO_USERS.find((u) => u.role === role)!;
	await page.goto('/login');
	await page.getByLabel('Nama pengguna').fill(user.username);
	await page.getByLabel('Kata sandi').fill(user.password);
	await page.getByRole('button', { name: 'Masuk' }).click();
	await expect(page.getByText(`Masuk sebagai ${user.name}`)).toBeVisible();
}

/** Unique per run: the e2e database outlives a run unless it is dropped. */
const run = Date.now().toString(36);

test('the office adds a customer, finds it, opens it and edits the address', async ({ page }) => {
	const name = `Sri Wahyuningsih ${run}`;
	await signIn(page, 'office');
	await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Pelanggan' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Pelanggan' })).toBeVisible();
	await page.getByRole('link', { name: 'Tambah pelanggan' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Tambah pelanggan' })).toBeVisible();

	await page.getByLabel('Nama', { exact: true }).fill(name);
	await page.getByLabel('Nomor HP (WhatsApp)').fill('12345');
	await page.getByLabel('Alamat').fill('Jl. Gatot Subroto No. 17, RT 03/RW 02');
	await page.getByLabel('Area').selectOption({ label: 'Teluk' });
	await page.getByRole('button', { name: 'Simpan pelanggan' }).click();

	const phone = page.getByLabel('Nomor HP (WhatsApp)');
	await expect(page.getByRole('alert')).toHaveText('Periksa isian yang ditandai.');
	await expect(page.locator('#customer-phone-error')).toHaveText('Nomor HP tidak valid. Contoh: 081234567890 atau +62 812-3456-7890.');
	await expect(phone).toHaveAttribute('aria-invalid', 'true');
	await expect(page).toHaveURL(/\/office\/customers\/new$/);

	await phone.fill('+62 812-3456-7001');
	await page.getByRole('button', { name: 'Simpan pelanggan' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	await expect(page).toHaveURL(/\/office\/customers\/[0-9a-f-]{36}$/);
	const details = page.getByRole('region', { name: 'Data pelanggan' });
	await expect(details.getByText('0812-3456-7001')).toBeVisible();
	await expect(details.getByText('Teluk')).toBeVisible();
	const code = (await details.locator('dd').first().textContent())!.trim();
	expect(code).toMatch(/^C\d{6}$/);

	// Only the one good submit made a customer: the search finds exactly one.
	await page.goto('/office/customers');
	await page.getByRole('searchbox', { name: 'Cari' }).fill(`wahyuningsih ${run}`);
	await page.getByRole('button', { name: 'Cari' }).click();
	await expect(page.getByText('Menampilkan 1 dari 1')).toBeVisible();
	const row = page.getByRole('row', { name: new RegExp(code) });
	await expect(row).toContainText('Teluk');
	await page.getByRole('searchbox', { name: 'Cari' }).fill(code);
	await page.getByRole('button', { name: 'Cari' }).click();
	await expect(page.getByText('Menampilkan 1 dari 1')).toBeVisible();
	await page.getByRole('link', { name }).click();

	await expect(page.getByRole('region', { name: 'Langganan' })).toContainText('Belum ada langganan.');
	await expect(page.getByRole('region', { name: 'Tagihan terbuka' })).toContainText('Tidak ada tagihan terbuka.');
	await page.getByRole('link', { name: 'Ubah pelanggan' }).click();
	await expect(page.getByLabel('Nomor HP (WhatsApp)')).toHaveValue('081234567001');
	await page.getByLabel('Alamat').fill('Perum Griya Satria Blok C-9, Teluk');
	await page.getByRole('button', { name: 'Simpan perubahan' }).click();

	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Data pelanggan' })).toContainText('Perum Griya Satria Blok C-9, Teluk');
	const history = page.getByRole('region', { name: 'Riwayat perubahan' });
	await expect(history.getByText('Data pelanggan diubah', { exact: true })).toBeVisible();
	await expect(history.getByText('Perum Griya Satria Blok C-9, Teluk')).toBeVisible();
});

test('a package with a negative or ambiguous price is refused under the price field', async ({ page }) => {
	const name = `Uji ${run} 15 Mbps`;
	await signIn(page, 'office');
	await page.goto('/office/packages');
	const form = page.getByRole('region', { name: 'Tambah paket' });
	await form.getByLabel('Nama paket').fill(name);
	await form.getByLabel('Harga per bulan').fill('-5000');
	await form.getByLabel('Profil router').fill('uji-15m');
	await form.getByLabel('Rate limit').fill('15M/15M');
	await form.getByRole('button', { name: 'Tambah paket' }).click();

	await expect(form.getByRole('alert')).toHaveText('Periksa isian yang ditandai.');
	await expect(form.getByText('“-5000” negatif; jumlah tidak boleh kurang dari Rp 0.')).toBeVisible();
	await expect(form.getByLabel('Harga per bulan')).toHaveAttribute('aria-invalid', 'true');
	// It was saved as Rp 150 before there was one reader: now both readings are named and nothing is saved.
	await form.getByLabel('Harga per bulan').fill('150,000');
	await form.getByRole('button', { name: 'Tambah paket' }).click();
	await expect(form.getByText('“150,000” bisa dibaca Rp 150.000 (koma pemisah ribuan) atau Rp 150 (koma desimal).', { exact: false })).toBeVisible();
	await expect(page.getByRole('cell', { name, exact: true })).toHaveCount(0);

	await form.getByLabel('Harga per bulan').fill('175rb');
	await expect(form.getByText('= Rp 175.000')).toBeVisible();
	await form.getByRole('button', { name: 'Tambah paket' }).click();
	await expect(page.getByRole('status')).toHaveText(`Paket ${name} ditambahkan.`);
	await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Rp 175.000');
});

test('the customer list speaks English after the language switch', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/office/customers');
	await page.getByLabel('Bahasa').selectOption('en');
	await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Add customer' })).toBeVisible();
	await expect(page.getByRole('columnheader', { name: 'Owed' })).toBeVisible();
	// Saved as the user's setting (me.setLanguage), so it follows them to another browser.
	const languageOf = async () => (await query<{ language: string }>('SELECT language FROM users WHERE username = ?', [demoUser('admin').username]))[0].language;
	expect(await languageOf()).toBe('en');
	await page.getByLabel('Language').selectOption('id');
	await expect(page.getByRole('heading', { level: 1, name: 'Pelanggan' })).toBeVisible();
	expect(await languageOf()).toBe('id');
});
