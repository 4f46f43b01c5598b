import { describe, expect, it } from 'vitest';
import { localDateOf } from '../../shared/dates';
import { Random } from './prng';
import {
	billingDayFor,
	firstPeriodStart,
	isPastGrace,
	periodStartContaining,
	planSubscriptionHistory,
	recentPeriods,
	type PaymentChannel
} from './billing-history';

const TIME_ZONE = 'Asia/Jakarta';
const cash: PaymentChannel = {
	method: 'cash',
	source: 'office',
	collectedBy: null,
	fromMinutes: 8 * 60,
	toMinutes: 16 * 60,
	notes: []
};

describe('demo billing periods', () => {
	it('clamp the billing day to 28 and start the first period on or after the start date', () => {
		expect(billingDayFor('2026-01-15')).toBe(15);
		expect(billingDayFor('2026-01-30')).toBe(28);
		expect(firstPeriodStart('2026-01-15', 15)).toBe('2026-01-15');
		expect(firstPeriodStart('2026-01-30', 28)).toBe('2026-02-28');
	});

	it('run from billing day to the day before the next, due ten days after the start', () => {
		expect(periodStartContaining('2026-03-04', 5)).toBe('2026-02-05');
		expect(periodStartContaining('2026-03-05', 5)).toBe('2026-03-05');
		const periods = recentPeriods(28, '2025-01-28', '2026-03-10', 4);
		expect(periods.map((p) => p.periodStart)).toEqual(['2025-11-28', '2025-12-28', '2026-01-28', '2026-02-28']);
		expect(periods[2]).toEqual({ periodStart: '2026-01-28', periodEnd: '2026-02-27', dueDate: '2026-02-07' });
		expect(recentPeriods(28, '2026-02-28', '2026-03-10', 6)).toHaveLength(1);
		expect(recentPeriods(28, '2026-03-28', '2026-03-10', 6)).toHaveLength(0);
	});
});

describe('demo payment history', () => {
	const now = new Date('2026-03-20T03:00:00Z');
	const today = localDateOf(now, TIME_ZONE);
	const periods = recentPeriods(5, '2025-06-05', today, 5);
	const base = {
		timeZone: TIME_ZONE,
		now,
		today,
		startDate: '2025-06-05',
		createdAt: new Date('2025-06-02T03:00:00Z'),
		periods,
		amount: 150_000,
		chooseChannel: () => cash
	};

	it('leaves a punctual payer with nothing past the grace period', () => {
		for (let seed = 1; seed <= 200; seed++) {
			const history = planSubscriptionHistory({ ...base, rng: new Random(seed), habit: 'punctual' });
			expect(history.isolatedOn).toBeNull();
			for (const invoice of history.invoices) {
				if (isPastGrace(invoice, today)) expect(invoice.status).toBe('paid');
				for (const p of invoice.payments) expect(p.receivedAt.getTime()).toBeLessThanOrEqual(now.getTime());
			}
		}
	});

	it('isolates a payer in arrears, with the open invoices at the end', () => {
		for (let seed = 1; seed <= 200; seed++) {
			const history = planSubscriptionHistory({ ...base, rng: new Random(seed), habit: 'arrears' });
			expect(history.isolatedOn).not.toBeNull();
			const firstOpen = history.invoices.findIndex((i) => i.status !== 'paid');
			expect(history.invoices.slice(firstOpen).every((i) => i.status !== 'paid')).toBe(true);
			expect(history.paidThrough).toBe(firstOpen === 0 ? '2025-11-04' : history.invoices[firstOpen - 1].periodEnd);
		}
	});
});
