import { describe, expect, it } from 'vitest';
import {
	billingDayFor,
	dueDateOf,
	isolationDateOf,
	nextBillingDate,
	periodFrom,
	periodsToInvoice,
	prorate
} from './periods';

describe('billing periods', () => {
	it('a full period runs from the billing day to the day before the next one', () => {
		expect(periodFrom('2026-11-05', 5)).toEqual({ start: '2026-11-05', end: '2026-12-04', days: 30, fullDays: 30 });
		expect(periodFrom('2026-12-05', 5)).toEqual({ start: '2026-12-05', end: '2027-01-04', days: 31, fullDays: 31 });
	});

	it('February, and billing day 28', () => {
		expect(periodFrom('2026-02-28', 28)).toEqual({ start: '2026-02-28', end: '2026-03-27', days: 28, fullDays: 28 });
		expect(periodFrom('2028-02-28', 28)).toEqual({ start: '2028-02-28', end: '2028-03-27', days: 29, fullDays: 29 });
		expect(periodFrom('2026-01-28', 28).end).toBe('2026-02-27');
		expect(nextBillingDate('2026-02-27', 28)).toBe('2026-02-28');
		expect(nextBillingDate('2026-02-28', 28)).toBe('2026-03-28');
	});

	it('a subscription starting on the 31st gets billing day 28 and a short, prorated first period', () => {
		expect(billingDayFor('2026-01-31')).toBe(28);
		expect(billingDayFor('2026-03-29')).toBe(28);
		expect(billingDayFor('2026-03-12')).toBe(12);
		const first = periodFrom('2026-01-31', 28);
		// 31 Jan – 27 Feb is 28 of the 31 days of the 28 Jan – 27 Feb period.
		expect(first).toEqual({ start: '2026-01-31', end: '2026-02-27', days: 28, fullDays: 31 });
		expect(prorate(150000, first.days, first.fullDays)).toBe(135484);
	});

	it('prorates mid-cycle starts, rounding half up to whole rupiah', () => {
		const p = periodFrom('2026-11-20', 1);
		expect(p).toEqual({ start: '2026-11-20', end: '2026-11-30', days: 11, fullDays: 30 });
		expect(prorate(150000, 11, 30)).toBe(55000);
		expect(prorate(100000, 1, 30)).toBe(3333); // 3333.33
		expect(prorate(100001, 15, 30)).toBe(50001); // 50000.5 rounds up
		expect(prorate(150000, 30, 30)).toBe(150000);
	});

	it('lists the periods to issue, catching up after downtime, up to the lead-time horizon', () => {
		expect(periodsToInvoice({ nextStart: '2026-12-01', billingDay: 1, today: '2026-11-23', leadDays: 7 })).toEqual([]);
		expect(periodsToInvoice({ nextStart: '2026-12-01', billingDay: 1, today: '2026-11-24', leadDays: 7 }).map((p) => p.start)).toEqual([
			'2026-12-01'
		]);
		const late = periodsToInvoice({ nextStart: '2026-09-01', billingDay: 1, today: '2026-11-24', leadDays: 7 });
		expect(late.map((p) => p.start)).toEqual(['2026-09-01', '2026-10-01', '2026-11-01', '2026-12-01']);
	});

	it('due and isolation dates', () => {
		expect(dueDateOf('2026-11-25', 10)).toBe('2026-12-05');
		expect(isolationDateOf('2026-12-05', 3)).toBe('2026-12-09');
	});
});
