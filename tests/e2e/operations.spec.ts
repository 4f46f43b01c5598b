import { expect, test } from '@playwright/test';
import { signInAs } from './helpers';

/** The token scripts/e2e-server.ts gives the server. */
const TOKEN = 'e2e-metrics-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

test('health says up, readiness says ready, and /metrics answers only with its bearer token', async ({ request }) => {
	const up = await request.get('/api/health');
	expect(up.status()).toBe(200);
	expect(await up.json()).toMatchObject({ status: 'ok', database: { reachable: true } });

	const ready = await request.get('/api/health/ready');
	expect(ready.status()).toBe(200);
	expect(ready.headers()['cache-control']).toBe('no-store');
	expect(await ready.json()).toMatchObject({ status: 'ready', ready: true, phase: 'started', database: { reachable: true }, migrations: { applied: true } });

	const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: `Basic ${TOKEN}` }];
	for (const headers of attempts) {
		const refused = await request.get('/metrics', { headers });
		expect(refused.status()).toBe(401);
		expect(refused.headers()['www-authenticate']).toMatch(/^Bearer/);
		expect(await refused.text()).not.toMatch(/lunas_/);
	}

	// A pay link with its secret token: the metrics must name the route, never the path.
	await request.get('/pay/not-a-real-token-abcdef');
	const res = await request.get('/metrics', { headers: auth });
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toMatch(/^text\/plain/);
	const text = await res.text();
	expect(text).toMatch(/^lunas_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status_class="2xx"\} [1-9]/m);
	expect(text).toMatch(/^lunas_http_request_duration_seconds_count\{method="GET",route="\/pay\/\[token\]",status_class="[24]xx"\} [1-9]/m);
	expect(text).not.toContain('not-a-real-token-abcdef');
	expect(text).toMatch(/^lunas_metrics_database_up 1$/m);
	// The demo's two simulated routers, as the monitor found them.
	expect(text.match(/^lunas_router_up\{router="[^"]+"\} (-1|0|1)$/gm)?.length).toBeGreaterThanOrEqual(2);
	expect(text).toMatch(/^lunas_router_jobs\{status="queued"\} \d+$/m);
	expect(text).toMatch(/^lunas_router_jobs_oldest_age_seconds\{status="queued"\} [\d.e+-]+$/m);
	expect(text).toMatch(/^lunas_sync_pushes_total \d+$/m);
	expect(text).toMatch(/^lunas_process_resident_memory_bytes \d+/m);
});

test('an admin starts a backup; the dashboard then shows its time and size, and /metrics its age', async ({ page }) => {
	await signInAs(page, 'admin');
	await page.goto('/office/settings#backup');
	const section = page.locator('section#backup');
	await expect(section.getByRole('heading', { name: 'Cadangan data' })).toBeVisible();
	await expect(section.getByLabel('Buat cadangan otomatis setiap hari')).not.toBeChecked();
	await section.getByRole('button', { name: 'Buat cadangan sekarang' }).click();
	await expect(section.getByRole('status')).toHaveText('Cadangan sedang dibuat. Hasilnya tampil di dasbor.');

	const card = page.getByTestId('backup-card');
	await expect(async () => {
		await page.goto('/office');
		await expect(card).toContainText('Cadangan data terakhir');
		await expect(card).toContainText(/Ukuran [\d.,]+ (KB|MB)/, { timeout: 1000 });
	}).toPass({ timeout: 30_000 });
	await expect(card).not.toHaveClass(/waiting/);

	// Gauges read from the database are reused for 5 s (metrics/db-gauges.ts): the scrape of the
	// test before may still be the one served, so ask again until a reading after the backup comes.
	let metrics = '';
	await expect
		.poll(async () => {
			metrics = await (await page.request.get('/metrics', { headers: auth })).text();
			return Number(/^lunas_backup_size_bytes (\d+)$/m.exec(metrics)?.[1]);
		}, { timeout: 15_000 })
		.toBeGreaterThan(1000);
	expect(Number(/^lunas_backup_age_seconds ([\d.e+-]+)$/m.exec(metrics)?.[1])).toBeLessThan(120);

	// The schedule is saved and shown again after a reload, in English too.
	await page.goto('/office/settings#backup');
	await section.getByLabel('Buat cadangan otomatis setiap hari').check();
	await section.getByLabel('Jam cadangan').fill('03:15');
	await section.getByRole('button', { name: 'Simpan' }).click();
	await expect(section.getByRole('status')).toBeVisible();
	await page.reload();
	await expect(section.getByLabel('Jam cadangan')).toHaveValue('03:15');
	await expect(section.getByLabel('Buat cadangan otomatis setiap hari')).toBeChecked();
	// Back off again, so no scheduled backup runs during the other specs.
	await section.getByLabel('Buat cadangan otomatis setiap hari').uncheck();
	await section.getByRole('button', { name: 'Simpan' }).click();
	await expect(section.getByRole('status')).toBeVisible();
});
