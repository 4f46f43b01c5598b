import { describe, expect, it } from 'vitest';
import { localDateOf } from '../../shared/dates';
import { Random } from './prng';
import {
	isPastGrace,
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
	it('run from billing day to the day before the next, due ten days after the start', () => {
		const periods = recentPeriods(28, '2025-01-28', '2026-03-10', 4, 150_000);
		expect(periods.map((p) => p.periodStart)).toEqual(['2025-11-28', '2025-12-28', '2026-01-28', '2026-02-28']);
		expect(periods[2]).toEqual({ periodStart: '2026-01-28', periodEnd: '2026-02-27', dueDate: '2026-02-07', amount: 150_000 });
		expect(recentPeriods(28, '2026-02-28', '2026-03-10', 6, 150_000)).toHaveLength(1);
		expect(recentPeriods(28, '2026-03-28', '2026-03-10', 6, 150_000)).toHaveLength(0);
	});

	it('open with the engine\'s short, prorated period when the start falls between billing days', () => {
		// A start on 30 Jan gets billing day 28: 30 Jan – 27 Feb is 29 of the 31 days of 28 Jan – 27 Feb.
		const periods = recentPeriods(28, '2026-01-30', '2026-03-10', 6, 150_000);
		expect(periods).toEqual([
			{ periodStart: '2026-01-30', periodEnd: '2026-02-27', dueDate: '2026-02-09', amount: 140_323 },
			{ periodStart: '2026-02-28', periodEnd: '2026-03-27', dueDate: '2026-03-10', amount: 150_000 }
		]);
	});
});

describe('demo payment history', () => {
	const now = new Date('2026-03-20T03:00:00Z');
	const today = localDateOf(now, TIME_ZONE);
	const periods = recentPeriods(5, '2025-06-05', today, 5, 150_000);
	const base = {
		timeZone: TIME_ZONE,
		now,
		today,
		startDate: '2025-06-05',
		createdAt: new Date('2025-06-02T03:00:00Z'),
		periods,
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
