/**
 * Issue #16's "done when": cash taken on the phone while offline reaches the customer's
 * (simulated) WhatsApp exactly once after the phone syncs — the technician does nothing more —
 * even when the first push's reply is lost and the phone sends the batch again.
 */
import { expect, test } from '@playwright/test';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/lib/server/whatsapp-sim/index';
import { query } from './helpers';
import { arrangeOwing, openOffice, recordCash, setUpPhone, syncBar, syncLosingFirstReply } from './phone';

let sim: WhatsAppSimulator;
test.beforeAll(async () => {
	sim = await startWhatsAppSimulator({ fonnteToken: 'e2e-offline-fonnte' });
});
test.afterAll(async () => {
	await sim?.close();
});

test('a cash payment made offline reaches the customer’s WhatsApp once after sync', async ({ page, context, browser }) => {
	test.setTimeout(120_000);
	// Arranged before the gateway is on: only the receipt is this test's message.
	const [customer] = await arrangeOwing(browser, 1);
	const [{ phone }] = await query<{ phone: string }>('SELECT phone FROM customers WHERE id = ?', [customer.customerId]);
	const to = `62${phone.slice(1)}`;
	const office = await openOffice(browser);
	try {
		await office.call('whatsapp.saveGateway', { kind: 'fonnte', fonnte: { token: 'e2e-offline-fonnte', baseUrl: sim.url, ratePerSecond: 10 } });

		await setUpPhone(page);
		await context.setOffline(true);
		const paymentId = await recordCash(page, customer.customerId, { amount: 5000 });
		await expect(syncBar(page).getByText('1 menunggu')).toBeVisible();
		// The first push is committed but its reply is lost: the phone sends it again.
		await syncLosingFirstReply(page, context);

		const toCustomer = () => sim.delivered.filter((d) => d.to === to);
		await expect.poll(() => toCustomer().length, { timeout: 20_000 }).toBe(1);
		const [payment] = await query<{ receipt_number: string }>('SELECT receipt_number FROM payments WHERE id = ?', [paymentId]);
		expect(toCustomer()[0].body).toContain(payment.receipt_number);
		expect(toCustomer()[0].body).toContain('Rp 5.000');
		// Nothing more arrives later, and the outbox holds exactly one receipt for the payment.
		await page.waitForTimeout(1500);
		expect(toCustomer()).toHaveLength(1);
		expect(await query('SELECT id FROM wa_messages WHERE dedupe_key = ?', [`receipt:${paymentId}`])).toHaveLength(1);
	} finally {
		await office.call('whatsapp.saveGateway', { kind: 'links' });
		await office.context.close();
	}
});
