/**
 * The billing past of one demo subscription: its monthly periods under the DESIGN §4 defaults,
 * and when (and whether) each invoice was paid. Pure: no database, all dates in the ISP's zone.
 *
 * Consistency rules the rest of Lunas relies on, kept here by construction:
 * - a punctual payer pays every invoice no later than due + grace, so only the subscriptions
 *   planned to be in arrears ever have an unpaid invoice past the grace period;
 * - a payment later than `now` has not happened yet, which is what leaves the current month
 *   partly paid;
 * - the subscription's status is derived from the resulting invoices, never assumed.
 */
import { addDays, addMonthsClamped, localTimeToInstant, type LocalDate } from '../../shared/dates';
import { billingDateOnOrBefore, dueDateOf, isolationDateOf, periodAmount, periodFrom } from '../billing/periods';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import type { PaymentMethod, PaymentSource } from '../../shared/domain';
import type { Random } from './prng';

/** The demo ISP bills under the default rules (DESIGN §4). */
const { dueDays: DUE_AFTER_DAYS, graceDays: ISOLATION_GRACE_DAYS, invoiceLeadDays: INVOICE_LEAD_DAYS } = DEFAULT_BILLING_RULES;
/** Billing runs at night: invoices appear at 01:00 local. */
const BILLING_RUN_MINUTES = 60;

export interface BillingPeriod {
	periodStart: LocalDate;
	periodEnd: LocalDate;
	dueDate: LocalDate;
	/** The period's price, prorated like the billing engine does for a short first period. */
	amount: number;
}

export function periodStartingOn(periodStart: LocalDate, billingDay: number, price: number): BillingPeriod {
	const period = periodFrom(periodStart, billingDay);
	return { periodStart, periodEnd: period.end, dueDate: dueDateOf(periodStart, DUE_AFTER_DAYS), amount: periodAmount(period, price) };
}

/**
 * Up to `months` periods ending with the one that contains `today`, none before the start date.
 * The periods are the billing engine's (billing/periods.ts): a start between billing days opens
 * with a short, prorated period, so the engine's next run continues the history seamlessly.
 */
export function recentPeriods(billingDay: number, startDate: LocalDate, today: LocalDate, months: number, price: number): BillingPeriod[] {
	let start = addMonthsClamped(billingDateOnOrBefore(today, billingDay), -(months - 1), billingDay);
	if (start < startDate) start = startDate;
	const periods: BillingPeriod[] = [];
	while (start <= today) {
		const period = periodStartingOn(start, billingDay, price);
		periods.push(period);
		start = addDays(period.periodEnd, 1);
	}
	return periods;
}

/** An invoice is isolation-worthy once the grace after its due date has passed. */
export function isPastGrace(period: BillingPeriod, today: LocalDate): boolean {
	return isolationDateOf(period.dueDate, ISOLATION_GRACE_DAYS) <= today;
}

/** How one payment reaches the ISP, and the hours it typically happens in. */
export interface PaymentChannel {
	method: PaymentMethod;
	source: PaymentSource;
	collectedBy: string | null;
	/** Local minutes after midnight between which such payments come in. */
	fromMinutes: number;
	toMinutes: number;
	/** Varying detail for the payment note (bank, wallet), if any. */
	notes: readonly string[];
}

export interface PlannedPayment {
	amount: number;
	receivedAt: Date;
	channel: PaymentChannel;
	note: string | null;
}

export interface PlannedInvoice extends BillingPeriod {
	issuedAt: Date;
	payments: PlannedPayment[];
	amountPaid: number;
	status: 'unpaid' | 'partial' | 'paid';
	overdueSince: LocalDate | null;
}

export interface SubscriptionHistory {
	invoices: PlannedInvoice[];
	paidThrough: LocalDate | null;
	/** The local day the overdue run would have isolated it, when it is isolated now. */
	isolatedOn: LocalDate | null;
}

export type PayerHabit = 'punctual' | 'arrears';

export interface HistoryInput {
	rng: Random;
	timeZone: string;
	now: Date;
	today: LocalDate;
	startDate: LocalDate;
	/** Nothing is invoiced before the customer existed. */
	createdAt: Date;
	periods: BillingPeriod[];
	habit: PayerHabit;
	chooseChannel: () => PaymentChannel;
}

/** Days after the period start a punctual payer pays: most early, some close to the deadline. */
function punctualPaymentDay(rng: Random): number {
	const [from, to] = rng.weighted<readonly [number, number]>([
		[[0, 3], 30],
		[[4, 8], 35],
		[[9, DUE_AFTER_DAYS], 25],
		[[DUE_AFTER_DAYS + 1, DUE_AFTER_DAYS + ISOLATION_GRACE_DAYS], 10]
	]);
	return rng.int(from, to);
}

function paymentOn(
	rng: Random,
	timeZone: string,
	date: LocalDate,
	amount: number,
	channel: PaymentChannel
): PlannedPayment {
	return {
		amount,
		receivedAt: localTimeToInstant(date, rng.int(channel.fromMinutes, channel.toMinutes), timeZone),
		channel,
		note: channel.notes.length > 0 ? rng.pick(channel.notes) : null
	};
}

