import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makeStaff, type Isp } from '../../../../tests/fixtures';
import { cashHandovers, handoverPayments, payments } from '../db/schema';
import { handoverListInput } from '../../shared/schemas/handovers';
import { listHandovers } from './handovers';

const TZ = 'Asia/Jakarta';
const wib = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+07:00`);

let t: TestDatabase;
let isp: Isp;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
});
afterAll(async () => {
	await t?.drop();
});

async function handover(technicianId: string, at: Date, opts: { status?: 'pending' | 'confirmed'; amounts?: number[]; note?: string } = {}) {
	const customerId = await makeCustomer(t.db, isp);
	const id = randomUUID();
	const amounts = opts.amounts ?? [10_000];
	const paymentIds = amounts.map(() => randomUUID());
	await t.db.insert(payments).values(
		amounts.map((amount, i) => ({
			id: paymentIds[i],
			receiptNumber: `RCP-${paymentIds[i].slice(0, 8)}`,
			customerId,
			amount,
			method: 'cash' as const,
			collectedBy: technicianId,
			receivedAt: new Date(at.getTime() - (amounts.length - i) * 60_000),
			source: 'device' as const,
			externalId: paymentIds[i]
		}))
	);
	const total = amounts.reduce((s, a) => s + a, 0);
	await t.db.insert(cashHandovers).values({ id, technicianId, expectedAmount: total, amount: total, status: opts.status ?? 'pending', note: opts.note ?? null, handedOverAt: at });
	await t.db.insert(handoverPayments).values(paymentIds.map((paymentId) => ({ paymentId, handoverId: id })));
	return { id, paymentIds };
}

describe('the office\'s hand-over list', () => {
	it('pages newest first, filters by technician, status and local day, and lists each hand-over\'s receipts', async () => {
		const [dimas, sari] = [await makeStaff(t.db, 'technician'), await makeStaff(t.db, 'technician')];
		const first = await handover(dimas.id, wib('2026-11-01', '17:00'), { amounts: [20_000, 30_000], note: 'setoran sore' });
		for (let i = 2; i <= 12; i++) await handover(dimas.id, wib(`2026-11-${String(i).padStart(2, '0')}`, '17:00'), { status: 'confirmed' });
		// 23:30 WIB on the 12th is the 12th locally, though already the 12th 16:30 UTC.
		await handover(sari.id, wib('2026-11-12', '23:30'));

		const page1 = await listHandovers(t.db, handoverListInput.parse({ pageSize: 10 }), TZ);
		expect(page1.total).toBe(13);
		expect(page1.rows).toHaveLength(10);
		expect(page1.rows[0].technicianName).toBe(sari.name);
		const page2 = await listHandovers(t.db, handoverListInput.parse({ pageSize: 10, cursor: page1.nextCursor! }), TZ);
		expect(page2.rows.map((r) => r.id)).toContain(first.id);
		const oldest = page2.rows.at(-1)!;
		expect(oldest).toMatchObject({ payments: 2, expectedAmount: 50_000, note: 'setoran sore' });
		expect(oldest.receipts.map((r) => [r.paymentId, r.amount])).toEqual([
			[first.paymentIds[0], 20_000],
			[first.paymentIds[1], 30_000]
		]);

		const pending = await listHandovers(t.db, handoverListInput.parse({ status: 'pending' }), TZ);
		expect(pending.rows.map((r) => r.technicianName).sort()).toEqual([dimas.name, sari.name].sort());
		expect((await listHandovers(t.db, handoverListInput.parse({ technicianId: sari.id }), TZ)).total).toBe(1);
		const day = await listHandovers(t.db, handoverListInput.parse({ from: '2026-11-12', to: '2026-11-12' }), TZ);
		expect(day.rows.map((r) => r.technicianName).sort()).toEqual([dimas.name, sari.name].sort());
		expect((await listHandovers(t.db, handoverListInput.parse({ search: 'sore' }), TZ)).rows.map((r) => r.id)).toEqual([first.id]);
	});

	it('refuses a date that is not one', () => {
		expect(handoverListInput.safeParse({ from: '2026-13-01' }).success).toBe(false);
	});
});
