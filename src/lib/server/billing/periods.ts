/**
 * The calendar of a subscription: billing periods, due dates and proration. Pure functions on
 * local dates (YYYY-MM-DD in the ISP's zone); the billing run and the package change use them,
 * so there is one definition of every date rule.
 *
 * Rules (docs/ARCHITECTURE.md, "Billing"):
 * - A period starts on the billing day (1–28) of a month and ends the day before the billing
 *   day of the next month. Days 29–31 are not billing days: a subscription starting on the
 *   29th, 30th or 31st gets billing day 28 and a short first period up to the 27th of the next
 *   month (e.g. 31 Jan → 27 Feb), prorated.
 * - The first period runs from the start date to the day before the next billing day; when the
 *   start date is a billing day it is a full period.
 * - Proration charges price × days used / days of the full period that contains them, rounded
 *   half up to whole rupiah.
 */
import { addDays, addMonthsClamped, daysBetween, parseLocalDate, formatLocalDate, type LocalDate } from '../../shared/dates';

export const MAX_BILLING_DAY = 28;

/** The billing day a subscription starting on `startDate` gets by default. */
export function billingDayFor(startDate: LocalDate): number {
	return Math.min(parseLocalDate(startDate).day, MAX_BILLING_DAY);
}

function assertBillingDay(billingDay: number): void {
	if (!Number.isInteger(billingDay) || billingDay < 1 || billingDay > MAX_BILLING_DAY) {
		throw new RangeError(`billing day must be 1–${MAX_BILLING_DAY}, got ${billingDay}`);
	}
}

/** The first billing day strictly after `date`. */
export function nextBillingDate(date: LocalDate, billingDay: number): LocalDate {
	assertBillingDay(billingDay);
	const { year, month, day } = parseLocalDate(date);
	if (day < billingDay) return formatLocalDate(year, month, billingDay);
	return addMonthsClamped(formatLocalDate(year, month, 1), 1, billingDay);
}

/** The latest billing day on or before `date`: the start of the full period containing it. */
export function billingDateOnOrBefore(date: LocalDate, billingDay: number): LocalDate {
	assertBillingDay(billingDay);
	const { year, month, day } = parseLocalDate(date);
	if (day >= billingDay) return formatLocalDate(year, month, billingDay);
	return addMonthsClamped(formatLocalDate(year, month, 1), -1, billingDay);
}

export interface Period {
	start: LocalDate;
	end: LocalDate;
	/** Days in this period. */
	days: number;
	/** Days in the full period containing it (equal to `days` unless prorated). */
	fullDays: number;
}

/** The period beginning on `start` (a billing day, or a start date mid-cycle). */
export function periodFrom(start: LocalDate, billingDay: number): Period {
	const next = nextBillingDate(start, billingDay);
	const fullStart = billingDateOnOrBefore(start, billingDay);
	return { start, end: addDays(next, -1), days: daysBetween(start, next), fullDays: daysBetween(fullStart, next) };
}

/** price × days / fullDays, rounded half up to whole rupiah. */
export function prorate(price: number, days: number, fullDays: number): number {
	if (!Number.isSafeInteger(price) || !Number.isInteger(days) || !Number.isInteger(fullDays) || fullDays <= 0) {
		throw new RangeError('prorate needs integer price and day counts');
	}
	if (days >= fullDays) return price;
	return Math.floor((2 * price * days + fullDays) / (2 * fullDays));
}

/** What a period costs at `price`. */
export function periodAmount(period: Period, price: number): number {
	return prorate(price, period.days, period.fullDays);
}

/** Periods not yet invoiced that are due to be issued on `today`, oldest first. */
export function periodsToInvoice(input: {
	/** First day not yet covered by an invoice. */
	nextStart: LocalDate;
	billingDay: number;
	today: LocalDate;
	leadDays: number;
	/** Catch-up bound after downtime; beyond it the office is told instead. */
	max?: number;
}): Period[] {
	const horizon = addDays(input.today, input.leadDays);
	const out: Period[] = [];
	let start = input.nextStart;
	const max = input.max ?? 12;
	while (start <= horizon && out.length < max) {
		const period = periodFrom(start, input.billingDay);
		out.push(period);
		start = addDays(period.end, 1);
	}
	return out;
}

export function dueDateOf(periodStart: LocalDate, dueDays: number): LocalDate {
	return addDays(periodStart, dueDays);
}

/** The first local day on which an unpaid invoice isolates its subscription. */
export function isolationDateOf(dueDate: LocalDate, graceDays: number): LocalDate {
	return addDays(dueDate, graceDays + 1);
}

/**
 * The same rule seen from `today`: open invoices due on or before this day isolate today
 * (isolationDateOf(due) <= today), for the set-based queries.
 */
export function latestIsolatingDueDate(today: LocalDate, graceDays: number): LocalDate {
	return addDays(today, -(graceDays + 1));
}
