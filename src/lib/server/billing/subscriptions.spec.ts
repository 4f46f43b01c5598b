import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makePackage, makeStaff, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { billingAdjustments, customers, invoices, packages, routerJobs, subscriptions } from '../db/schema';
import { changePackage, createSubscription, isolateByHand, kickSubscription, provisionSubscription, restoreByHand, terminate, type SubscriptionContext } from './subscriptions';
import { voidInvoice } from './invoices';
import { runBilling } from './billing-run';
import { recordPayment } from './payments';
import { decryptSecret } from '../crypto/secret-box';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { translator } from '../../shared/i18n/index';
import { FieldValidationError } from '../trpc/trpc';

const rules = DEFAULT_BILLING_RULES;
const key = 'cd'.repeat(32);
let t: TestDatabase;
let isp: Isp;
let actor: string;

function ctxOn(day: string): SubscriptionContext {
	return { timeZone: 'Asia/Jakarta', rules, actorUserId: actor, ipAddress: null, t: translator('id'), now: new Date(`${day}T03:00:00Z`), secretsKey: key };
}
async function fieldsOf(p: Promise<unknown>): Promise<string[]> {
	const err = await p.then(() => null, (e) => e);
	expect(err).toBeInstanceOf(FieldValidationError);
	return Object.keys((err as FieldValidationError).fieldErrors);
}
const sub = async (id: string) => (await t.db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0];
const jobsOf = (id: string) => t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, id)).orderBy(routerJobs.id);

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	actor = (await makeStaff(t.db, 'office')).id;
});
afterAll(async () => t?.drop());

describe('creating a subscription', () => {
	it('stores the password encrypted, queues provisioning, issues the first invoice, and is idempotent by id', async () => {
		const customer = await makeCustomer(t.db, isp);
		const id = randomUUID();
		const input = { id, customerId: customer, packageId: isp.packageId, routerId: isp.routerId, serviceUsername: 'siti.aminah', servicePassword: 'rahasia99', startDate: '2026-11-20', autoRenew: true };
		expect(await createSubscription(t.db, input, ctxOn('2026-11-20'))).toEqual({ id, duplicate: false });
		expect(await createSubscription(t.db, input, ctxOn('2026-11-20'))).toEqual({ id, duplicate: true });
		const row = await sub(id);
		expect(row).toMatchObject({ billingDay: 20, status: 'active', desiredRouterState: 'active' });
		expect(row.servicePasswordEnc).not.toContain('rahasia99');
		expect(decryptSecret(row.servicePasswordEnc!, key)).toBe('rahasia99');
		expect((await jobsOf(id)).map((j) => j.action)).toEqual(['provision']);
		const inv = await t.db.select().from(invoices).where(eq(invoices.subscriptionId, id));
		expect(inv.map((i) => [i.periodStart, i.periodEnd, i.amount])).toEqual([['2026-11-20', '2026-12-19', 150000]]);
	});

	it('refuses bad input naming the field, and writes nothing', async () => {
		const customer = await makeCustomer(t.db, isp);
		const base = { customerId: customer, packageId: isp.packageId, routerId: isp.routerId, serviceUsername: 'budi01', servicePassword: 'rahasia99', startDate: '2026-11-20', autoRenew: true };
		const inactive = await makeCustomer(t.db, isp);
		await t.db.update(customers).set({ status: 'inactive' }).where(eq(customers.id, inactive));
		expect(await fieldsOf(createSubscription(t.db, { ...base, customerId: inactive }, ctxOn('2026-11-20')))).toEqual(['customerId']);
		expect(await fieldsOf(createSubscription(t.db, { ...base, customerId: randomUUID() }, ctxOn('2026-11-20')))).toEqual(['customerId']);
		expect(await fieldsOf(createSubscription(t.db, { ...base, packageId: randomUUID() }, ctxOn('2026-11-20')))).toEqual(['packageId']);
		expect(await fieldsOf(createSubscription(t.db, { ...base, startDate: '2024-01-01' }, ctxOn('2026-11-20')))).toEqual(['startDate']);
		expect(await fieldsOf(createSubscription(t.db, { ...base, servicePassword: undefined }, ctxOn('2026-11-20')))).toEqual(['serviceUsername']);
		await createSubscription(t.db, base, ctxOn('2026-11-20'));
		const other = await makeCustomer(t.db, isp);
		expect(await fieldsOf(createSubscription(t.db, { ...base, customerId: other }, ctxOn('2026-11-20')))).toEqual(['serviceUsername']);
		expect(await t.db.select().from(subscriptions).where(eq(subscriptions.customerId, other))).toHaveLength(0);
	});
});

