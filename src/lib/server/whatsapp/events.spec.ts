/**
 * The event hooks against a real database: each event writes exactly one outbox row, however
 * often it is retried, only when a gateway sends, and a worker delivers it through the simulator.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makeStaff, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { cashHandovers, customers, invoices, users } from '../db/schema';
import { writeSetting } from '../settings';
import { readIspProfile } from '../settings/profile';
import { MESSAGE_TEMPLATES_KEY } from '../../shared/templates';
import { runBilling } from '../billing/billing-run';
import { runOverdue } from '../billing/overdue-run';
import { recordPayment, type LedgerContext, type RecordPaymentInput } from '../billing/payments';
import { confirmHandover } from '../sync/handovers';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { translator } from '../../shared/i18n/index';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../whatsapp-sim/index';
import { WA_GATEWAY_KEY } from './gateway-settings';
import { QUIET_HOURS_KEY } from './quiet-hours';
import { configureWhatsAppEvents, waDueReminders, waInvoicesIssued, WA_EVENTS_KEY } from './events';
import { createFonnteGateway } from './fonnte';
import { createMetaGateway } from './meta';
import { WhatsAppWorker } from './worker';
import type { WhatsAppGateway } from './types';

const rules = DEFAULT_BILLING_RULES;
let t: TestDatabase;
let isp: Isp;
let cashier: string;
let sim: WhatsAppSimulator;
let phoneSeq = 40_000_000;

function ctxOn(day: string): LedgerContext {
	return { timeZone: 'Asia/Jakarta', rules, actorUserId: cashier, ipAddress: '10.0.0.5', t: translator('id'), now: new Date(`${day}T03:00:00Z`) };
}
function cash(customerId: string, amount: number, day: string, extra: Partial<RecordPaymentInput> = {}): RecordPaymentInput {
	return { customerId, amount, method: 'cash', receivedAt: new Date(`${day}T03:00:00Z`), source: 'office', externalId: randomUUID(), collectedBy: cashier, ...extra };
}

async function customerWithPhone(opts: { optOut?: boolean; phone?: string | null } = {}): Promise<{ id: string; phone: string | null }> {
	const id = await makeCustomer(t.db, isp);
	phoneSeq += 1;
	const phone = opts.phone === undefined ? `0812${phoneSeq}` : opts.phone;
	await t.db.update(customers).set({ phone, whatsappOptOut: opts.optOut ?? false }).where(eq(customers.id, id));
	return { id, phone };
}

async function messagesOf(customerId: string) {
	const [rows] = (await t.db.execute(sql`SELECT dedupe_key, kind, phone, status, body, template FROM wa_messages WHERE customer_id = ${customerId} ORDER BY id`)) as unknown as [
		Array<{ dedupe_key: string; kind: string; phone: string | null; status: string; body: string; template: unknown }>
	];
	return rows;
}

const kindsOf = async (customerId: string) => (await messagesOf(customerId)).map((m) => m.kind);

async function useGateway(kind: 'links' | 'fonnte' | 'meta'): Promise<void> {
	await writeSetting(t.db, WA_GATEWAY_KEY, { kind }, null);
}

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	cashier = (await makeStaff(t.db, 'office')).id;
	sim = await startWhatsAppSimulator({ fonnteToken: 'fonnte-token', metaAccessToken: 'meta-token', metaPhoneNumberId: '1234567890' });
	configureWhatsAppEvents({ publicBaseUrl: 'https://isp.test', timeZone: () => 'Asia/Jakarta' });
	await writeSetting(t.db, QUIET_HOURS_KEY, { enabled: false }, null);
});
afterAll(async () => {
	configureWhatsAppEvents(null);
	await sim?.close();
	await t?.drop();
});
beforeEach(async () => {
	await useGateway('fonnte');
	await writeSetting(t.db, WA_EVENTS_KEY, {}, null);
	sim.delivered.length = 0;
});

describe('invoice issued (billing run)', () => {
	it('writes nothing while the gateway is "links only"', async () => {
		await useGateway('links');
		const c = await customerWithPhone();
		await makeSubscription(t.db, isp, c.id, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
		await runBilling(t.db, { today: '2026-09-02', rules });
		expect(await t.db.select().from(invoices).where(eq(invoices.customerId, c.id))).toHaveLength(1);
		expect(await messagesOf(c.id)).toEqual([]);
	});

	it('writes one message per invoice with the pay link, and a rerun or a retried hook adds none', async () => {
		const c = await customerWithPhone();
		await makeSubscription(t.db, isp, c.id, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
		await runBilling(t.db, { today: '2026-09-02', rules });
		await runBilling(t.db, { today: '2026-09-02', rules });
		const [inv] = await t.db.select().from(invoices).where(eq(invoices.customerId, c.id));
		await t.db.transaction((tx) => waInvoicesIssued(tx, [inv.id]));
		const rows = await messagesOf(c.id);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ dedupe_key: `invoice_issued:${inv.id}`, kind: 'invoice_issued', status: 'queued', phone: `+62${c.phone!.slice(1)}` });
		expect(rows[0].body).toContain(`https://isp.test/pay/${inv.payToken}`);
		expect(rows[0].body).toContain('Rp 150.000');
	});

	it('skips a customer who opted out, one without a phone, and an event the admin switched off', async () => {
		const out = await customerWithPhone({ optOut: true });
		const none = await customerWithPhone({ phone: null });
		for (const c of [out, none]) await makeSubscription(t.db, isp, c.id, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
		await runBilling(t.db, { today: '2026-09-02', rules });
		expect(await messagesOf(out.id)).toEqual([]);
		expect(await messagesOf(none.id)).toEqual([]);

		await writeSetting(t.db, WA_EVENTS_KEY, { enabled: { invoice_issued: false } }, null);
		const off = await customerWithPhone();
		await makeSubscription(t.db, isp, off.id, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
		await runBilling(t.db, { today: '2026-09-02', rules });
		expect(await messagesOf(off.id)).toEqual([]);
	});
});

describe('reminders (due soon, due today)', () => {
	it('writes each once per invoice, replayed runs add nothing, opted-out customers are skipped', async () => {
		const c = await customerWithPhone();
		const out = await customerWithPhone({ optOut: true });
		for (const x of [c, out]) await makeSubscription(t.db, isp, x.id, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
		await writeSetting(t.db, WA_EVENTS_KEY, { enabled: { invoice_issued: false }, dueSoonDays: 3 }, null);
		await runBilling(t.db, { today: '2026-09-02', rules });
		const [inv] = await t.db.select().from(invoices).where(eq(invoices.customerId, c.id));
		expect(inv.dueDate).toBe('2026-09-11');

		const soon = await waDueReminders(t.db, '2026-09-08');
		await waDueReminders(t.db, '2026-09-08');
		const today = await waDueReminders(t.db, '2026-09-11');
		await waDueReminders(t.db, '2026-09-11');
		expect(soon.whatsappDueSoon).toBeGreaterThanOrEqual(1);
		expect(today.whatsappDueToday).toBeGreaterThanOrEqual(1);
		expect((await messagesOf(c.id)).map((m) => m.dedupe_key)).toEqual([`due_soon:${inv.id}`, `due_today:${inv.id}`]);
		expect(await messagesOf(out.id)).toEqual([]);
	});
});

describe('isolation, payment receipt and restore', () => {
	it('isolated once; the payment writes its receipt and the restore notice once, a resend adds nothing', async () => {
		const c = await customerWithPhone();
		const sub = await makeSubscription(t.db, isp, c.id, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
		await writeSetting(t.db, WA_EVENTS_KEY, { enabled: { invoice_issued: false } }, null);
		await runBilling(t.db, { today: '2026-09-02', rules });
		await runOverdue(t.db, { today: '2026-09-20', rules });
		await runOverdue(t.db, { today: '2026-09-21', rules });
		const [inv] = await t.db.select().from(invoices).where(eq(invoices.customerId, c.id));
		expect((await messagesOf(c.id)).map((m) => m.dedupe_key)).toEqual([`isolated:${sub}:${inv.id}`]);

		const payment = cash(c.id, 150000, '2026-09-22');
		const first = await recordPayment(t.db, payment, ctxOn('2026-09-22'));
		const again = await recordPayment(t.db, payment, ctxOn('2026-09-22'));
		expect(again.duplicate || again.paymentId === first.paymentId).toBe(true);
		expect(first.restoredSubscriptionIds).toEqual([sub]);
		const rows = await messagesOf(c.id);
		expect(rows.map((m) => m.kind)).toEqual(['isolated', 'restored', 'payment_receipt']);
		const receipt = rows.find((m) => m.kind === 'payment_receipt')!;
		expect(receipt.dedupe_key).toBe(`receipt:${first.paymentId}`);
		expect(receipt.body).toContain(first.receiptNumber!);
		expect(receipt.body).toContain('Rp 150.000');
	});

	it('an opted-out customer still gets the receipt, not the reminders', async () => {
		const c = await customerWithPhone({ optOut: true });
		await makeSubscription(t.db, isp, c.id, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
		await runBilling(t.db, { today: '2026-09-02', rules });
		await recordPayment(t.db, cash(c.id, 150000, '2026-09-03'), ctxOn('2026-09-03'));
		expect(await kindsOf(c.id)).toEqual(['payment_receipt']);
	});
});

describe('hand-over confirmed', () => {
	it('tells the technician once, however often the office confirms', async () => {
		const tech = await makeStaff(t.db, 'technician');
		await t.db.update(users).set({ phone: '081299990001' }).where(eq(users.id, tech.id));
		const id = randomUUID();
		await t.db.insert(cashHandovers).values({ id, technicianId: tech.id, expectedAmount: 300000, amount: 300000, handedOverAt: new Date('2026-09-22T03:00:00Z') });
		const actor = { userId: cashier, role: 'office' as const, ipAddress: null, t: translator('id') };
		await confirmHandover(t.db, { id, countedAmount: 300000, acceptShortfall: false, note: null }, actor);
		await confirmHandover(t.db, { id, countedAmount: 300000, acceptShortfall: false, note: null }, actor);
		const [rows] = (await t.db.execute(sql`SELECT kind, phone, body FROM wa_messages WHERE dedupe_key = ${`handover_confirmed:${id}`}`)) as unknown as [
			Array<{ kind: string; phone: string; body: string }>
		];
		expect(rows).toHaveLength(1);
		expect(rows[0].phone).toBe('+6281299990001');
		expect(rows[0].body).toContain('Rp 300.000');
	});
});

describe('through the gateway simulator', () => {
	async function deliverAll(gateway: WhatsAppGateway, check: () => boolean): Promise<void> {
		const worker = new WhatsAppWorker({ db: t.db, gateway: async () => gateway, timeZone: () => 'Asia/Jakarta', pollMs: 20, sweepEveryMs: 50 });
		worker.start();
		try {
			const end = Date.now() + 10_000;
			while (!check()) {
				if (Date.now() > end) throw new Error('not delivered in time');
				await new Promise((r) => setTimeout(r, 25));
			}
		} finally {
			await worker.stop();
		}
	}

	it('a receipt reaches the customer exactly once', async () => {
		await t.db.execute(sql`UPDATE wa_messages SET status = 'cancelled' WHERE status = 'queued'`);
		const c = await customerWithPhone();
		await makeSubscription(t.db, isp, c.id, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
		await writeSetting(t.db, WA_EVENTS_KEY, { enabled: { invoice_issued: false } }, null);
		await runBilling(t.db, { today: '2026-09-02', rules });
		const payment = cash(c.id, 150000, '2026-09-03');
		await recordPayment(t.db, payment, ctxOn('2026-09-03'));
		await recordPayment(t.db, payment, ctxOn('2026-09-03'));
		const to = `+62${c.phone!.slice(1)}`;
		await deliverAll(createFonnteGateway({ token: 'fonnte-token', baseUrl: sim.url, ratePerSecond: 50 }), () => sim.delivered.some((d) => d.to.endsWith(to.slice(3))));
		await new Promise((r) => setTimeout(r, 200));
		expect(sim.delivered.filter((d) => d.to.endsWith(to.slice(3)))).toHaveLength(1);
		expect((await messagesOf(c.id))[0].status).toBe('sent');
	});

	it('an ISP whose customer-message language is English sends the English defaults, dates written in English', async () => {
		await t.db.execute(sql`UPDATE wa_messages SET status = 'cancelled' WHERE status = 'queued'`);
		// A fresh ISP whose admin chose English and never edited a template.
		await writeSetting(t.db, MESSAGE_TEMPLATES_KEY, { language: 'en' }, null);
		try {
			const c = await customerWithPhone();
			await makeSubscription(t.db, isp, c.id, { startDate: '2026-10-01', paidThrough: '2026-09-30' });
			await runBilling(t.db, { today: '2026-10-02', rules });
			const out = await recordPayment(t.db, cash(c.id, 150000, '2026-10-03'), ctxOn('2026-10-03'));
			const [customer] = await t.db.select().from(customers).where(eq(customers.id, c.id));
			const digits = c.phone!.slice(1);
			await deliverAll(createFonnteGateway({ token: 'fonnte-token', baseUrl: sim.url, ratePerSecond: 50 }), () => sim.delivered.filter((d) => d.to.endsWith(digits)).length === 2);
			const [invoice, receipt] = sim.delivered.filter((d) => d.to.endsWith(digits)).map((d) => d.body);
			expect(invoice).toMatch(new RegExp(`^Dear ${customer.name} \\(${customer.code}\\),\nyour .* internet bill for the .* package, period 1 Oct 2026 – 31 Oct 2026, has been issued: Rp 150\\.000, due on \\d+ Oct 2026\\.`));
			expect(receipt).toBe(
				`Thank you ${customer.name} (${customer.code}).\nWe received your payment of Rp 150.000 for 1 Oct 2026 – 31 Oct 2026 on 3 Oct 2026 (receipt ${out.receiptNumber}).\n— ${(await readIspProfile(t.db)).name}`
			);
		} finally {
			await writeSetting(t.db, MESSAGE_TEMPLATES_KEY, {}, null);
		}
	});

	it('with Meta and a mapped template, the gateway sends `type: template` with the mapped parameters in order', async () => {
		await t.db.execute(sql`UPDATE wa_messages SET status = 'cancelled' WHERE status = 'queued'`);
		await useGateway('meta');
		await writeSetting(
			t.db,
			WA_EVENTS_KEY,
			{ enabled: { invoice_issued: false }, metaTemplates: { payment_receipt: { name: 'lunas_receipt', language: 'id', params: ['nama', 'jumlah', 'nomor'] } } },
			null
		);
		const c = await customerWithPhone();
		await makeSubscription(t.db, isp, c.id, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
		await runBilling(t.db, { today: '2026-09-02', rules });
		const out = await recordPayment(t.db, cash(c.id, 150000, '2026-09-03'), ctxOn('2026-09-03'));
		const [customer] = await t.db.select().from(customers).where(eq(customers.id, c.id));
		const gateway = createMetaGateway({ accessToken: 'meta-token', phoneNumberId: '1234567890', baseUrl: sim.url, ratePerSecond: 50 });
		const digits = c.phone!.slice(1);
		await deliverAll(gateway, () => sim.delivered.some((d) => d.to.endsWith(digits)));
		const sent = sim.delivered.filter((d) => d.to.endsWith(digits));
		expect(sent).toHaveLength(1);
		expect(sent[0].template).toEqual({ name: 'lunas_receipt', language: 'id', params: [customer.name, 'Rp 150.000', out.receiptNumber] });
	});
});
