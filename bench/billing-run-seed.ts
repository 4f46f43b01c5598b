/** The benchmark's data: N subscriptions that each have exactly one period to invoice on TODAY. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../src/lib/server/db/index';
import { areas, customers, packages, subscriptions } from '../src/lib/server/db/schema';
import { addDays } from '../src/lib/shared/dates';

export const TODAY = '2026-11-24';
// With a 7-day lead on 24 Nov, these billing days each have exactly one period to issue.
const BILLING_DAYS = [24, 25, 26, 27, 28, 1];

function nextStartFor(day: number): string {
	return day === 1 ? '2026-12-01' : `2026-11-${day}`;
}

export async function seed(db: Db, n: number) {
	const areaId = randomUUID();
	await db.insert(areas).values({ id: areaId, name: 'Bench' });
	const packageIds: Array<{ id: string; price: number }> = [];
	for (const [i, price] of [100000, 150000, 200000, 275000, 350000].entries()) {
		const id = randomUUID();
		packageIds.push({ id, price });
		await db.insert(packages).values({ id, name: `Bench ${i}`, price, routerProfile: `p${i}`, rateLimit: '10M/10M' });
	}
	const chunk = 2000;
	for (let start = 0; start < n; start += chunk) {
		const size = Math.min(chunk, n - start);
		const custRows = [];
		const subRows = [];
		for (let k = 0; k < size; k++) {
			const i = start + k;
			const customerId = randomUUID();
			custRows.push({ id: customerId, code: `B${String(i).padStart(7, '0')}`, name: `Pelanggan ${i}`, address: 'Jl. Bench', areaId });
			const day = BILLING_DAYS[i % BILLING_DAYS.length];
			subRows.push({
				id: randomUUID(),
				customerId,
				packageId: packageIds[i % packageIds.length].id,
				serviceUsername: `b${i}`,
				liveServiceUsername: `b${i}`,
				billingDay: day,
				startDate: '2025-01-01',
				paidThrough: addDays(nextStartFor(day), -1)
			});
		}
		await db.insert(customers).values(custRows);
		await db.insert(subscriptions).values(subRows);
	}
}