/** What a customer who cannot pay everything at once hands over: a round part of the bill. */
function partialAmount(rng: Random, amount: number): number {
	const share = rng.pick([0.3, 0.4, 0.5, 0.6]);
	return Math.max(10_000, Math.floor((amount * share) / 10_000) * 10_000);
}

/** A punctual payer pays in full, now and then in two instalments, always within the grace. */
function punctualPayments(input: HistoryInput, period: BillingPeriod): PlannedPayment[] {
	const { rng, timeZone } = input;
	const { amount } = period;
	const lastDay = DUE_AFTER_DAYS + ISOLATION_GRACE_DAYS;
	if (rng.chance(0.04)) {
		const firstDay = rng.int(0, lastDay - 5);
		const first = partialAmount(rng, amount);
		const channel = input.chooseChannel();
		return [
			paymentOn(rng, timeZone, addDays(period.periodStart, firstDay), first, channel),
			paymentOn(rng, timeZone, addDays(period.periodStart, rng.int(firstDay + 3, lastDay)), amount - first, channel)
		];
	}
	return [paymentOn(rng, timeZone, addDays(period.periodStart, punctualPaymentDay(rng)), amount, input.chooseChannel())];
}

/** Sometimes a customer in arrears hands over part of the oldest bill to show good will. */
function arrearsPayments(input: HistoryInput, period: BillingPeriod, isOldestUnpaid: boolean): PlannedPayment[] {
	const { rng, timeZone } = input;
	const { amount } = period;
	if (!isOldestUnpaid || !rng.chance(0.35)) return [];
	const day = addDays(period.periodStart, rng.int(2, DUE_AFTER_DAYS));
	return [paymentOn(rng, timeZone, day, partialAmount(rng, amount), input.chooseChannel())];
}

/**
 * How many trailing invoices an arrears payer leaves open: 1–3 months, but at least enough that
 * the oldest open one is past the grace period (otherwise they would not be isolated yet).
 * Zero when the subscription is too young to be in arrears.
 */
function arrearsMonths(input: HistoryInput): number {
	const { rng, periods, today } = input;
	let months = rng.weighted([
		[1, 45],
		[2, 35],
		[3, 20]
	]);
	while (months <= periods.length && !isPastGrace(periods[periods.length - months], today)) months++;
	return months <= periods.length ? months : 0;
}

function issuedAt(input: HistoryInput, period: BillingPeriod): Date {
	const run = localTimeToInstant(addDays(period.periodStart, -INVOICE_LEAD_DAYS), BILLING_RUN_MINUTES, input.timeZone);
	return run < input.createdAt ? input.createdAt : run;
}

function settle(input: HistoryInput, period: BillingPeriod, planned: PlannedPayment[]): PlannedInvoice {
	// A payment scheduled after `now` has simply not happened yet.
	const payments = planned.filter((p) => p.receivedAt <= input.now);
	const amountPaid = payments.reduce((sum, p) => sum + p.amount, 0);
	const status = amountPaid >= period.amount ? 'paid' : amountPaid > 0 ? 'partial' : 'unpaid';
	return {
		...period,
		issuedAt: issuedAt(input, period),
		payments,
		amountPaid,
		status,
		overdueSince: status !== 'paid' && period.dueDate < input.today ? addDays(period.dueDate, 1) : null
	};
}

/**
 * Last day covered by consecutive paid invoices. When the window of invoices starts after the
 * subscription's first period, the months before it count as paid (they were, before Lunas).
 */
function paidThroughOf(input: HistoryInput, invoices: PlannedInvoice[]): LocalDate | null {
	const first = invoices[0];
	const historyBeforeWindow =
		first !== undefined && input.startDate < first.periodStart;
	let paidThrough = historyBeforeWindow ? addDays(first.periodStart, -1) : null;
	for (const invoice of invoices) {
		if (invoice.status !== 'paid') break;
		paidThrough = invoice.periodEnd;
	}
	return paidThrough;
}

function isolatedOnOf(invoices: PlannedInvoice[], today: LocalDate): LocalDate | null {
	const oldestOpen = invoices.find((i) => i.status !== 'paid');
	if (!oldestOpen || !isPastGrace(oldestOpen, today)) return null;
	return isolationDateOf(oldestOpen.dueDate, ISOLATION_GRACE_DAYS);
}

export function planSubscriptionHistory(input: HistoryInput): SubscriptionHistory {
	const openMonths = input.habit === 'arrears' ? arrearsMonths(input) : 0;
	const firstOpen = input.periods.length - openMonths;
	const invoices = input.periods.map((period, index) =>
		settle(
			input,
			period,
			index < firstOpen ? punctualPayments(input, period) : arrearsPayments(input, period, index === firstOpen)
		)
	);
	return {
		invoices,
		paidThrough: paidThroughOf(input, invoices),
		isolatedOn: isolatedOnOf(invoices, input.today)
	};
}
