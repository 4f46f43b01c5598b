import { z } from 'zod';
import { localDateInput, yearMonthInput } from './dates';
import { text } from './text';
import { MAX_AMOUNT } from '../money';
import { INVOICE_STATUSES, PAYMENT_METHODS, REFUND_METHODS } from '../domain';
import { listInput } from './list';

const localDate = localDateInput;
/** An audited reason (void, isolate, write-off…). */
export const reason = text({ multiline: true }).trim().min(3).max(255);
/** A free note that may be left empty; empty is stored as none. */
export const optionalNote = text({ multiline: true })
	.trim()
	.max(255)
	.optional()
	.transform((v) => (v ? v : null));

export const subscriptionCreateInput = z.object({
	/** Client-generated, so a resent create is one subscription. */
	id: z.uuid().optional(),
	customerId: z.uuid(),
	packageId: z.uuid(),
	routerId: z.uuid().nullish(),
	serviceUsername: z
		.string()
		.trim()
		.regex(/^[A-Za-z0-9._@-]{1,64}$/, { message: 'validation.serviceUsername' })
		.optional(),
	servicePassword: text().min(4).max(64).optional(),
	staticIp: z.ipv4({ message: 'validation.ipv4' }).optional(),
	startDate: localDate,
	billingDay: z.int().min(1).max(28).optional(),
	/** For customers moved from another system: the last day they already paid for. */
	paidThrough: localDate.nullish(),
	autoRenew: z.boolean().default(true)
});

export const changePackageInput = z.object({
	subscriptionId: z.uuid(),
	packageId: z.uuid(),
	effectiveDate: localDate.optional()
});

/** A static IP given, changed or taken away (empty or null: none). */
export const setStaticIpInput = z.object({
	subscriptionId: z.uuid(),
	staticIp: z
		.string()
		.trim()
		.nullish()
		.transform((v) => v || null)
		.pipe(z.ipv4({ message: 'validation.ipv4' }).nullable())
});

export const isolateInput = z.object({ subscriptionId: z.uuid(), reason });

export const restoreInput = z.object({
	subscriptionId: z.uuid(),
	reason,
	/** A promise to pay: do not isolate for arrears again up to this day. */
	holdUntil: localDate.optional()
});

export const terminateInput = z.object({ subscriptionId: z.uuid(), reason });

/** Puts a subscription that has no router on one (a field installation in an area without one). */
export const assignRouterInput = z.object({ subscriptionId: z.uuid(), routerId: z.uuid({ error: 'validation.routerChoose' }) });

/**
 * Provision a subscription on its router again (or on `routerId` when it has none yet).
 * `requestId` names the request, so a resend queues one job.
 */
export const provisionInput = z.object({ subscriptionId: z.uuid(), routerId: z.uuid({ error: 'validation.routerChoose' }).optional(), requestId: z.uuid() });

/** End a subscription's live session on its router (the CPE dials in again). */
export const kickInput = z.object({ subscriptionId: z.uuid(), requestId: z.uuid() });

export const recordPaymentInput = z.object({
	/** Generated when the form opens: a double-click or resend records one payment. */
	idempotencyKey: z.uuid(),
	customerId: z.uuid(),
	invoiceId: z.uuid().optional(),
	amount: z.int({ message: 'validation.amount' }).positive({ message: 'validation.amount' }).max(MAX_AMOUNT, { message: 'validation.amount' }),
	method: z.enum(['cash', 'transfer']),
	receivedAt: z.date().optional(),
	note: text({ multiline: true }).trim().max(255).optional(),
	/** The cashier confirmed an amount beyond the cash bound (shared/cash-bound.ts); without it such an amount is refused. */
	confirmFarAbove: z.boolean().optional()
});

export const voidPaymentInput = z.object({ paymentId: z.uuid(), reason });

/** Paying back (part of) the credit a payment left; `refundId` is made when the form opens. */
export const refundPaymentInput = z.object({
	refundId: z.uuid(),
	paymentId: z.uuid(),
	amount: z.int({ message: 'validation.amount' }).positive({ message: 'validation.amount' }).max(MAX_AMOUNT, { message: 'validation.amount' }),
	method: z.enum(REFUND_METHODS, { message: 'validation.refundMethod' }),
	reason
});

/** The office looked at a flagged payment; the note (what was done about it) is optional. */
export const reviewFlagInput = z.object({ paymentId: z.uuid(), note: optionalNote });
export const voidInvoiceInput = z.object({ invoiceId: z.uuid(), reason });

export const invoiceListInput = listInput(
	{ dueDate: 'string', periodStart: 'string', number: 'string', amount: 'number', issuedAt: 'date' },
	{ sort: 'dueDate', dir: 'desc' },
	{
		status: z.enum(INVOICE_STATUSES).optional(),
		areaId: z.uuid().optional(),
		customerId: z.uuid().optional(),
		subscriptionId: z.uuid().optional(),
		/** Period month, `YYYY-MM`. */
		period: yearMonthInput.optional(),
		/** overdue: open and past due; dueSoon: open and due within 7 days. */
		due: z.enum(['overdue', 'dueSoon']).optional()
	}
);

export const paymentListInput = listInput(
	{ receivedAt: 'date', amount: 'number' },
	{ sort: 'receivedAt', dir: 'desc' },
	{
		method: z.enum(PAYMENT_METHODS).optional(),
		customerId: z.uuid().optional(),
		collectedBy: z.uuid().optional(),
		from: localDate.optional(),
		to: localDate.optional(),
		/** `1`: flagged and not yet reviewed, what the office still has to look at; `0`: never flagged. */
		flagged: z.stringbool({ truthy: ['1', 'true'], falsy: ['0', 'false'] }).optional()
	}
);
