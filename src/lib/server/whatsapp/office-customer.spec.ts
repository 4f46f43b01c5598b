/**
 * The office's side of the WhatsApp events, through tRPC on a real database: the per-customer
 * opt-out and message history, bulk reminders from the reminder lists, and the event settings
 * with their Meta template mapping.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../tests/trpc';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { auditLog, customers, invoices } from '../db/schema';
import { writeSetting } from '../settings';
import { runBilling } from '../billing/billing-run';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { localDateOf } from '../../shared/dates';
import { WA_GATEWAY_KEY } from './gateway-settings';
import { configureWhatsAppEvents, WA_EVENTS_KEY } from './events';
import type { SessionUser } from '../auth/session';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let admin: SessionUser, office: SessionUser, tech: SessionUser;
let seq = 50_000_000;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	[admin, office, tech] = await Promise.all([makeUser('admin'), makeUser('office'), makeUser('technician')]);
	configureWhatsAppEvents({ publicBaseUrl: 'https://isp.test', timeZone: () => 'Asia/Jakarta' });
});
afterAll(async () => {
	configureWhatsAppEvents(null);
	await t?.drop();
});
beforeEach(async () => {
	await writeSetting(t.db, WA_GATEWAY_KEY, { kind: 'fonnte' }, null);
	// Only what the test does writes messages: the billing run's own "invoice issued" stays off.
	await writeSetting(t.db, WA_EVENTS_KEY, { enabled: { invoice_issued: false } }, null);
});

/** A customer with a phone and one open invoice due on the 11th of next month's start. */
async function owingCustomer(opts: { optOut?: boolean; phone?: string | null } = {}) {
	const id = await makeCustomer(t.db, isp);
	seq += 1;
	await t.db.update(customers).set({ phone: opts.phone === undefined ? `0813${seq}` : opts.phone, whatsappOptOut: opts.optOut ?? false }).where(eq(customers.id, id));
	const subscriptionId = await makeSubscription(t.db, isp, id, { startDate: '2026-09-01', paidThrough: '2026-08-31' });
	await runBilling(t.db, { today: '2026-09-02', rules: DEFAULT_BILLING_RULES });
	const [inv] = await t.db.select().from(invoices).where(eq(invoices.customerId, id));
	return { id, subscriptionId, invoiceId: inv.id };
}

const count = async (where = sql`1 = 1`) => Number(((await t.db.execute(sql`SELECT COUNT(*) AS n FROM wa_messages WHERE ${where}`)) as unknown as [[{ n: number }]])[0][0].n);

describe('opt-out and history on the customer page', () => {
	it('the office sets the opt-out (audited once), reminders skip it, the history lists what was sent with the answer', async () => {
		const c = await owingCustomer();
		const as = callerAs(office);
		expect(await as.whatsapp.customerHistory({ customerId: c.id })).toEqual({ optOut: false, messages: [] });

		await as.whatsapp.setOptOut({ customerId: c.id, optOut: true });
		await as.whatsapp.setOptOut({ customerId: c.id, optOut: true });
		const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, c.id));
		expect(audits.filter((a) => a.action === 'customer.whatsappOptOut')).toHaveLength(1);

		const summary = await as.whatsapp.bulkReminders({ kind: 'due', ids: [c.invoiceId] });
		expect(summary).toMatchObject({ selected: 1, queued: 0, optedOut: 1 });

		await as.whatsapp.setOptOut({ customerId: c.id, optOut: false });
		expect(await as.whatsapp.bulkReminders({ kind: 'due', ids: [c.invoiceId] })).toMatchObject({ queued: 1 });
		await t.db.execute(sql`UPDATE wa_messages SET status = 'failed', last_error = 'invalid_number: not on WhatsApp' WHERE customer_id = ${c.id}`);
		const history = await as.whatsapp.customerHistory({ customerId: c.id });
		expect(history.optOut).toBe(false);
		expect(history.messages).toHaveLength(1);
		expect(history.messages[0]).toMatchObject({ kind: 'due_soon', status: 'failed', lastError: 'invalid_number: not on WhatsApp', lastOutcome: null });
	});

	it('refuses a technician, and an unknown customer with a clear 404', async () => {
		const c = await owingCustomer();
		expect((await errorOf(callerAs(tech).whatsapp.setOptOut({ customerId: c.id, optOut: true }))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(tech).whatsapp.customerHistory({ customerId: c.id }))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(office).whatsapp.customerHistory({ customerId: randomUUID() }))).code).toBe('NOT_FOUND');
	});
});

