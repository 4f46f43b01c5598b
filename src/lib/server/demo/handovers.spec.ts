import { describe, expect, it } from 'vitest';
import { planHandovers } from './handovers';
import { Random } from './prng';

const zone = 'Asia/Jakarta';
// Instants at 10:00 WIB (03:00 UTC) on the given days.
const at = (day: string) => new Date(`${day}T03:00:00Z`);

describe('demo hand-overs', () => {
	it("hands each week's field cash over the Monday after, confirmed in full but the latest, and keeps the last week owed", () => {
		const now = at('2026-12-07'); // a Monday
		const cash = [
			{ id: 'a', amount: 150_000, receivedAt: at('2026-11-16') }, // Monday of week 1
			{ id: 'b', amount: 100_000, receivedAt: at('2026-11-22') }, // Sunday of week 1
			{ id: 'c', amount: 175_000, receivedAt: at('2026-11-25') }, // week 2: handed over 30 Nov, a week ago
			{ id: 'd', amount: 120_000, receivedAt: at('2026-12-02') } // last week: still with the technician
		];
		const handovers = planHandovers(cash, now, zone, new Random(1));
		// The latest hand-over (30 Nov) waits for the office's count; the one before is confirmed in full.
		expect(handovers.map((h) => [h.paymentIds, h.status, h.amount, h.countedAmount, h.expectedAmount])).toEqual([
			[['a', 'b'], 'confirmed', 250_000, 250_000, 250_000],
			[['c'], 'pending', 175_000, null, 175_000]
		]);
		// Monday 23 Nov 16:00 WIB, confirmed half an hour later; nothing after now.
		expect(handovers[0].handedOverAt.toISOString()).toBe('2026-11-23T09:00:00.000Z');
		expect(handovers[0].confirmedAt?.toISOString()).toBe('2026-11-23T09:30:00.000Z');
		expect(handovers[1].handedOverAt.toISOString()).toBe('2026-11-30T09:00:00.000Z');
		expect(handovers[1].confirmedAt).toBeNull();
		for (const h of handovers) expect(h.handedOverAt.getTime()).toBeLessThan(now.getTime());
	});

	it('plans the same hand-overs, ids included, from the same cash and day (the seed is deterministic)', () => {
		const now = at('2026-12-07');
		const cash = [
			{ id: 'a', amount: 150_000, receivedAt: at('2026-11-16') },
			{ id: 'c', amount: 175_000, receivedAt: at('2026-11-25') }
		];
		expect(planHandovers(cash, now, zone, new Random(7))).toEqual(planHandovers(cash, now, zone, new Random(7)));
	});

	it('has nothing to confirm when no week is handed over yet', () => {
		const cash = [{ id: 'd', amount: 120_000, receivedAt: at('2026-12-02') }];
		expect(planHandovers(cash, at('2026-12-07'), zone, new Random(1))).toEqual([]);
	});
});
