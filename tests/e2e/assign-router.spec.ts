/**
 * Issue 6 §3: a subscription made where no router was known waits on the routers page; the
 * office puts it on a router and watches the provisioning job finish on the (simulated) demo
 * router the e2e server runs.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { query, readRouterAccount, signInAs } from './helpers';

test('the office puts a subscription waiting for a router on one and sees it provisioned', async ({ page }) => {
	test.setTimeout(60_000);
	await signInAs(page, 'office');
	const [customer] = await query<{ id: string; name: string }>(
		"SELECT id, name FROM customers WHERE status = 'active' AND deleted_at IS NULL ORDER BY code LIMIT 1"
	);
	const username = `pasang-${randomUUID().slice(0, 8)}`;

	await page.goto(`/office/customers/${customer.id}/subscriptions/new`);
	await page.getByLabel('Paket').selectOption({ label: 'Hemat 5 Mbps · Rp 100.000' });
	await page.getByLabel('Router').selectOption({ label: 'Tanpa router (atur nanti)' });
	await page.getByLabel('Nama pengguna layanan').fill(username);
	await page.getByRole('button', { name: 'Buat acak' }).click();
	await page.getByRole('button', { name: 'Simpan langganan' }).click();
	await expect(page).toHaveURL(new RegExp(`/office/customers/${customer.id}$`));
	const [{ id: subscriptionId }] = await query<{ id: string }>('SELECT id FROM subscriptions WHERE service_username = ?', [username]);

	// The routers page lists it among the subscriptions nothing provisions yet.
	await page.goto('/office/routers');
	const waiting = page.getByRole('region', { name: /Langganan menunggu router/ });
	const row = waiting.getByRole('row').filter({ hasText: username });
	await row.getByRole('link', { name: 'Pilih router' }).click();
	await expect(page).toHaveURL(new RegExp(`/office/subscriptions/${subscriptionId}#router$`));

	const assign = page.getByRole('region', { name: 'Belum ada router' });
	await assign.getByRole('button', { name: 'Pasang di router' }).click();
	await expect(assign.getByText('Pilih router.')).toBeVisible();
	await assign.getByLabel('Router').selectOption({ label: 'Router Utama' });
	await assign.getByRole('button', { name: 'Pasang di router' }).click();
	await expect(page.getByText('Router dipilih. Akun pelanggan sedang dibuat di router.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Router Utama' })).toBeVisible();

	// The provisioning job runs through the queue; the page follows it until it is done.
	const jobs = page.getByRole('region', { name: 'Pekerjaan router' });
	const provision = jobs.getByRole('row').filter({ hasText: 'Buat/perbarui akun' });
	await expect(provision.getByText('Selesai', { exact: true })).toBeVisible({ timeout: 20_000 });
	expect(await readRouterAccount(subscriptionId)).toMatchObject({ isolated: false, profile: 'hemat-5m' });

	await page.goto('/office/routers');
	await expect(page.getByText(username)).toHaveCount(0);
});

test('each area names the router serving it, and the office can change it', async ({ page }) => {
	await signInAs(page, 'office');
	await page.goto('/office/areas?search=Berkoh');
	const row = page.getByRole('row').filter({ hasText: 'Berkoh' });
	await expect(row.getByRole('link', { name: 'Router Timur' })).toBeVisible();

	for (const [choice, shown] of [
		['Belum ditentukan', 'Belum ditentukan'],
		['Router Timur', 'Router Timur']
	] as const) {
		await row.getByRole('button', { name: 'Ubah Berkoh' }).click();
		const form = page.getByRole('region', { name: 'Ubah area Berkoh' });
		await form.getByLabel('Router').selectOption({ label: choice });
		await form.getByRole('button', { name: 'Simpan' }).click();
		await expect(page.getByText('Perubahan disimpan.')).toBeVisible();
		await expect(row.getByRole('cell', { name: shown, exact: true })).toBeVisible();
	}
});
