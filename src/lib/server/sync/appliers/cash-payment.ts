/**
 * Cash collected in the field. The money exists, so it is recorded even when the invoice it was
 * meant for was paid online or voided meanwhile: the ledger then pays the customer's other open
 * invoices or keeps it as credit, and the payment is flagged for the office.
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/index';
import { recordPayment } from '../../billing/payments';
import type { cashPaymentOp } from '../../../shared/sync/operations';
import { SyncRejection } from '../errors';
import { inScope, type Applier } from './context';

type Rows<T> = [T[], unknown];

export const applyCashPayment: Applier<z.output<typeof cashPaymentOp>> = async (op, ctx) => {
	// One round trip for both checks: a sync of 1,000 payments pays for every statement.
	const [found] = (await ctx.tx.execute(sql`
		SELECT c.area_id, i.customer_id AS invoice_customer_id, i.status AS invoice_status, i.number AS invoice_number
		FROM customers c LEFT JOIN invoices i ON i.id = ${op.invoiceId ?? ''} AND i.deleted_at IS NULL
		WHERE c.id = ${op.customerId} AND c.deleted_at IS NULL`)) as unknown as Rows<{
		area_id: string;
		invoice_customer_id: string | null;
		invoice_status: string | null;
		invoice_number: string | null;
	}>;
	const row = found[0];
	if (!row) throw new SyncRejection('sync.rejected.customerUnknown');
	if (!inScope(ctx, row.area_id)) throw new SyncRejection('sync.rejected.outsideArea');

	let invoiceId = op.invoiceId;
	let flag: string | null = null;
	if (op.invoiceId) {
		if (row.invoice_customer_id !== op.customerId) throw new SyncRejection('sync.rejected.invoiceUnknown');
		if (row.invoice_status === 'paid') flag = `device-cash-invoice-paid:${row.invoice_number}`;
		if (row.invoice_status === 'void') {
			flag = `device-cash-invoice-void:${row.invoice_number}`;
			// The ledger refuses to point at a void invoice; the money pays what is still owed instead.
			invoiceId = null;
		}
	}

	const outcome = await recordPayment(
		ctx.tx as unknown as Db,
		{
			id: op.paymentId,
			customerId: op.customerId,
			invoiceId,
			amount: op.amount,
			method: 'cash',
			receivedAt: new Date(op.receivedAt),
			source: 'device',
			externalId: op.paymentId,
			collectedBy: ctx.actor.userId,
			note: op.note ?? null,
			flag
		},
		ctx.ledger
	);
	if (outcome.paymentId !== op.paymentId) throw new SyncRejection('sync.rejected.idConflict');
	return {
		paymentId: outcome.paymentId,
		receiptNumber: outcome.receiptNumber,
		allocations: outcome.allocations,
		creditAdded: outcome.creditAdded,
		becameCredit: outcome.creditAdded > 0,
		flag,
		restoredSubscriptionIds: outcome.restoredSubscriptionIds
	};
};
