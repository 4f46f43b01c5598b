import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestDatabase } from '../../../../tests/db';
import type { Isp } from '../../../../tests/fixtures';
import { invoices, midtransTransactions } from '../db/schema';
import { createMidtransGateway, MidtransApiError } from './gateway';
import { startPayment } from './snap';
import { ORDER_ID_PATTERN, newOrderId } from './order-id';
import { isolatedDebtor, midtransSpecSetup, SERVER_KEY, type Harness } from './testing';

let t: TestDatabase;
let isp: Isp;
let h: Harness;

midtransSpecSetup({ beforeAll, afterAll }, (env) => ({ t, isp, h } = env));

const snapBody = (orderId: string, gross = 150000, items = [{ id: 'a', price: gross, quantity: 1, name: 'Paket' }]) => ({
	transaction_details: { order_id: orderId, gross_amount: gross },
	item_details: items,
	customer_details: { first_name: 'Siti' }
});

async function rawSnap(body: unknown, key = SERVER_KEY) {
	const res = await fetch(`${h.sim.url}/snap/v1/transactions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
		body: JSON.stringify(body)
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('order ids', () => {
	it('are at most 50 allowed characters and differ per attempt', () => {
		const long = 'INV-202611-000123'.repeat(4);
		const a = newOrderId(long);
		const b = newOrderId(long);
		expect(a.length).toBeLessThanOrEqual(50);
		expect(a).toMatch(ORDER_ID_PATTERN);
		expect(a).not.toBe(b);
		expect(newOrderId('INV-202611-000123')).toMatch(/^INV-202611-000123-[a-z0-9]+$/);
	});
});

describe('Snap create against the simulator', () => {
	it('answers 201 with a token and a redirect URL', async () => {
		const res = await rawSnap(snapBody('ORD-201'));
		expect(res.status).toBe(201);
		expect(res.body.token).toEqual(expect.any(String));
		expect(res.body.redirect_url).toBe(`${h.sim.url}/snap/v4/redirection/${res.body.token}`);
	});

	it('answers 401 for a wrong server key, with Midtrans error_messages', async () => {
		const res = await rawSnap(snapBody('ORD-401'), 'wrong-key');
		expect(res.status).toBe(401);
		expect(res.body.error_messages).toEqual(expect.arrayContaining([expect.stringContaining('Access denied')]));
		const wrong = createMidtransGateway({ serverKey: 'wrong', clientKey: '', isProduction: false, snapBaseUrl: h.sim.url, apiBaseUrl: h.sim.url });
		const err = await wrong.createSnap(snapBody('ORD-401b') as never).catch((e) => e);
		expect(err).toBeInstanceOf(MidtransApiError);
		expect(err.httpStatus).toBe(401);
	});

	it('answers 406 for a reused order id', async () => {
		expect((await rawSnap(snapBody('ORD-406'))).status).toBe(201);
		const again = await rawSnap(snapBody('ORD-406'));
		expect(again.status).toBe(406);
		expect(again.body.error_messages).toEqual([expect.stringContaining('order_id')]);
	});

	it('answers 400 when item_details do not sum to gross_amount, or the order id is not allowed', async () => {
		const bad = await rawSnap(snapBody('ORD-400', 150000, [{ id: 'a', price: 100000, quantity: 1, name: 'x' }]));
		expect(bad.status).toBe(400);
		expect(bad.body.error_messages).toEqual([expect.stringContaining('item_details')]);
		expect((await rawSnap(snapBody('x'.repeat(51)))).status).toBe(400);
		expect((await rawSnap(snapBody('ORD 400 space'))).status).toBe(400);
	});

	it('reports 404 from the status API until a method is chosen', async () => {
		await rawSnap(snapBody('ORD-STATUS'));
		expect(await h.gateway.status('ORD-STATUS')).toBeNull();
		h.sim.deliverNotifications = false;
		await h.sim.pay('ORD-STATUS', 'qris');
		h.sim.deliverNotifications = true;
		const s = await h.gateway.status('ORD-STATUS');
		expect(s).toMatchObject({ order_id: 'ORD-STATUS', transaction_status: 'settlement', status_code: '200', gross_amount: '150000.00', payment_type: 'qris' });
	});
});

describe('starting a payment for an invoice', () => {
	const opts = { finishUrl: 'http://lunas.test/pay/x', expiryMinutes: 60 };

	it('creates one attempt for what is owed, with the customer and items that sum to it', async () => {
		const d = await isolatedDebtor(t.db, isp, 175000);
		const res = await startPayment(t.db, h.gateway, d.invoiceId, opts);
		if (res.kind !== 'snap') throw new Error(res.kind);
		expect(res.reused).toBe(false);
		const sent = h.sim.state.byOrderId(res.orderId)!;
		expect(sent.grossAmount).toBe(175000);
		expect(sent.items.reduce((s, i) => s + i.price * i.quantity, 0)).toBe(175000);
		expect(sent.customer).toEqual({ first_name: 'Siti Aminah', phone: '+6281234567890' });
		expect(sent.finishUrl).toBe(opts.finishUrl);
		const [row] = await t.db.select().from(midtransTransactions).where(eq(midtransTransactions.orderId, res.orderId));
		expect(row).toMatchObject({ invoiceId: d.invoiceId, grossAmount: 175000, snapToken: res.token, status: 'created' });
	});

	it('reuses an unexpired token, and makes a new attempt when the amount owed changed', async () => {
		const d = await isolatedDebtor(t.db, isp);
		const first = await startPayment(t.db, h.gateway, d.invoiceId, opts);
		const second = await startPayment(t.db, h.gateway, d.invoiceId, opts);
		expect(second).toMatchObject({ kind: 'snap', reused: true, token: first.kind === 'snap' ? first.token : '' });
		await t.db.update(invoices).set({ amountPaid: 50000, status: 'partial' }).where(eq(invoices.id, d.invoiceId));
		const third = await startPayment(t.db, h.gateway, d.invoiceId, opts);
		if (third.kind !== 'snap' || first.kind !== 'snap') throw new Error('expected snap');
		expect(third.reused).toBe(false);
		expect(third.orderId).not.toBe(first.orderId);
		expect(h.sim.state.byOrderId(third.orderId)!.grossAmount).toBe(100000);
		expect(h.sim.state.byOrderId(third.orderId)!.items).toEqual([expect.objectContaining({ price: 100000, name: `Sisa tagihan ${d.number}` })]);
	});

	it('opens one attempt when "Bayar" is tapped twice at once', async () => {
		const d = await isolatedDebtor(t.db, isp);
		const [a, b] = await Promise.all([startPayment(t.db, h.gateway, d.invoiceId, opts), startPayment(t.db, h.gateway, d.invoiceId, opts)]);
		if (a.kind !== 'snap' || b.kind !== 'snap') throw new Error('expected snap');
		expect(b.orderId).toBe(a.orderId);
		expect([a.reused, b.reused].sort()).toEqual([false, true]);
		expect(await t.db.select().from(midtransTransactions).where(eq(midtransTransactions.invoiceId, d.invoiceId))).toHaveLength(1);
	});

	it('takes over an invoice whose last start died before Snap answered', async () => {
		const d = await isolatedDebtor(t.db, isp);
		const twoMinutesAgo = new Date(Date.now() - 120_000);
		await t.db.insert(midtransTransactions).values({ invoiceId: d.invoiceId, orderId: `${d.number}-dead`, grossAmount: 150000, status: 'created', openingInvoiceId: d.invoiceId, createdAt: twoMinutesAgo });
		const res = await startPayment(t.db, h.gateway, d.invoiceId, opts);
		if (res.kind !== 'snap') throw new Error(res.kind);
		expect(res.reused).toBe(false);
		const rows = await t.db.select().from(midtransTransactions).where(eq(midtransTransactions.invoiceId, d.invoiceId));
		expect(rows.map((r) => [r.orderId === res.orderId, r.status, r.openingInvoiceId])).toEqual(
			expect.arrayContaining([
				[false, 'failed', null],
				[true, 'created', null]
			])
		);
	});

	it('does not start a payment for a paid or void invoice', async () => {
		const d = await isolatedDebtor(t.db, isp);
		await t.db.update(invoices).set({ status: 'void' }).where(eq(invoices.id, d.invoiceId));
		expect(await startPayment(t.db, h.gateway, d.invoiceId, opts)).toEqual({ kind: 'closed', status: 'void' });
	});

	it('marks the attempt failed when Snap refuses', async () => {
		const d = await isolatedDebtor(t.db, isp);
		const wrong = createMidtransGateway({ serverKey: 'wrong', clientKey: '', isProduction: false, snapBaseUrl: h.sim.url, apiBaseUrl: h.sim.url });
		await expect(startPayment(t.db, wrong, d.invoiceId, opts)).rejects.toBeInstanceOf(MidtransApiError);
		const [row] = await t.db.select().from(midtransTransactions).where(eq(midtransTransactions.invoiceId, d.invoiceId));
		expect(row.status).toBe('failed');
		expect(row.flag).toContain('401');
	});
});
