/**
 * The office's side of technician sync: a technician's phone pushes cash, a refused operation and
 * a hand-over through /api/trpc (as the offline app does); the office confirms the hand-over with
 * the amount it counted and sees the difference, and finds the refused operation with its reason,
 * marks it as dealt with, and it leaves the list (shown again on request).
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { demoUser, pull, push, signInAs } from './helpers';
import { arrangeOwing } from './phone';
import { formatRupiah } from '../../src/lib/shared/money';

test('the office confirms a technician\'s cash hand-over and reviews a refused operation', async ({ browser }) => {
	test.setTimeout(90_000);
	// A customer who owes, made for this test: earlier specs pay the seed's debts off.
	const [customer] = await arrangeOwing(browser, 1);
	const techContext = await browser.newContext();
	const techPage = await techContext.newPage();
	await signInAs(techPage, 'technician');
	const deviceId = randomUUID();
	const pulled = await pull(techContext.request, deviceId);
	const invoice = pulled.rows.invoices.find((i) => i.id === customer.invoiceId)!;
	expect(invoice, 'the phone pulls the open invoice of a customer in its areas').toBeTruthy();
	const owed = invoice.amount - invoice.amountPaid;
	const paymentId = randomUUID();
	const now = new Date().toISOString();
	// An amount no other run's refused operation has, so the row is this test's.
	const refusedAmount = 10_000 + Math.floor(Math.random() * 89_999);
	const refusedText = formatRupiah(refusedAmount);
	const out = await push(techContext.request, deviceId, [
		{ type: 'cash-payment', paymentId, customerId: invoice.customerId, invoiceId: invoice.id, amount: owed, receivedAt: now },
		{ type: 'cash-payment', paymentId: randomUUID(), customerId: randomUUID(), invoiceId: null, amount: refusedAmount, receivedAt: now },
		{ type: 'handover', handoverId: randomUUID(), paymentIds: [paymentId], amount: owed, createdAt: now, note: 'setoran sore' }
	]);
	expect(out.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
	await techContext.close();

	const office = await browser.newPage();
	await signInAs(office, 'office');
	await office.getByRole('navigation', { name: 'Menu' }).getByRole('button', { name: 'Lapangan' }).click();
	await office.getByRole('link', { name: 'Setoran kas' }).click();
	await expect(office.getByRole('heading', { level: 1, name: 'Setoran kas teknisi' })).toBeVisible();
	const row = office.getByRole('row').filter({ hasText: 'setoran sore' });
	await expect(row).toContainText('Dimas Prasetyo');
	await expect(row).toContainText('Menunggu');
	await row.getByRole('button', { name: /Konfirmasi/ }).click();
	// The office counted 2.000 less than the records say: a shortfall is confirmed explicitly, with its reason.
	await office.getByLabel('Jumlah dihitung kantor (Rp)').fill(String(owed - 2000));
	await office.getByLabel('Alasan kekurangan').fill('kurang dua ribu');
	await office.getByLabel('Saya mengonfirmasi kekurangan Rp 2.000').check();
	await office.getByRole('button', { name: 'Konfirmasi', exact: true }).click();
	await expect(office.getByRole('status')).toContainText('Setoran dikonfirmasi');
	const confirmed = office.getByRole('row').filter({ hasText: 'setoran sore' });
	await expect(confirmed).toContainText('Dikonfirmasi');
	await expect(confirmed).toContainText('-Rp 2.000');

	await office.getByRole('navigation', { name: 'Menu' }).getByRole('button', { name: 'Lapangan' }).click();
	await office.getByRole('link', { name: 'Sinkronisasi' }).click();
	await expect(office.getByRole('heading', { level: 1, name: 'Sinkronisasi teknisi' })).toBeVisible();
	const refused = office.getByRole('row').filter({ hasText: 'Pelanggan tidak ditemukan' }).filter({ hasText: refusedText });
	await expect(refused).toContainText('Pembayaran tunai');
	await expect(refused).toContainText('Dimas Prasetyo');

	// Dealt with: it leaves the list, and comes back with who handled it when asked for.
	await refused.getByRole('button', { name: 'Sudah ditangani' }).click();
	const dialog = office.getByRole('dialog', { name: 'Sudah ditangani' });
	await dialog.getByLabel('Catatan (opsional)').fill('pelanggan salah pilih, dicatat ulang');
	await dialog.getByRole('button', { name: 'Sudah ditangani' }).click();
	await expect(dialog).toBeHidden();
	await expect(refused).toHaveCount(0);
	await office.getByRole('link', { name: 'Tampilkan yang sudah ditangani' }).click();
	await expect(refused).toContainText(`Ditangani oleh ${demoUser('office').name}`);
	await expect(refused).toContainText('pelanggan salah pilih, dicatat ulang');
	await expect(refused.getByRole('button', { name: 'Sudah ditangani' })).toHaveCount(0);
});