describe('bulk reminders', () => {
	it('one message per ticked row, a second click the same day adds none, and the send is audited with its summary', async () => {
		const a = await owingCustomer();
		const b = await owingCustomer({ phone: null });
		const as = callerAs(office);
		const first = await as.whatsapp.bulkReminders({ kind: 'due', ids: [a.invoiceId, b.invoiceId] });
		expect(first).toEqual({ selected: 2, queued: 1, alreadyToday: 0, optedOut: 0, noPhone: 1, nothingOwed: 0 });
		const again = await as.whatsapp.bulkReminders({ kind: 'due', ids: [a.invoiceId, b.invoiceId] });
		expect(again).toMatchObject({ queued: 0, alreadyToday: 1 });
		const today = localDateOf(new Date(), 'Asia/Jakarta');
		expect(await count(sql`dedupe_key = ${`bulk_due:${a.invoiceId}:${today}`}`)).toBe(1);
		const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'whatsapp.bulkReminders'));
		expect(audits.length).toBeGreaterThanOrEqual(2);
	});

	it('"everyone under the filter" sends to the isolated list; without a gateway it refuses and writes nothing', async () => {
		const c = await owingCustomer();
		await t.db.execute(sql`UPDATE subscriptions SET status = 'isolated', isolation_reason = 'arrears' WHERE id = ${c.subscriptionId}`);
		const name = (await t.db.select().from(customers).where(eq(customers.id, c.id)))[0].name;
		const as = callerAs(office);

		await writeSetting(t.db, WA_GATEWAY_KEY, { kind: 'links' }, null);
		const before = await count();
		expect((await errorOf(as.whatsapp.bulkReminders({ kind: 'isolated', filter: { search: name } }))).code).toBe('CONFLICT');
		expect(await count()).toBe(before);

		await writeSetting(t.db, WA_GATEWAY_KEY, { kind: 'fonnte' }, null);
		const sent = await as.whatsapp.bulkReminders({ kind: 'isolated', filter: { search: name } });
		expect(sent).toMatchObject({ selected: 1, queued: 1 });
		const [[row]] = (await t.db.execute(sql`SELECT kind, body FROM wa_messages WHERE customer_id = ${c.id}`)) as unknown as [[{ kind: string; body: string }]];
		expect(row.kind).toBe('isolated');
		expect(row.body).toContain('diisolir');
	});

	it('refuses a request naming neither rows nor a filter, in the user’s language', async () => {
		const err = await errorOf(callerAs(office).whatsapp.bulkReminders({ kind: 'due' } as never));
		expect(err.code).toBe('BAD_REQUEST');
	});
});

describe('event settings', () => {
	it('the admin maps an event to a Meta template; a parameter that is not the event’s placeholder is refused', async () => {
		const as = callerAs(admin);
		const saved = await as.whatsapp.saveEvents({
			enabled: { invoice_issued: true, due_soon: true, due_today: false, isolated: true, payment_receipt: true, restored: true, handover_confirmed: true },
			dueSoonDays: 5,
			metaTemplates: { payment_receipt: { name: 'lunas_receipt', language: 'id', params: ['nama', 'jumlah'] } }
		});
		expect(saved.dueSoonDays).toBe(5);
		expect((await as.whatsapp.events()).metaTemplates.payment_receipt).toEqual({ name: 'lunas_receipt', language: 'id', params: ['nama', 'jumlah'] });

		const bad = await errorOf(as.whatsapp.saveEvents({ enabled: saved.enabled, dueSoonDays: 5, metaTemplates: { restored: { name: 'x', language: 'id', params: ['link_bayar'] } } }));
		expect(fieldErrorsOf(bad)['metaTemplates.restored.params']?.[0]).toMatch(/link_bayar/);
		const badName = await errorOf(as.whatsapp.saveEvents({ enabled: saved.enabled, dueSoonDays: 5, metaTemplates: { restored: { name: 'Bad Name', language: 'id', params: [] } } }));
		expect(badName.code).toBe('BAD_REQUEST');
		expect((await errorOf(callerAs(office).whatsapp.saveEvents(saved))).code).toBe('FORBIDDEN');
	});
});

describe('the phone’s cash payment after sync', () => {
	it('writes the receipt in the push’s transaction, once however often the phone resends the batch', async () => {
		const c = await owingCustomer();
		const techInArea = await makeUser('technician', [isp.areaId]);
		const paymentId = randomUUID();
		const input = {
			deviceId: randomUUID(),
			operations: [{ seq: 1, opId: randomUUID(), op: { type: 'cash-payment' as const, paymentId, customerId: c.id, invoiceId: c.invoiceId, amount: 150000, receivedAt: new Date().toISOString() } }]
		};
		const first = await callerAs(techInArea).sync.push(input);
		expect(first.results[0].status).toBe('applied');
		await callerAs(techInArea).sync.push(input);
		expect(await count(sql`dedupe_key = ${`receipt:${paymentId}`}`)).toBe(1);
		const [[row]] = (await t.db.execute(sql`SELECT kind, body FROM wa_messages WHERE dedupe_key = ${`receipt:${paymentId}`}`)) as unknown as [[{ kind: string; body: string }]];
		expect(row.kind).toBe('payment_receipt');
		expect(row.body).toContain(first.results[0].result!.receiptNumber!);
	});
});
