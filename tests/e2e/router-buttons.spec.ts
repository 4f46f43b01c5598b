/**
 * The office's router buttons against the demo routers the e2e server simulates: "Putuskan sesi"
 * on a subscription page and "Kirim profil ke router" in a package's edit form, each job followed
 * on the page until the router has done it.
 */
import { expect, test } from '@playwright/test';
import { query, signInAs } from './helpers';

test('the office ends a subscriber\'s session and watches the kick job finish', async ({ page }) => {
	test.setTimeout(60_000);
	await signInAs(page, 'office');
	const [sub] = await query<{ id: string; service_username: string }>(
		`SELECT s.id, s.service_username FROM subscriptions s JOIN packages p ON p.id = s.package_id
		 WHERE s.status = 'active' AND s.router_id IS NOT NULL AND p.service_type = 'pppoe' AND s.deleted_at IS NULL
		 ORDER BY s.service_username DESC LIMIT 1`
	);
	await page.goto(`/office/subscriptions/${sub.id}`);
	const kick = page.getByRole('region', { name: 'Putuskan sesi' });
	page.once('dialog', (d) => {
		expect(d.message()).toContain(sub.service_username);
		void d.accept();
	});
	await kick.getByRole('button', { name: 'Putuskan sesi' }).click();
	await expect(kick.getByText('Sesi akan diputus. Lihat pekerjaan router di bawah.')).toBeVisible();
	const jobs = page.getByRole('region', { name: 'Pekerjaan router' });
	await expect(jobs.getByRole('row').filter({ hasText: 'Putus sesi' }).first().getByText('Selesai', { exact: true })).toBeVisible({ timeout: 20_000 });
});

test('the office sends a package\'s profile to a router, a router must be chosen, and the job is followed', async ({ page }) => {
	test.setTimeout(60_000);
	await signInAs(page, 'office');
	await page.goto('/office/packages?search=Hemat');
	await page.getByRole('button', { name: 'Ubah Hemat 5 Mbps' }).click();
	const form = page.getByRole('region', { name: 'Kirim profil ke router' });
	await form.getByRole('button', { name: 'Kirim profil ke router' }).click();
	await expect(form.getByText('Pilih router.')).toBeVisible();
	await form.getByLabel('Router').selectOption({ label: 'Router Utama' });
	await form.getByRole('button', { name: 'Kirim profil ke router' }).click();
	const job = form.getByTestId('push-profile-job');
	await expect(job).toContainText('Router Utama');
	await expect(job.getByText('Selesai', { exact: true })).toBeVisible({ timeout: 20_000 });
	const [row] = await query<{ status: string; action: string }>(
		"SELECT status, action FROM router_jobs WHERE action = 'push-profile' ORDER BY id DESC LIMIT 1"
	);
	expect(row).toEqual({ status: 'done', action: 'push-profile' });
});
