import { describe, expect, it } from 'vitest';
import { lastMonths, monthsBetween } from './months';

describe('months in the ISP zone', () => {
	it('starts a Jakarta month at 17:00 UTC the day before', () => {
		const [nov] = monthsBetween('2026-11', '2026-11', 'Asia/Jakarta');
		expect(nov.from.toISOString()).toBe('2026-10-31T17:00:00.000Z');
		expect(nov.to.toISOString()).toBe('2026-11-30T17:00:00.000Z');
	});

	it('takes "now" in the ISP zone: 23:30 WIB on 31 Oct is October, 00:30 WIB on 1 Nov is November', () => {
		expect(lastMonths(new Date('2026-10-31T16:30:00Z'), 1, 'Asia/Jakarta')[0].month).toBe('2026-10');
		expect(lastMonths(new Date('2026-10-31T17:30:00Z'), 1, 'Asia/Jakarta')[0].month).toBe('2026-11');
	});

	it('lists twelve contiguous months across a year end', () => {
		const months = lastMonths(new Date('2026-02-10T03:00:00Z'), 12, 'Asia/Jakarta');
		expect(months.map((m) => m.month)).toEqual(['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02']);
		for (let i = 1; i < months.length; i++) expect(months[i].from).toEqual(months[i - 1].to);
	});
});
