/**
 * A Midtrans settlement writes the customer's WhatsApp receipt and restore notice in the
 * payment's transaction — once, however often Midtrans delivers the notification again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { TestDatabase } from '../../../../tests/db';
import type { Isp } from '../../../../tests/fixtures';
import { writeSetting } from '../settings';
import { WA_GATEWAY_KEY } from '../whatsapp/gateway-settings';
import { configureWhatsAppEvents } from '../whatsapp/events';
import { startPayment } from './snap';
import { isolatedDebtor, midtransSpecSetup, TZ, type Harness } from './testing';

let t: TestDatabase;
let isp: Isp;
let h: Harness;

midtransSpecSetup({ beforeAll, afterAll }, (env) => ({ t, isp, h } = env));
beforeAll(() => configureWhatsAppEvents({ publicBaseUrl: 'https://isp.test', timeZone: () => TZ }));
afterAll(() => configureWhatsAppEvents(null));

describe('WhatsApp after a Midtrans settlement', () => {
	it('writes one receipt and one restore notice, and a resent notification adds none', async () => {
		await writeSetting(t.db, WA_GATEWAY_KEY, { kind: 'fonnte' }, null);
		const d = await isolatedDebtor(t.db, isp);
		const res = await startPayment(t.db, h.gateway, d.invoiceId, { finishUrl: 'http://lunas.test/pay', expiryMinutes: 60 });
		if (res.kind !== 'snap') throw new Error(res.kind);
		await h.sim.pay(res.orderId, 'va');
		await h.settle();
		await h.sim.resend(res.orderId);
		await h.sim.resend(res.orderId);
		await h.settle();
		const [rows] = (await t.db.execute(sql`SELECT kind, phone, body FROM wa_messages WHERE customer_id = ${d.customerId} ORDER BY id`)) as unknown as [
			Array<{ kind: string; phone: string; body: string }>
		];
		expect(rows.map((r) => r.kind)).toEqual(['restored', 'payment_receipt']);
		expect(rows[1].phone).toBe('+6281234567890');
		expect(rows[1].body).toContain('Rp 150.000');
	});
});
