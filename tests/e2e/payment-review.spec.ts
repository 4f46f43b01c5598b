/**
 * A flagged payment waits under "Perlu dicek" until someone at the office marks it as checked:
 * then it leaves that list, and the full list says who checked it, when, and their note.
 */
import { expect, test } from '@playwright/test';
import { demoUser, query, signInAs, waitForHydration } from './helpers';

test('the office marks a flagged payment as checked and it leaves "Perlu dicek"', async ({ page }) => {
	// The newest receipt of the seeded ledger, flagged as a Midtrans payment on a paid invoice would be.
	const [payment] = await query<{ id: string; receipt_number: string }>(
		`SELECT id, receipt_number FROM payments
		WHERE receipt_number IS NOT NULL AND flag IS NULL AND voids_payment_id IS NULL
		ORDER BY received_at DESC LIMIT 1`
	);
	await query("UPDATE payments SET flag = 'paid-twice: invoice was already paid' WHERE id = ?", [payment.id]);
	const office = demoUser('office');

	await signInAs(page, 'office');
	await page.goto('/office/payments');
	await page.getByLabel('Perlu dicek').selectOption('1');
	await page.getByRole('button', { name: 'Terapkan' }).click();
	await expect(page).toHaveURL(/flagged=1/);
	const row = page.getByRole('row').filter({ hasText: payment.receipt_number });
	await expect(row).toContainText('Dibayar online untuk tagihan yang sudah lunas');
	// The dialog's button calls the server from script: before hydration a click would do nothing.
	await waitForHydration(page);

	await row.getByRole('button', { name: 'Tandai sudah dicek' }).click();
	const dialog = page.getByRole('dialog', { name: 'Tandai sudah dicek' });
	await dialog.getByLabel('Catatan (opsional)').fill('kelebihan jadi kredit');
	await dialog.getByRole('button', { name: 'Tandai sudah dicek' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByRole('row').filter({ hasText: payment.receipt_number })).toHaveCount(0);

	// Without the filter it is still in the ledger, with who checked it and the note.
	await page.getByRole('link', { name: 'Hapus filter' }).click();
	// Wait for the cleared page: typing into the old form while it loads would keep the filter.
	await expect(page).not.toHaveURL(/flagged=1/);
	await expect(page.getByLabel('Perlu dicek')).toHaveValue('');
	await page.getByLabel('Cari').fill(payment.receipt_number);
	await page.getByRole('button', { name: 'Terapkan' }).click();
	const reviewed = page.getByRole('row').filter({ hasText: payment.receipt_number });
	await expect(reviewed).toContainText(`Dicek oleh ${office.name}`);
	await expect(reviewed).toContainText('kelebihan jadi kredit');
	await expect(reviewed.getByRole('button', { name: 'Tandai sudah dicek' })).toHaveCount(0);
	const [stored] = await query<{ flag_reviewed_at: Date | null; flag: string }>('SELECT flag, flag_reviewed_at FROM payments WHERE id = ?', [payment.id]);
	expect(stored.flag).toBe('paid-twice: invoice was already paid');
	expect(stored.flag_reviewed_at).not.toBeNull();
});
