/**
 * Issue 4, done when: an office user adds a (simulated) router, tests the connection, imports
 * its secrets, isolates and restores one imported customer and watches each router job complete.
 * The RouterOS simulator runs in this test process; the app reaches it over the real API through
 * its router job worker, and what the router holds is read from the simulator's own state.
 */
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { startRouterOsSimulator, type RouterOsSimulator } from '../../src/lib/server/routeros-sim/index';
import { query, signInAs } from './helpers';

const API_USER = 'lunas';
const API_PASSWORD = 'rahasia-e2e';
/** The profile the operator used before Lunas; mapped to a demo package during import. */
const OLD_PROFILE = 'paket-lama-10m';

let sim: RouterOsSimulator;
const suffix = randomUUID().slice(0, 6);
const routerName = `Router Uji ${suffix}`;
const identity = `MikroTik-Uji-${suffix}`;
const accounts = [
	{ name: `ratna-${suffix}`, comment: 'Ibu Ratna — Toko Sembako ☕ 081234567890' },
	{ name: `joko-${suffix}`, comment: 'Pak Joko (RT 05)' },
	{ name: `sari-${suffix}`, comment: '' }
];

test.beforeAll(async () => {
	const [pkg] = await query<{ router_profile: string; rate_limit: string }>(
		"SELECT router_profile, rate_limit FROM packages WHERE service_type = 'pppoe' AND deleted_at IS NULL ORDER BY price LIMIT 1"
	);
	sim = await startRouterOsSimulator({ user: API_USER, password: API_PASSWORD, ros: 7, port: 0, identity });
	const profiles = sim.state.menu('/ppp/profile');
	profiles.add({ name: OLD_PROFILE, 'rate-limit': '10M/10M' });
	// The demo package's own profile and the isolir profile (what the isolir script sets up).
	profiles.add({ name: pkg.router_profile, 'rate-limit': pkg.rate_limit });
	profiles.add({ name: 'isolir', 'rate-limit': '256k/256k' });
	for (const [i, a] of accounts.entries()) {
		sim.state.menu('/ppp/secret').add({ name: a.name, password: `lama${i}`, service: 'pppoe', profile: OLD_PROFILE, ...(a.comment ? { comment: a.comment } : {}) });
	}
});

test.afterAll(async () => {
	await sim?.close();
});

/** The simulator's own row for a secret: what the router really holds. */
function secretOnRouter(name: string): { profile: string; disabled: string } {
	const row = sim.state.menu('/ppp/secret').find(name);
	expect(row, `${name} is on the router`).toBeTruthy();
	return { profile: row!.props.profile, disabled: row!.props.disabled };
}

/** The job list of one subscription refreshes itself; waits until its newest job has read back `state`. */
async function watchJob(page: Page, subscriptionId: string, action: string, state: string) {
	await page.goto(`/office/router-jobs?subscriptionId=${subscriptionId}`);
	const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: action, exact: true }) }).first();
	await expect(row.getByText('Selesai', { exact: true })).toBeVisible({ timeout: 20_000 });
	await expect(row.getByText(`Terbaca di router: ${state}`)).toBeVisible();
}

