import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { fieldErrorsOf, errorOf, trpcTester } from '../../../../tests/trpc';
import { makeCustomer, makeIsp, type Isp } from '../../../../tests/fixtures';
import { payments } from '../db/schema';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
});
afterAll(async () => t?.drop());

describe('the payments list', () => {
	it('finds the payments flagged for the office, and only those', async () => {
		const office = await makeUser('office');
		const customerId = await makeCustomer(t.db, isp);
		const row = (flag: string | null) => {
			const id = randomUUID();
			return { id, receiptNumber: `RCP-${id.slice(0, 8)}`, customerId, amount: 10_000, method: 'cash' as const, receivedAt: new Date(), source: 'office' as const, externalId: id, flag };
		};
		const flagged = row('device-cash-invoice-paid:INV-202611-000001');
		await t.db.insert(payments).values([flagged, row(null), row(null)]);

		const onlyFlagged = await callerAs(office).payments.list({ customerId, flagged: '1' });
		expect(onlyFlagged.total).toBe(1);
		expect(onlyFlagged.rows[0]).toMatchObject({ id: flagged.id, flag: 'device-cash-invoice-paid:INV-202611-000001' });
		expect((await callerAs(office).payments.list({ customerId, flagged: '0' })).total).toBe(2);
		expect((await callerAs(office).payments.list({ customerId })).total).toBe(3);
		// A value the filter does not know is that field's error, not a 500.
		expect(Object.keys(fieldErrorsOf(await errorOf(callerAs(office).payments.list({ customerId, flagged: 'maybe' }))))).toEqual(['flagged']);
	});
});
