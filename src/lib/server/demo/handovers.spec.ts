import { describe, expect, it } from 'vitest';
import { planHandovers } from './handovers';
import { Random } from './prng';

const zone = 'Asia/Jakarta';
// Instants at 10:00 WIB (03:00 UTC) on the given days.
const at = (day: string) => new Date(`${day}T03:00:00Z`);

describe('demo hand-overs', () => {
	it("hands each week's field cash over the Monday after, confirmed in full, and keeps the last week owed", () => {
		const now = at('2026-12-07'); // a Monday
		const cash = [
			{ id: 'a', amount: 150_000, receivedAt: at('2026-11-16') }, // Monday of week 1
			{ id: 'b', amount: 100_000, receivedAt: at('2026-11-22') }, // Sunday of week 1
			{ id: 'c', amount: 175_000, receivedAt: at('2026-11-25') }, // week 2: handed over 30 Nov, a week ago
			{ id: 'd', amount: 120_000, receivedAt: at('2026-12-02') } // last week: still with the technician
		];
		const handovers = planHandovers(cash, now, zone, new Random(1));
		expect(handovers.map((h) => [h.paymentIds, h.amount, h.countedAmount, h.expectedAmount])).toEqual([
			[['a', 'b'], 250_000, 250_000, 250_000],
			[['c'], 175_000, 175_000, 175_000]
		]);
		// Monday 23 Nov 16:00 WIB, confirmed half an hour later; nothing after now.
		expect(handovers[0].handedOverAt.toISOString()).toBe('2026-11-23T09:00:00.000Z');
		expect(handovers[0].confirmedAt.toISOString()).toBe('2026-11-23T09:30:00.000Z');
		for (const h of handovers) expect(h.confirmedAt.getTime()).toBeLessThan(now.getTime());
	});
});
