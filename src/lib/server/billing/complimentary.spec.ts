/**
 * Complimentary subscriptions (a free account kept on the router): the billing run, a package
 * change's proration and the overdue run all leave them alone, while the paying neighbour beside
 * them is billed and isolated as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makePackage, makeStaff, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { billingAdjustments, invoices, routerJobs, subscriptions } from '../db/schema';
import { runBilling } from './billing-run';
import { runOverdue } from './overdue-run';
import { changePackage, type SubscriptionContext } from './subscriptions';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { translator } from '../../shared/i18n/index';

const rules = DEFAULT_BILLING_RULES;
let t: TestDatabase;
let isp: Isp;
let actor: string;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	actor = (await makeStaff(t.db, 'office')).id;
});
afterAll(async () => t?.drop());

const ctxOn = (day: string): SubscriptionContext => ({
	timeZone: 'Asia/Jakarta',
	rules,
	actorUserId: actor,
	ipAddress: null,
	t: translator('id'),
	now: new Date(`${day}T03:00:00Z`),
	secretsKey: 'cd'.repeat(32)
});
const invoicesOf = (id: string) => t.db.select().from(invoices).where(eq(invoices.subscriptionId, id)).orderBy(invoices.periodStart);
const makeFree = (id: string) => t.db.update(subscriptions).set({ complimentary: true }).where(eq(subscriptions.id, id));

async function pair(startDate: string) {
	const paying = await makeSubscription(t.db, isp, await makeCustomer(t.db, isp), { startDate, billingDay: 1 });
	const free = await makeSubscription(t.db, isp, await makeCustomer(t.db, isp), { startDate, billingDay: 1 });
	await makeFree(free);
	return { paying, free };
}

describe('a complimentary subscription', () => {
	it('is never invoiced by the billing run, month after month, catching up included', async () => {
		const { paying, free } = await pair('2026-09-20');
		for (const today of ['2026-09-20', '2026-10-24', '2026-11-24', '2027-01-10']) await runBilling(t.db, { today, rules });
		expect((await invoicesOf(paying)).length).toBeGreaterThanOrEqual(4);
		expect(await invoicesOf(free)).toEqual([]);
	});

	it('owes no proration when its package changes', async () => {
		const { paying, free } = await pair('2026-11-01');
		await runBilling(t.db, { today: '2026-11-01', rules });
		const bigger = await makePackage(t.db, 210000);
		// 16–30 Nov is 15 of 30 days: 105000 − 75000 for the paying one, nothing for the free one.
		expect((await changePackage(t.db, { subscriptionId: paying, packageId: bigger }, ctxOn('2026-11-16'))).adjustment).toBe(30000);
		expect((await changePackage(t.db, { subscriptionId: free, packageId: bigger }, ctxOn('2026-11-16'))).adjustment).toBe(0);
		expect(await t.db.select().from(billingAdjustments).where(eq(billingAdjustments.subscriptionId, free))).toEqual([]);
		// The router still gets the new package's profile.
		const jobs = await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, free));
		expect(jobs.map((j) => j.action)).toEqual(['provision']);
	});

	it('is not isolated by the overdue run, even with an unpaid invoice from before it became free', async () => {
		const paying = await makeSubscription(t.db, isp, await makeCustomer(t.db, isp), { startDate: '2026-12-01', billingDay: 1 });
		const free = await makeSubscription(t.db, isp, await makeCustomer(t.db, isp), { startDate: '2026-12-01', billingDay: 1 });
		await runBilling(t.db, { today: '2026-12-01', rules });
		expect(await invoicesOf(free)).toHaveLength(1);
		await makeFree(free);
		// Due 11 Dec, 3 days' grace: 15 Dec is the first day that isolates.
		await runOverdue(t.db, { today: '2026-12-15', rules });
		const rows = await t.db.select().from(subscriptions).where(inArray(subscriptions.id, [paying, free]));
		const state = new Map(rows.map((r) => [r.id, [r.status, r.desiredRouterState]]));
		expect(state.get(paying)).toEqual(['isolated', 'isolated']);
		expect(state.get(free)).toEqual(['active', 'active']);
		expect(await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, free))).toEqual([]);
	});
});
