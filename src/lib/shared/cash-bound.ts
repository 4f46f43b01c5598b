/**
 * The sanity bound on field cash (issue #12, finding 8). A typo of a few zeros — Rp 1.000.000.000
 * for a Rp 150.000 invoice — would restore service and leave a huge credit without anyone noticing.
 *
 * The rule, one place for the phone and the server: cash is *far above what is owed* when
 *
 *     amount > max(owed × multiple, owed + margin)
 *
 * where `owed` is everything the customer owes when the payment is applied (on the phone: what
 * its copy shows), `multiple` allows paying several months ahead (default 3× what is owed) and
 * `margin` an amount in rupiah above what is owed however little that is (default Rp 500.000),
 * so a customer who owes nothing may still prepay a month or two. Such a payment is recorded as
 * collected — the money is in the technician's hand — but flagged for the office
 * (`cash-above-owed`), and the phone asks the technician to confirm it before queuing it.
 *
 * Shared with the browser: no Node modules.
 */
import { z } from 'zod';
import { MAX_AMOUNT } from './money';

export const CASH_BOUND_KEY = 'payments.cashBound';

export interface CashBound {
	multiple: number;
	margin: number;
}

export const DEFAULT_CASH_BOUND: CashBound = { multiple: 3, margin: 500_000 };

const multiple = z.int({ message: 'validation.cashBoundMultiple' }).min(1, { message: 'validation.cashBoundMultiple' }).max(100, { message: 'validation.cashBoundMultiple' });
const margin = z.int({ message: 'validation.cashBoundMargin' }).min(0, { message: 'validation.cashBoundMargin' }).max(MAX_AMOUNT, { message: 'validation.cashBoundMargin' });

/** The stored setting; a missing one is the default. */
export const cashBoundSchema = z.object({ multiple: multiple.default(DEFAULT_CASH_BOUND.multiple), margin: margin.default(DEFAULT_CASH_BOUND.margin) });
/** The settings form: the same bounds, no defaults (an empty field is an error). */
export const cashBoundInput = z.object({ multiple, margin });

/** The most cash that is not far above `owed`. */
export function cashLimit(owed: number, bound: CashBound): number {
	const due = Math.max(0, owed);
	return Math.max(due * bound.multiple, due + bound.margin);
}

export function isFarAboveOwed(amount: number, owed: number, bound: CashBound): boolean {
	return amount > cashLimit(owed, bound);
}
