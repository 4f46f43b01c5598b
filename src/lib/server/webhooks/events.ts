/**
 * The event documents, one builder per event, so each event site emits with one line and the
 * shape a receiver sees is written down in one place (and in the OpenAPI document's `webhooks`).
 * Amounts are integer rupiah; instants ISO 8601 UTC; billing dates `YYYY-MM-DD` in the ISP's zone.
 */
import type { WebhookEvent } from './emit';

export interface PaymentFacts {
	id: string;
	receiptNumber: string | null;
	customerId: string;
	invoiceId?: string | null;
	amount: number;
	method: string;
	source: string;
	receivedAt: Date;
}

export const paymentRecorded = (p: PaymentFacts): WebhookEvent => ({
	type: 'payment.recorded',
	key: p.id,
	data: { paymentId: p.id, receiptNumber: p.receiptNumber, customerId: p.customerId, invoiceId: p.invoiceId ?? null, amount: p.amount, method: p.method, source: p.source, receivedAt: p.receivedAt.toISOString() }
});

export interface InvoiceFacts {
	id: string;
	number: string;
	customerId: string;
	subscriptionId: string;
	amount: number;
	periodStart: string;
	periodEnd: string;
	dueDate: string;
}

export const invoiceIssued = (i: InvoiceFacts): WebhookEvent => ({
	type: 'invoice.issued',
	key: i.id,
	data: { invoiceId: i.id, number: i.number, customerId: i.customerId, subscriptionId: i.subscriptionId, amount: i.amount, periodStart: i.periodStart, periodEnd: i.periodEnd, dueDate: i.dueDate }
});

export interface IsolationFacts {
	subscriptionId: string;
	customerId: string;
	/** `manual` (the office), `arrears` (unpaid past the grace period), `arrearsCleared` (paid, or the invoice voided). */
	reason: 'manual' | 'arrears' | 'arrearsCleared';
	/** The change's version: the same subscription isolated twice is two events. */
	version: number;
}

export const subscriptionIsolated = (s: IsolationFacts): WebhookEvent => ({
	type: 'subscription.isolated',
	key: `${s.subscriptionId}:${s.version}`,
	data: { subscriptionId: s.subscriptionId, customerId: s.customerId, reason: s.reason }
});

export const subscriptionRestored = (s: IsolationFacts): WebhookEvent => ({
	type: 'subscription.restored',
	key: `${s.subscriptionId}:${s.version}`,
	data: { subscriptionId: s.subscriptionId, customerId: s.customerId, reason: s.reason }
});