test('add a simulated router, import its secrets, isolate and restore a customer', async ({ page }) => {
	test.setTimeout(120_000);
	await signInAs(page, 'admin');

	// Add the router.
	await page.goto('/office/routers/new');
	await page.getByLabel('Nama router').fill(routerName);
	await page.getByLabel('Alamat IP / host').fill(sim.host);
	await page.getByLabel('Port API').fill(String(sim.port));
	await page.getByLabel('Nama pengguna API').fill(API_USER);
	await page.getByLabel('Kata sandi API').fill(API_PASSWORD);
	await page.getByLabel('Ganti ke profil isolir').check();
	await page.getByRole('button', { name: 'Simpan router' }).click();
	await expect(page.getByRole('heading', { level: 1, name: routerName })).toBeVisible();

	// Test connection: a probe job through the queue, then what the router said about itself.
	await page.getByRole('button', { name: 'Tes koneksi' }).click();
	const probe = page.getByRole('region', { name: 'Tes koneksi' });
	await expect(probe.getByText('Router menjawab.')).toBeVisible({ timeout: 20_000 });
	await expect(probe.getByText(identity, { exact: true })).toBeVisible();
	await expect(probe.getByText('7.18.2 (stable)')).toBeVisible();

	// Import: preview, map the old profile to a demo package, import, read the summary.
	await page.getByRole('link', { name: 'Impor akun dari router' }).click();
	await page.getByRole('button', { name: 'Baca router (pratinjau)' }).click();
	await expect(page.getByText('3 akun di router: 3 akan dibuat, 0 sudah ada di Lunas, 0 masuk sebagai terisolir.')).toBeVisible({ timeout: 20_000 });
	await expect(page.getByRole('cell', { name: 'Ibu Ratna — Toko Sembako ☕', exact: true })).toBeVisible();
	await page.getByLabel(`PPPoE · ${OLD_PROFILE}`).selectOption({ index: 1 });
	// A new router serves no area yet: the office must choose one.
	await page.getByLabel('Area pelanggan baru').selectOption({ index: 1 });
	await page.getByRole('button', { name: 'Impor sekarang' }).click();
	const result = page.getByRole('region', { name: 'Hasil impor' });
	await expect(result.getByText('Selesai.')).toBeVisible({ timeout: 20_000 });
	await expect(result.locator('.stat').filter({ hasText: 'Dibuat' }).locator('.value')).toHaveText('3');

	const [sub] = await query<{ id: string; customer_id: string }>(
		'SELECT id, customer_id FROM subscriptions WHERE service_username = ? AND deleted_at IS NULL',
		[accounts[0].name]
	);
	expect(sub, 'the imported secret became a subscription').toBeTruthy();

	// The imported customer, from their page to their subscription.
	await page.goto(`/office/customers/${sub.customer_id}`);
	await expect(page.getByRole('heading', { level: 1, name: /Ibu Ratna — Toko Sembako ☕/ })).toBeVisible();
	await page.locator(`a[href="/office/subscriptions/${sub.id}"]`).click();
	await expect(page.getByRole('heading', { level: 1, name: /Langganan Ibu Ratna — Toko Sembako ☕/ })).toBeVisible();

	// Isolate by hand, with a reason; the router job runs and reads the isolation back.
	await page.getByRole('button', { name: 'Isolir manual' }).click();
	const isolateDialog = page.getByRole('dialog', { name: 'Isolir manual' });
	await isolateDialog.getByLabel('Alasan (wajib, minimal 3 huruf)').fill('Uji isolir dari e2e');
	await isolateDialog.getByRole('button', { name: 'Isolir manual' }).click();
	await expect(page.getByRole('status').getByText('Langganan diisolir.')).toBeVisible();
	await watchJob(page, sub.id, 'Isolir', 'terisolir');
	expect(secretOnRouter(accounts[0].name).profile).toBe('isolir');
	await page.goto(`/office/subscriptions/${sub.id}`);
	await expect(page.getByText('terbaca: Diisolir')).toBeVisible();

	// Restore; the job puts the package's profile back and confirms it.
	await page.getByRole('button', { name: 'Pulihkan' }).click();
	const restoreDialog = page.getByRole('dialog', { name: 'Pulihkan' });
	await restoreDialog.getByLabel('Alasan (wajib, minimal 3 huruf)').fill('Uji pulihkan dari e2e');
	await restoreDialog.getByRole('button', { name: 'Pulihkan' }).click();
	await expect(page.getByRole('status').getByText('Langganan dipulihkan.')).toBeVisible();
	await watchJob(page, sub.id, 'Buka isolir', 'aktif');
	const restored = secretOnRouter(accounts[0].name);
	expect(restored.profile).not.toBe('isolir');
	expect(restored.disabled).toBe('false');
	await page.goto(`/office/subscriptions/${sub.id}`);
	await expect(page.getByText('terbaca: Aktif')).toBeVisible();
});
