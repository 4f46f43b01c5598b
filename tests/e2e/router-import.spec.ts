/**
 * Issue 13 item 7: importing a router's accounts bills the right people in the right place. The
 * area is preset to the one this router serves (not the alphabetically first), one account is
 * left on the router only, a free one comes in complimentary, and the preview is read again after
 * the import so it offers only what is still missing.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { startRouterOsSimulator, type RouterOsSimulator } from '../../src/lib/server/routeros-sim/index';
import { encryptSecret } from '../../src/lib/server/crypto/secret-box';
import { E2E_SECRETS_KEY, query, signInAs } from './helpers';

let sim: RouterOsSimulator;
const suffix = randomUUID().slice(0, 6);
const routerId = randomUUID();
const servedAreaId = randomUUID();
const otherAreaId = randomUUID();
const names = { paying: `rina-${suffix}`, other: `dedi-${suffix}`, free: `pos-ronda-${suffix}`, excluded: `uji-teknisi-${suffix}` };

test.beforeAll(async () => {
	const [pkg] = await query<{ router_profile: string }>(
		"SELECT router_profile FROM packages WHERE service_type = 'pppoe' AND active = 1 AND deleted_at IS NULL ORDER BY price LIMIT 1"
	);
	sim = await startRouterOsSimulator({ user: 'admin', password: 'secret', ros: 7, port: 0, autoConnect: false });
	sim.state.menu('/ppp/profile').add({ name: pkg.router_profile });
	const secrets = sim.state.menu('/ppp/secret');
	secrets.add({ name: names.paying, password: 'a', service: 'pppoe', profile: pkg.router_profile, comment: 'Bu Rina' });
	secrets.add({ name: names.other, password: 'b', service: 'pppoe', profile: pkg.router_profile, comment: 'Pak Dedi' });
	secrets.add({ name: names.free, password: 'c', service: 'pppoe', profile: pkg.router_profile, comment: 'Pos ronda RW 07 gratis dari RW' });
	secrets.add({ name: names.excluded, password: 'd', service: 'pppoe', profile: pkg.router_profile, comment: 'Akun uji teknisi' });
	await query('INSERT INTO routers (id, name, host, api_port, username, password_enc) VALUES (?, ?, ?, ?, ?, ?)', [
		routerId,
		`Router Impor ${suffix}`,
		sim.host,
		sim.port,
		'admin',
		encryptSecret('secret', E2E_SECRETS_KEY)
	]);
	// The alphabetically first area belongs to no one here; the router serves "Zamrud".
	await query('INSERT INTO areas (id, name, router_id) VALUES (?, ?, NULL), (?, ?, ?)', [otherAreaId, `AAA Blok ${suffix}`, servedAreaId, `Zamrud ${suffix}`, routerId]);
});

test.afterAll(async () => {
	await sim?.close();
});

test('import with the served area preset, one account excluded, one complimentary, preview read again', async ({ page }) => {
	test.setTimeout(90_000);
	await signInAs(page, 'office');
	await page.goto(`/office/routers/${routerId}/import`);
	await page.getByRole('button', { name: 'Baca router (pratinjau)' }).click();
	await expect(page.getByText('4 akun di router: 4 akan dibuat, 0 sudah ada di Lunas, 0 masuk sebagai terisolir.')).toBeVisible({ timeout: 20_000 });

	// The area this router serves is chosen, not the alphabetically first one.
	await expect(page.getByLabel('Area pelanggan baru')).toHaveValue(servedAreaId);
	await expect(page.getByLabel('Area pelanggan baru').locator('option').first()).toHaveText(`Zamrud ${suffix} (dilayani router ini)`);

	await page.getByLabel(`Impor ${names.excluded} sebagai`).selectOption({ label: 'jangan impor' });
	await page.getByLabel(`Impor ${names.free} sebagai`).selectOption({ label: 'gratis (tidak ditagih)' });
	await expect(page.getByText('Pilihan per akun: 1 tidak diimpor, 1 diimpor gratis.')).toBeVisible();
	await page.getByRole('button', { name: 'Impor sekarang' }).click();

	const result = page.getByRole('region', { name: 'Hasil impor' });
	await expect(result.getByText('Selesai.')).toBeVisible({ timeout: 20_000 });
	await expect(result.locator('.stat').filter({ hasText: 'Dibuat' }).locator('.value')).toHaveText('3');
	await expect(result.getByText('1 di antaranya gratis')).toBeVisible();
	// The preview is read again by itself: only the excluded account is still offered.
	await expect(page.getByText('4 akun di router: 1 akan dibuat, 3 sudah ada di Lunas, 0 masuk sebagai terisolir.')).toBeVisible({ timeout: 20_000 });
	await expect(page.getByLabel(`Impor ${names.excluded} sebagai`)).toBeVisible();
	await expect(page.getByLabel(`Impor ${names.free} sebagai`)).toHaveCount(0);

	const subs = await query<{ id: string; service_username: string; complimentary: number; area_id: string }>(
		'SELECT s.id, s.service_username, s.complimentary, c.area_id FROM subscriptions s JOIN customers c ON c.id = s.customer_id WHERE s.router_id = ? ORDER BY s.service_username',
		[routerId]
	);
	expect(subs.map((s) => [s.service_username, s.complimentary, s.area_id])).toEqual(
		[
			[names.other, 0, servedAreaId],
			[names.free, 1, servedAreaId],
			[names.paying, 0, servedAreaId]
		].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
	);
	// The excluded account is still on the router, untouched.
	expect(sim.state.menu('/ppp/secret').find(names.excluded)).toBeTruthy();

	// The office sees the complimentary subscription for what it is.
	const free = subs.find((s) => s.service_username === names.free)!;
	await page.goto(`/office/subscriptions/${free.id}`);
	await expect(page.getByTestId('complimentary')).toHaveText('Gratis');
	await expect(page.getByText('Langganan gratis: tetap di router dan direkonsiliasi')).toBeVisible();
});
