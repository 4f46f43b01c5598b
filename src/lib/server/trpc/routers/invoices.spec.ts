import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../../tests/fixtures';
import { customers, invoices } from '../../db/schema';
import { runBilling } from '../../billing/billing-run';
import { recordPayment } from '../../billing/payments';
import { DEFAULT_BILLING_RULES } from '../../../shared/schemas/billing-rules';
import { translator } from '../../../shared/i18n/index';
import type { SessionUser } from '../../auth/session';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let north: Isp, south: Isp;
let office: SessionUser, tech: SessionUser;

/** A customer of `isp` at `address`, billed for November 2026; returns the invoice. */
async function billed(isp: Isp, address: string) {
	const customerId = await makeCustomer(t.db, isp);
	await t.db.update(customers).set({ address }).where(eq(customers.id, customerId));
	const subscriptionId = await makeSubscription(t.db, isp, customerId, { startDate: '2026-11-01' });
	await runBilling(t.db, { today: '2026-11-01', rules: DEFAULT_BILLING_RULES, subscriptionIds: [subscriptionId] });
	const [invoice] = await t.db.select().from(invoices).where(eq(invoices.subscriptionId, subscriptionId));
	return invoice;
}

beforeAll(async () => {
	t = await createTestDatabase();
	north = await makeIsp(t.db);
	south = await makeIsp(t.db);
	office = await makeUser('office');
	tech = await makeUser('technician', [north.areaId]);
});
afterAll(async () => t?.drop());

describe('invoices.printBatch', () => {
	it("prints a month's open invoices in delivery order, with their lines and pay links, for the office only", async () => {
		const second = await billed(north, 'Jl. Mawar 2');
		const first = await billed(north, 'Jl. Anggrek 9');
		const paid = await billed(north, 'Jl. Kenanga 1');
		const elsewhere = await billed(south, 'Jl. Anggrek 1');
		const voided = await billed(north, 'Jl. Bakung 3');
		await t.db.update(invoices).set({ status: 'void', voidReason: 'salah' }).where(eq(invoices.id, voided.id));
		await recordPayment(
			t.db,
			{ customerId: paid.customerId, invoiceId: paid.id, amount: paid.amount, method: 'cash', receivedAt: new Date('2026-11-02T03:00:00Z'), source: 'office', externalId: `print-${paid.id}`, collectedBy: null },
			{ timeZone: 'Asia/Jakarta', rules: DEFAULT_BILLING_RULES, actorUserId: null, ipAddress: null, t: translator('id'), now: new Date('2026-11-02T03:00:00Z') }
		);

		const open = await callerAs(office).invoices.printBatch({ period: '2026-11', areaId: north.areaId });
		expect(open.truncated).toBe(false);
		expect(open.invoices.map((b) => b.invoice.number)).toEqual([first.number, second.number]);
		expect(open.invoices[0].items.reduce((sum, l) => sum + l.amount, 0)).toBe(first.amount);
		expect(open.invoices[0].payLink).toMatch(new RegExp(`/pay/${first.payToken}$`));
		expect(open.invoices[0]).not.toHaveProperty('invoice.payToken');

		const all = await callerAs(office).invoices.printBatch({ period: '2026-11', onlyOpen: false });
		expect(all.invoices.map((b) => b.invoice.number)).toEqual(expect.arrayContaining([first.number, second.number, paid.number, elsewhere.number]));
		expect(all.invoices.map((b) => b.invoice.number)).not.toContain(voided.number);
		expect((await callerAs(office).invoices.printBatch({ period: '2026-10' })).invoices).toEqual([]);

		expect((await errorOf(callerAs(tech).invoices.printBatch({ period: '2026-11' }))).code).toBe('FORBIDDEN');
		expect(fieldErrorsOf(await errorOf(callerAs(office).invoices.printBatch({ period: '2026-13' })))).toEqual({ period: ['Bulan tidak valid (TTTT-BB).'] });
	});
});
