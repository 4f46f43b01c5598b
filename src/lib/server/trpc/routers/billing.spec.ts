import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../../tests/fixtures';
import { areas, auditLog, payments } from '../../db/schema';
import { runBilling } from '../../billing/billing-run';
import { DEFAULT_BILLING_RULES } from '../../../shared/schemas/billing-rules';
import { localDateOf } from '../../../shared/dates';
import type { SessionUser } from '../../auth/session';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let otherArea: string;
let admin: SessionUser, office: SessionUser, tech: SessionUser;
let customer: string;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	otherArea = randomUUID();
	await t.db.insert(areas).values({ id: otherArea, name: 'Area Lain' });
	admin = await makeUser('admin');
	office = await makeUser('office');
	tech = await makeUser('technician', [otherArea]);
	customer = await makeCustomer(t.db, isp);
	const today = localDateOf(new Date(), 'Asia/Jakarta');
	await makeSubscription(t.db, isp, customer, { startDate: today });
	await runBilling(t.db, { today, rules: DEFAULT_BILLING_RULES });
});
afterAll(async () => t?.drop());

describe('billing procedures', () => {
	it('check roles on every action', async () => {
		const input = { idempotencyKey: randomUUID(), customerId: customer, amount: 10000, method: 'cash' as const };
		expect((await errorOf(callerAs(null).payments.record(input))).code).toBe('UNAUTHORIZED');
		expect((await errorOf(callerAs(tech).payments.record(input))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(office).payments.void({ paymentId: randomUUID(), reason: 'salah input' }))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(office).invoices.void({ invoiceId: randomUUID(), reason: 'salah input' }))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(office).billing.runNow({ task: 'billing' }))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(tech).subscriptions.terminate({ subscriptionId: randomUUID(), reason: 'pindah' }))).code).toBe('FORBIDDEN');
	});

	it('answer bad input with 400 naming the field, in the user language, and write nothing', async () => {
		const err = await errorOf(callerAs(office, 'en').payments.record({ idempotencyKey: 'not-a-uuid', customerId: customer, amount: -5, method: 'cash' }));
		expect(err.code).toBe('BAD_REQUEST');
		const fields = fieldErrorsOf(err, 'en');
		expect(Object.keys(fields).sort()).toEqual(['amount', 'idempotencyKey']);
		expect(fields.amount[0]).toMatch(/whole rupiah/);
		const fraction = await errorOf(callerAs(office).payments.record({ idempotencyKey: randomUUID(), customerId: customer, amount: 1500.5, method: 'cash' }));
		expect(Object.keys(fieldErrorsOf(fraction))).toEqual(['amount']);
		const unknown = await errorOf(callerAs(office).payments.record({ idempotencyKey: randomUUID(), customerId: randomUUID(), amount: 1000, method: 'cash' }));
		expect(unknown.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(unknown)).toEqual({ customerId: ['Tidak ditemukan.'] });
		const same = await errorOf(callerAs(office).subscriptions.create({ customerId: customer, packageId: isp.packageId, startDate: '2026-02-30' }));
		expect(Object.keys(fieldErrorsOf(same))).toEqual(['startDate']);
		expect(await t.db.select().from(payments).where(eq(payments.customerId, customer))).toHaveLength(0);
	});

	it('records a counter payment once per idempotency key, and lists it', async () => {
		const key = randomUUID();
		const first = await callerAs(office).payments.record({ idempotencyKey: key, customerId: customer, amount: 150000, method: 'cash' });
		const again = await callerAs(office).payments.record({ idempotencyKey: key, customerId: customer, amount: 150000, method: 'cash' });
		expect(again).toMatchObject({ paymentId: first.paymentId, duplicate: true });
		const page = await callerAs(office).payments.list({ customerId: customer });
		expect(page.total).toBe(1);
		expect(page.rows[0]).toMatchObject({ receiptNumber: first.receiptNumber, amount: 150000, collectorName: office.username });
		const receipt = await callerAs(office).payments.receipt({ id: first.paymentId });
		expect(receipt.lines.reduce((s, l) => s + l.amount, 0) + receipt.toCredit).toBe(150000);
	});

	it('technicians read invoices of their own areas only', async () => {
		const mine = await callerAs(office).invoices.list({ customerId: customer });
		expect(mine.total).toBe(1);
		expect((await callerAs(tech).invoices.list({})).total).toBe(0);
		expect((await errorOf(callerAs(tech).invoices.get({ id: mine.rows[0].id }))).code).toBe('NOT_FOUND');
		const detail = await callerAs(admin).invoices.get({ id: mine.rows[0].id });
		expect(detail.payToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(detail.items).toHaveLength(1);
	});

	it('subscriptions.get shows one subscription, never its password, within the caller\'s areas', async () => {
		const [invoice] = (await callerAs(office).invoices.list({ customerId: customer })).rows;
		const { subscription: sub } = await callerAs(admin).invoices.get({ id: invoice.id });
		const detail = await callerAs(office).subscriptions.get({ id: sub.id });
		expect(detail.customer.id).toBe(customer);
		expect(detail.subscription).toMatchObject({ id: sub.id, status: 'active', billingDay: expect.any(Number) });
		expect(JSON.stringify(detail)).not.toMatch(/password/i);
		expect((await errorOf(callerAs(tech).subscriptions.get({ id: sub.id }))).code).toBe('NOT_FOUND');
		expect((await callerAs(office).invoices.list({ subscriptionId: sub.id })).total).toBe(1);
		expect((await callerAs(office).invoices.list({ subscriptionId: randomUUID() })).total).toBe(0);
	});

	it('an admin changes the billing rules, audited, and starts a run that the office can watch', async () => {
		const rules = { ...DEFAULT_BILLING_RULES, graceDays: 5 };
		await callerAs(admin).billing.updateRules(rules);
		expect(await callerAs(office).billing.rules()).toEqual(rules);
		const bad = await errorOf(callerAs(admin).billing.updateRules({ ...rules, billingRunAt: '25:00' }));
		expect(Object.keys(fieldErrorsOf(bad))).toEqual(['billingRunAt']);
		const { runId } = await callerAs(admin).billing.runNow({ task: 'overdue' });
		for (let i = 0; i < 50; i++) {
			const run = (await callerAs(office).billing.runs()).find((r) => r.id === runId)!;
			if (run.status !== 'running') break;
			await new Promise((r) => setTimeout(r, 100));
		}
		const run = (await callerAs(office).billing.runs()).find((r) => r.id === runId)!;
		expect(run).toMatchObject({ task: 'overdue', status: 'done', triggeredBy: admin.id });
		// A run started by hand is on the audit trail, by whom; the rules change too.
		const audited = await t.db.select().from(auditLog).where(eq(auditLog.userId, admin.id));
		expect(audited.map((a) => [a.action, a.entityId])).toEqual(expect.arrayContaining([['settings.billingRules', expect.any(String)], ['task.overdue', String(runId)]]));
	});
});
