/**
 * The server and the phone spread a payment the same way: random ledgers are written to the real
 * database, the server records a payment on them, and the phone's offline effect
 * (client/offline/local-effects.ts) is computed on the same rows as a pull would send them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makeStaff, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { invoices } from '../db/schema';
import { recordPayment, type LedgerContext } from './payments';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { translator } from '../../shared/i18n/index';
import { allocatePayment } from '../../client/offline/local-effects';
import type { LocalInvoice } from '../../client/offline/db';

let t: TestDatabase;
let isp: Isp;
let cashier: string;
let numbers = 0;

const ctx = (): LedgerContext => ({
	timeZone: 'Asia/Jakarta',
	rules: DEFAULT_BILLING_RULES,
	actorUserId: cashier,
	ipAddress: '10.0.0.5',
	t: translator('id'),
	now: new Date('2026-12-01T03:00:00Z')
});

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	cashier = (await makeStaff(t.db, 'office')).id;
});
afterAll(async () => t?.drop());

/** One customer's open invoices: subscriptions share months (ties), numbers are not in date order. */
const ledgerArb = fc.record({
	subscriptions: fc.integer({ min: 1, max: 3 }),
	invoices: fc.uniqueArray(
		fc.record({
			subscription: fc.integer({ min: 0, max: 2 }),
			month: fc.integer({ min: 1, max: 9 }),
			dueDay: fc.constantFrom(5, 10),
			amount: fc.integer({ min: 1, max: 400_000 }),
			paidShare: fc.constantFrom(0, 0, 0.25, 0.5, 0.99)
		}),
		{ minLength: 1, maxLength: 8, selector: (r) => `${r.subscription}:${r.month}` }
	),
	payment: fc.integer({ min: 1, max: 2_500_000 }),
	pointAt: fc.option(fc.nat(), { nil: null })
});

describe('server and phone allocate alike', () => {
	it('on random ledgers, the recorded allocations are the ones the phone showed offline', async () => {
		await fc.assert(
			fc.asyncProperty(ledgerArb, async (l) => {
				const customerId = await makeCustomer(t.db, isp);
				const subs: string[] = [];
				for (let k = 0; k < l.subscriptions; k += 1) subs.push(await makeSubscription(t.db, isp, customerId, { startDate: '2026-01-01' }));
				const rows = l.invoices.map((r) => {
					numbers += 1;
					const month = String(r.month).padStart(2, '0');
					return {
						id: randomUUID(),
						// Numbers run against the period order, so the tie-break on number is exercised.
						number: `INV-2026${month}-${String(900_000 - numbers).padStart(6, '0')}`,
						subscriptionId: subs[r.subscription % subs.length],
						customerId,
						periodStart: `2026-${month}-01`,
						periodEnd: `2026-${month}-28`,
						amount: r.amount,
						amountPaid: Math.floor(r.amount * r.paidShare),
						dueDate: `2026-${month}-${String(r.dueDay).padStart(2, '0')}`,
						status: r.paidShare > 0 ? ('partial' as const) : ('unpaid' as const),
						payToken: randomUUID().replace(/-/g, '')
					};
				});
				// Two invoices of different subscriptions may now share a period; the unique key is per subscription.
				const unique = [...new Map(rows.map((r) => [`${r.subscriptionId}:${r.periodStart}`, r])).values()];
				await t.db.insert(invoices).values(unique);
				const pointed = l.pointAt === null ? null : unique[l.pointAt % unique.length].id;

				// The phone, offline, on the rows a pull sends.
				const local: LocalInvoice[] = unique.map((r) => ({ ...r, version: 1 }));
				const paymentId = randomUUID();
				const phone = allocatePayment(local, { paymentId, amount: l.payment, invoiceId: pointed });
				const phoneShares = new Map(phone.changed.flatMap((i) => (i.localOps?.[paymentId] ? [[i.id, i.localOps[paymentId]] as const] : [])));

				// The server, on the database.
				const out = await recordPayment(
					t.db,
					{ id: paymentId, customerId, invoiceId: pointed ?? undefined, amount: l.payment, method: 'cash', receivedAt: new Date('2026-12-01T03:00:00Z'), source: 'office', externalId: paymentId, collectedBy: cashier },
					ctx()
				);
				expect(new Map(out.allocations.map((a) => [a.invoiceId, a.amount]))).toEqual(phoneShares);
				expect(out.creditAdded).toBe(phone.surplus);
				const stored = await t.db.select().from(invoices).where(eq(invoices.customerId, customerId));
				for (const inv of stored) expect(inv.amountPaid, inv.number).toBe((unique.find((u) => u.id === inv.id)?.amountPaid ?? 0) + (phoneShares.get(inv.id) ?? 0));
			}),
			{ numRuns: 40 }
		);
	});
});
