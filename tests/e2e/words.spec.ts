/**
 * Issue #15, "Words": what an Indonesian operator reads is in words — no library default message,
 * no raw ids or JSON in the audit log, one phone format, and a stale address that still opens.
 */
import { expect, test, type Page } from '@playwright/test';
import { query, signInAs } from './helpers';

/** zod's own texts, which must never reach a person. */
const LIBRARY_TEXT = /Invalid (UUID|input|option|string|number|email)|Too (small|big)|expected .* to|received /;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

async function noLibraryText(page: Page) {
	await expect(page.locator('main')).not.toContainText(LIBRARY_TEXT);
}

test('an incomplete subscription and a negative billing rule are refused in words', async ({ page }) => {
	await signInAs(page, 'admin');
	const [customer] = await query<{ id: string }>("SELECT id FROM customers WHERE status = 'active' AND deleted_at IS NULL ORDER BY code LIMIT 1");
	await page.goto(`/office/customers/${customer.id}`);
	await page.getByRole('link', { name: 'Tambah langganan' }).click();
	// The package is preselected now; an empty start date still reaches the schema.
	await page.getByLabel('Tanggal mulai').fill('');
	await page.getByRole('button', { name: 'Simpan langganan' }).click();
	await expect(page.getByRole('alert').first()).toHaveText('Periksa isian yang ditandai.');
	await noLibraryText(page);

	await page.goto('/office/settings');
	const grace = page.getByLabel('Masa tenggang sebelum isolir (hari)');
	const graceBefore = await grace.inputValue();
	await grace.fill('-1');
	await page.getByRole('button', { name: 'Simpan aturan' }).click();
	await expect(page.getByText('Minimal 0.')).toBeVisible();
	await noLibraryText(page);
	await page.reload();
	await expect(page.getByLabel('Masa tenggang sebelum isolir (hari)')).toHaveValue(graceBefore);
});

test('a stale sort in the address opens the list in its default order', async ({ page }) => {
	await signInAs(page, 'office');
	await page.goto('/office/customers?sort=kolomLama&dir=menyamping');
	await expect(page.getByRole('heading', { level: 1, name: 'Pelanggan' })).toBeVisible();
	await expect(page.getByRole('alert')).toHaveCount(0);
	await expect(page.locator('main table tbody tr').first()).toBeVisible();
	await noLibraryText(page);
});

test('the audit log says who signed in and what changed in words, filtered by an action in words', async ({ page }) => {
	await signInAs(page, 'admin');
	await page.goto('/office/audit');
	await page.getByLabel('Tindakan').selectOption({ label: 'Masuk' });
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect(page).toHaveURL(/action=auth\.signIn(&|$)/);
	const rows = page.locator('main table tbody tr');
	await expect(rows.first()).toBeVisible();
	await expect(rows.first().getByRole('link', { name: 'Masuk', exact: true })).toBeVisible();

	// Every action, in words: no ids, no JSON, no field codes. (Braces alone are not JSON: a message
	// template's placeholders, `{nama}`, are what the operator typed and are shown as such.)
	await page.goto('/office/audit');
	const changes = page.locator('main table tbody td.changes');
	await expect(changes.first()).toBeVisible();
	for (const text of await changes.allInnerTexts()) {
		expect(text).not.toMatch(UUID);
		expect(text).not.toMatch(/[{[]\s*"|"\s*:/);
	}
	await expect(page.locator('main table tbody')).not.toContainText(UUID);
});

test('phone numbers read 0812-3456-7890 on the reminders and customers lists', async ({ page }) => {
	await signInAs(page, 'office');
	await page.goto('/office/reminders?days=31');
	// Every cell's lines that are a phone number, wherever the list puts its phone column.
	const cells = page.locator('main table tbody tr td');
	await expect(cells.first()).toBeVisible();
	const phones = (await cells.allInnerTexts()).flatMap((t) => t.split('\n').map((l) => l.trim())).filter((l) => /^\+?\d[\d -]{8,}$/.test(l));
	expect(phones.length).toBeGreaterThan(0);
	for (const phone of phones) expect(phone).toMatch(/^08\d{2}-\d{4}-\d{3,5}$/);
	await expect(page.locator('main')).not.toContainText(/\+62\d/);

	await page.goto('/office/customers');
	const listed = (await page.locator('main table tbody td').allInnerTexts()).filter((t) => /^\+?\d[\d -]{8,}$/.test(t.trim()));
	expect(listed.length).toBeGreaterThan(0);
	for (const phone of listed) expect(phone.trim()).toMatch(/^08\d{2}-\d{4}-\d{3,5}$/);
});
