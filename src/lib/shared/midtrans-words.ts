/**
 * The Midtrans trail in words. Midtrans' own codes (`settlement`, `deny`), our outcomes
 * (`closed`, `paid-flagged`) and flags (`amount-mismatch: asked 150000, paid 100000`) stay stored
 * as they are — support compares them with Midtrans' dashboard — and are shown behind "Detail";
 * the office reads these words.
 */
import type { MessageKey } from './i18n/index';
import { formatRupiah } from './money';

const STATUS: Record<string, MessageKey> = {
	created: 'midtransWords.status.created',
	pending: 'midtransWords.status.pending',
	authorize: 'midtransWords.status.pending',
	capture: 'midtransWords.status.paid',
	settlement: 'midtransWords.status.paid',
	paid: 'midtransWords.status.paid',
	deny: 'midtransWords.status.deny',
	cancel: 'midtransWords.status.cancel',
	expire: 'midtransWords.status.expire',
	failure: 'midtransWords.status.failure',
	failed: 'midtransWords.status.failure',
	unused: 'midtransWords.status.unused',
	refund: 'midtransWords.status.refund',
	partial_refund: 'midtransWords.status.partialRefund',
	chargeback: 'midtransWords.status.refund',
	partial_chargeback: 'midtransWords.status.partialRefund'
};

const OUTCOME: Record<string, MessageKey> = {
	paid: 'midtransWords.outcome.paid',
	'paid-flagged': 'midtransWords.outcome.paidFlagged',
	'already-paid': 'midtransWords.outcome.alreadyPaid',
	refunded: 'midtransWords.outcome.refunded',
	'refund-already-applied': 'midtransWords.outcome.alreadyPaid',
	pending: 'midtransWords.outcome.pending',
	closed: 'midtransWords.outcome.closed',
	ignored: 'midtransWords.outcome.ignored',
	stale: 'midtransWords.outcome.ignored',
	'not-found': 'midtransWords.outcome.notFound',
	'unknown-order': 'midtransWords.outcome.notFound',
	'order-mismatch': 'midtransWords.outcome.mismatch',
	'bad-amount': 'midtransWords.outcome.mismatch',
	malformed: 'midtransWords.outcome.malformed',
	'signature-mismatch': 'midtransWords.outcome.forged',
	error: 'midtransWords.outcome.error'
};

const REASON: Record<string, MessageKey> = {
	notification: 'midtransWords.reason.notification',
	scheduled: 'midtransWords.reason.scheduled',
	'pay-page': 'midtransWords.reason.payPage'
};

/** A Midtrans transaction status or an attempt's state, in words; null shows as a dash. */
export function midtransStatusKey(status: string | null | undefined): MessageKey | null {
	if (!status) return null;
	return STATUS[status] ?? 'midtransWords.other';
}

export function midtransOutcomeKey(outcome: string | null | undefined): MessageKey | null {
	if (!outcome) return null;
	return OUTCOME[outcome] ?? 'midtransWords.other';
}

export function midtransReasonKey(reason: string): MessageKey {
	return REASON[reason] ?? 'midtransWords.other';
}

export interface Words {
	key: MessageKey;
	values?: Record<string, string | number>;
}

/** Each part of a stored flag (`a; b`) in words, amounts as rupiah. */
export function midtransFlagWords(flag: string | null | undefined): Words[] {
	if (!flag) return [];
	return flag
		.split(';')
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part): Words => {
			const amounts = /asked (\d+), paid (\d+)/.exec(part);
			if (part.startsWith('amount-mismatch') && amounts) return { key: 'midtransWords.flag.amountMismatch', values: { asked: formatRupiah(Number(amounts[1])), paid: formatRupiah(Number(amounts[2])) } };
			const refund = /^refund: (\d+) of (\d+)/.exec(part);
			if (refund) return { key: 'midtransWords.flag.refund', values: { amount: formatRupiah(Number(refund[1])), of: formatRupiah(Number(refund[2])) } };
			if (part.startsWith('paid-twice')) return { key: 'midtransWords.flag.paidTwice' };
			if (part.startsWith('paid-after-void')) return { key: 'midtransWords.flag.paidAfterVoid' };
			if (part.startsWith('fraud review')) return { key: 'midtransWords.flag.fraudReview' };
			if (part.startsWith('abandoned')) return { key: 'midtransWords.flag.abandoned' };
			if (part.startsWith('snap')) return { key: 'midtransWords.flag.snapFailed' };
			return { key: 'midtransWords.flag.other' };
		});
}

/** What a processed notification or status check did, in words: its outcome, and a restore when one was queued. */
export function midtransDetailWords(detail: string | null | undefined): Words[] {
	const restore = /restore queued for (\d+)/.exec(detail ?? '');
	return restore ? [{ key: 'midtransWords.restoreQueued', values: { count: Number(restore[1]) } }] : [];
}