describe('subscription actions', () => {
	it('a package change mid-period puts the prorated difference on the next invoice', async () => {
		const customer = await makeCustomer(t.db, isp);
		const id = await makeSubscription(t.db, isp, customer, { startDate: '2026-11-01', billingDay: 1 });
		await runBilling(t.db, { today: '2026-11-01', rules });
		const bigger = await makePackage(t.db, 210000);
		expect(await fieldsOf(changePackage(t.db, { subscriptionId: id, packageId: isp.packageId }, ctxOn('2026-11-16')))).toEqual(['packageId']);
		// 16–30 Nov is 15 of 30 days: 105000 − 75000.
		const { adjustment } = await changePackage(t.db, { subscriptionId: id, packageId: bigger }, ctxOn('2026-11-16'));
		expect(adjustment).toBe(30000);
		expect((await jobsOf(id)).map((j) => [j.action, j.desiredState])).toEqual([['provision', 'active']]);
		await runBilling(t.db, { today: '2026-11-24', rules });
		const [, dec] = await t.db.select().from(invoices).where(eq(invoices.subscriptionId, id)).orderBy(invoices.periodStart);
		expect(dec).toMatchObject({ periodStart: '2026-12-01', amount: 240000 });
		const [adj] = await t.db.select().from(billingAdjustments).where(eq(billingAdjustments.subscriptionId, id));
		expect(adj.invoiceId).toBe(dec.id);
	});

	it('isolate and restore by hand with a reason; terminate frees the username', async () => {
		const customer = await makeCustomer(t.db, isp);
		const id = await makeSubscription(t.db, isp, customer, { startDate: '2026-11-01', paidThrough: '2026-11-30' });
		expect(await fieldsOf(restoreByHand(t.db, { subscriptionId: id, reason: 'coba' }, ctxOn('2026-11-10')))).toEqual(['subscriptionId']);
		await isolateByHand(t.db, { subscriptionId: id, reason: 'Perangkat dipinjam tetangga' }, ctxOn('2026-11-10'));
		expect(await sub(id)).toMatchObject({ status: 'isolated', isolationReason: 'manual', desiredRouterState: 'isolated' });
		expect(await fieldsOf(restoreByHand(t.db, { subscriptionId: id, reason: 'janji', holdUntil: '2027-03-01' }, ctxOn('2026-11-10')))).toEqual(['holdUntil']);
		await restoreByHand(t.db, { subscriptionId: id, reason: 'Janji bayar tgl 20', holdUntil: '2026-11-20' }, ctxOn('2026-11-10'));
		expect(await sub(id)).toMatchObject({ status: 'active', isolationHoldUntil: '2026-11-20' });
		const before = await sub(id);
		await terminate(t.db, { subscriptionId: id, reason: 'Pindah rumah' }, ctxOn('2026-11-12'));
		expect(await sub(id)).toMatchObject({ status: 'terminated', desiredRouterState: 'absent', liveServiceUsername: null, autoRenew: false });
		expect((await jobsOf(id)).map((j) => j.action)).toEqual(['isolate', 'restore', 'remove']);
		// The username can be given to a new customer on the same router.
		const next = await makeCustomer(t.db, isp);
		await createSubscription(t.db, { customerId: next, packageId: isp.packageId, routerId: isp.routerId, serviceUsername: before.serviceUsername!, servicePassword: 'baru1234', startDate: '2026-11-12', autoRenew: true }, ctxOn('2026-11-12'));
		expect(await fieldsOf(isolateByHand(t.db, { subscriptionId: id, reason: 'lagi' }, ctxOn('2026-11-12')))).toEqual(['subscriptionId']);
	});

	it('voiding an unpaid invoice is allowed; one with payments is refused', async () => {
		const customer = await makeCustomer(t.db, isp);
		const id = await makeSubscription(t.db, isp, customer, { startDate: '2026-10-01' });
		await runBilling(t.db, { today: '2026-10-25', rules });
		const [oct, nov] = await t.db.select().from(invoices).where(eq(invoices.subscriptionId, id)).orderBy(invoices.periodStart);
		await recordPayment(t.db, { customerId: customer, invoiceId: oct.id, amount: 1000, method: 'cash', receivedAt: new Date('2026-10-26T03:00:00Z'), source: 'office', externalId: randomUUID(), collectedBy: actor }, ctxOn('2026-10-26'));
		expect(await fieldsOf(voidInvoice(t.db, { invoiceId: oct.id, reason: 'salah' }, ctxOn('2026-10-26')))).toEqual(['invoiceId']);
		await voidInvoice(t.db, { invoiceId: nov.id, reason: 'Gratis sebulan (promo)' }, ctxOn('2026-10-26'));
		const [after] = await t.db.select().from(invoices).where(eq(invoices.id, nov.id));
		expect(after).toMatchObject({ status: 'void', voidReason: 'Gratis sebulan (promo)' });
	});
});

