/**
 * The technician's phone in e2e specs: customers a test owns, the office's tRPC as the demo admin,
 * the phone signed in and ready offline, and cash recorded on it (shared by offline.spec and
 * whatsapp-offline.spec).
 */
import { randomUUID } from 'node:crypto';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { query, signInAs } from './helpers';

export interface Owing {
	customerId: string;
	name: string;
	subscriptionId: string;
	invoiceId: string;
	owed: number;
}

/** Customers of the demo technician's areas with an open invoice (oldest invoice each), now. */
export async function owingCustomers(): Promise<Owing[]> {
	const rows = await query<Owing>(
		`SELECT c.id AS customerId, c.name, i.subscription_id AS subscriptionId, i.id AS invoiceId, i.amount - i.amount_paid AS owed
		 FROM customers c
		 JOIN user_areas ua ON ua.area_id = c.area_id
		 JOIN users u ON u.id = ua.user_id AND u.username = 'technician'
		 JOIN invoices i ON i.customer_id = c.id AND i.status IN ('unpaid', 'partial')
		 WHERE c.deleted_at IS NULL
		 ORDER BY c.code, i.period_start`
	);
	const seen = new Set<string>();
	return rows.filter((r) => !seen.has(r.customerId) && seen.add(r.customerId)).map((r) => ({ ...r, owed: Number(r.owed) }));
}

/**
 * Customers this test owns: new ones in the technician's first area, each with a subscription
 * whose first invoice is open. Earlier specs pay the seed's debts off, and how many the seed
 * leaves owing depends on the day it is built, so tests that only need "someone who owes" make
 * their own.
 */
export async function arrangeOwing(browser: Browser, n: number, opts: { routerId?: string } = {}): Promise<Owing[]> {
	const [area] = await query<{ id: string }>(
		`SELECT ua.area_id AS id FROM user_areas ua JOIN users u ON u.id = ua.user_id WHERE u.username = 'technician' ORDER BY ua.area_id LIMIT 1`
	);
	const [pkg] = await query<{ id: string }>(`SELECT id FROM packages WHERE deleted_at IS NULL AND active = 1 AND service_type = 'pppoe' AND price > 0 ORDER BY price LIMIT 1`);
	const office = await openOffice(browser);
	const ids: string[] = [];
	try {
		for (let i = 0; i < n; i++) {
			const id = randomUUID();
			const tag = id.slice(0, 8);
			await office.call('customers.create', { id, name: `Pelanggan Uji ${tag}`, phone: `0812${String(parseInt(tag, 16) % 1e8).padStart(8, '0')}`, email: '', address: `Jl. Uji No. ${i + 1}`, areaId: area.id, latitude: null, longitude: null, status: 'active', notes: '' });
			await office.call('subscriptions.create', {
				customerId: id,
				packageId: pkg.id,
				// On a router, the subscription's first router job provisions the account there.
				routerId: opts.routerId ?? null,
				serviceUsername: `uji-${tag}`,
				servicePassword: `rahasia-${tag}`,
				startDate: new Date().toISOString().slice(0, 10)
			});
			ids.push(id);
		}
	} finally {
		await office.context.close();
	}
	const owing = (await owingCustomers()).filter((c) => ids.includes(c.customerId));
	expect(owing.map((c) => c.customerId).sort(), 'each arranged customer has an open first invoice').toEqual([...ids].sort());
	return ids.map((id) => owing.find((c) => c.customerId === id)!);
}

export async function devicePaymentCount(paymentIds: string[]): Promise<number> {
	const [row] = await query<{ n: number }>(`SELECT COUNT(*) AS n FROM payments WHERE source = 'device' AND id IN (?)`, [paymentIds]);
	return Number(row.n);
}

/** The office, signed in as the demo admin in its own browser context, calling tRPC. */
export async function openOffice(browser: Browser): Promise<{ context: BrowserContext; call: (path: string, input: unknown) => Promise<unknown> }> {
	const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	const page = await context.newPage();
	await signInAs(page, 'admin');
	return {
		context,
		call: async (path, input) => {
			const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
			expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
			return ((await res.json()) as { result: { data: { json: unknown } } }).result.data.json;
		}
	};
}

/** `ready` may resolve while the worker is still `activating`; going offline then loses the shell. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		const worker = registration.active!;
		if (worker.state !== 'activated') {
			await new Promise<void>((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()));
		}
	});
}

export const syncBar = (page: Page) => page.getByRole('complementary', { name: 'Status sinkronisasi' });

/** Signs the technician in, waits for the first sync and for the app to be ready offline. */
export async function setUpPhone(page: Page): Promise<void> {
	await signInAs(page, 'technician');
	await expect(page).toHaveURL(/\/tech$/);
	await waitForServiceWorker(page);
	await expect(syncBar(page).getByText(/^Sinkron (baru saja|\d)/)).toBeVisible();
	await page.getByRole('link', { name: 'Perangkat' }).click();
	await expect(page.getByText('Siap dipakai offline')).toBeVisible();
	await expect(syncBar(page).getByTestId('offline-not-ready')).toBeHidden();
}

/** Records cash on the customer's cash screen; returns the payment id from the receipt's URL. */
export async function recordCash(page: Page, customerId: string, opts: { amount?: number; invoice?: boolean } = {}): Promise<string> {
	await page.goto(`/tech/customers/${customerId}/cash`);
	await expect(page.getByRole('heading', { level: 1, name: /^Terima tunai dari / })).toBeVisible();
	if (opts.invoice) await page.getByRole('radio').nth(1).check();
	if (opts.amount) await page.getByLabel('Jumlah diterima (Rp)').fill(String(opts.amount));
	await page.getByRole('button', { name: 'Simpan & buat kuitansi' }).click();
	await expect(page).toHaveURL(/\/tech\/receipt\/[0-9a-f-]{36}$/);
	return new URL(page.url()).pathname.split('/').pop()!;
}

/**
 * Goes online with the first push's reply lost: the server commits it, the phone never hears
 * back and must send it again. Resolves when the phone shows everything sent.
 */
export async function syncLosingFirstReply(page: Page, context: BrowserContext): Promise<void> {
	let dropped = 0;
	await page.route('**/api/trpc/sync.push*', async (route) => {
		if (dropped > 0) return route.continue();
		await route.fetch();
		dropped++;
		await route.abort('connectionreset');
	});
	await context.setOffline(false);
	await expect(syncBar(page).getByText('Semua terkirim')).toBeVisible({ timeout: 20_000 });
	expect(dropped).toBe(1);
}
