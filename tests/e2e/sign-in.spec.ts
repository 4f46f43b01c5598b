import { expect, test } from '@playwright/test';
import { DEMO_USERS } from '../../src/lib/server/demo/seed';
import { demoUser } from './helpers';

const home: Record<string, { path: string; heading: RegExp }> = {
	admin: { path: '/office', heading: /^Kantor$/ },
	office: { path: '/office', heading: /^Kantor$/ },
	// The technician lands on the phone app's route of customers owing money.
	technician: { path: '/tech', heading: /^Rute hari ini$/ }
};

for (const user of DEMO_USERS) {
	test(`${user.role} signs in and lands on their home page`, async ({ page, context }) => {
		await page.goto('/');
		await expect(page).toHaveURL(/\/login$/);
		await page.getByLabel('Nama pengguna').fill(user.username);
		await page.getByLabel('Kata sandi').fill(user.password);
		await page.getByRole('button', { name: 'Masuk' }).click();

		await expect(page.getByRole('heading', { level: 1, name: home[user.role].heading })).toBeVisible();
		expect(new URL(page.url()).pathname).toBe(home[user.role].path);
		await expect(page.getByText(`Masuk sebagai ${user.name}`)).toBeVisible();

		const cookie = (await context.cookies()).find((c) => c.name === 'lunas_session');
		expect(cookie?.httpOnly).toBe(true);
		expect(cookie?.sameSite).toBe('Lax');

		// Only the admin is offered staff management, in the menu's Admin group; the technician gets
		// the phone app's menu. Counted with the closed group's links too, so none is merely hidden.
		const isAdmin = user.role === 'admin';
		await expect(page.getByRole('link', { name: 'Staf', includeHidden: true })).toHaveCount(isAdmin ? 1 : 0);
		if (isAdmin) {
			await page.getByRole('navigation', { name: 'Menu' }).getByRole('button', { name: 'Admin' }).click();
			await expect(page.getByRole('link', { name: 'Staf' })).toBeVisible();
		}
		await expect(page.getByRole('navigation', { name: 'Menu teknisi' })).toHaveCount(user.role === 'technician' ? 1 : 0);

		await page.getByRole('button', { name: 'Keluar' }).click();
		await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
		await page.goto(home[user.role].path);
		await expect(page).toHaveURL(/\/login\?next=/);
	});
}

test('a wrong password shows an error and gives no session', async ({ page, context }) => {
	const admin = demoUser('admin');
	await page.goto('/login');
	await page.getByLabel('Nama pengguna').fill(admin.username);
	await page.getByLabel('Kata sandi').fill('definitely-wrong');
	await page.getByRole('button', { name: 'Masuk' }).click();

	await expect(page.getByRole('alert')).toHaveText('Nama pengguna atau kata sandi salah.');
	expect((await context.cookies()).some((c) => c.name === 'lunas_session')).toBe(false);
	await page.goto('/office');
	await expect(page).toHaveURL(/\/login\?next=%2Foffice/);
});

test('a forged session cookie counts as signed out', async ({ page, context, baseURL }) => {
	await context.addCookies([{ name: 'lunas_session', value: 'A'.repeat(43), url: baseURL! }]);
	await page.goto('/office');
	await expect(page).toHaveURL(/\/login/);
	expect((await context.cookies()).some((c) => c.name === 'lunas_session')).toBe(false);
});

test('an unknown page shows a proper 404 page', async ({ page }) => {
	const response = await page.goto('/tidak-ada-halaman-ini');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Halaman tidak ditemukan' })).toBeVisible();
});

test('the sign-in page switches to English', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('Bahasa').selectOption('en');
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
	await expect(page.getByLabel('Username')).toBeVisible();
});