describe('router requests on a subscription', () => {
	it('provision and kick each queue one job per request id, and answer the job a resend finds', async () => {
		const customer = await makeCustomer(t.db, isp);
		const id = await makeSubscription(t.db, isp, customer, { startDate: '2026-11-01' });
		const requestId = randomUUID();
		const first = await provisionSubscription(t.db, { subscriptionId: id, requestId }, ctxOn('2026-11-10'));
		expect(await provisionSubscription(t.db, { subscriptionId: id, requestId }, ctxOn('2026-11-10'))).toEqual(first);
		const kick = await kickSubscription(t.db, { subscriptionId: id, requestId }, ctxOn('2026-11-10'));
		expect(await kickSubscription(t.db, { subscriptionId: id, requestId }, ctxOn('2026-11-10'))).toEqual(kick);
		const jobs = await jobsOf(id);
		expect(jobs.map((j) => [j.id, j.action, j.desiredState])).toEqual([
			[first.jobId, 'provision', 'active'],
			[kick.jobId, 'kick', null]
		]);
		// Another router while it has one: refused on the field, nothing queued.
		expect(await provisionSubscription(t.db, { subscriptionId: id, routerId: randomUUID(), requestId: randomUUID() }, ctxOn('2026-11-10')).then(() => null, (e) => Object.keys(e.fields))).toEqual(['routerId']);
		expect(await jobsOf(id)).toHaveLength(2);
	});

	it('refuses to kick a subscription with no router or no session, and one that has ended', async () => {
		const customer = await makeCustomer(t.db, isp);
		const noRouter = await makeSubscription(t.db, isp, customer, { startDate: '2026-11-01' });
		await t.db.update(subscriptions).set({ routerId: null }).where(eq(subscriptions.id, noRouter));
		await expect(kickSubscription(t.db, { subscriptionId: noRouter, requestId: randomUUID() }, ctxOn('2026-11-10'))).rejects.toMatchObject({ kind: 'conflict', msg: { key: 'validation.noRouter' } });
		const staticPackage = await makePackage(t.db, 100000);
		await t.db.update(packages).set({ serviceType: 'static' }).where(eq(packages.id, staticPackage));
		const fixed = await makeSubscription(t.db, isp, customer, { startDate: '2026-11-01', packageId: staticPackage });
		await expect(kickSubscription(t.db, { subscriptionId: fixed, requestId: randomUUID() }, ctxOn('2026-11-10'))).rejects.toMatchObject({ kind: 'conflict', msg: { key: 'validation.noSession' } });
		await terminate(t.db, { subscriptionId: fixed, reason: 'Pindah rumah' }, ctxOn('2026-11-10'));
		await expect(provisionSubscription(t.db, { subscriptionId: fixed, requestId: randomUUID() }, ctxOn('2026-11-10'))).rejects.toMatchObject({ kind: 'conflict', msg: { key: 'validation.terminated' } });
		expect((await jobsOf(noRouter)).length).toBe(0);
	});
});
