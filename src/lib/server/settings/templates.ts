import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/index';
import { customers, invoices, packages, subscriptions } from '../db/schema';
import { readSetting } from '../settings';
import { MESSAGE_TEMPLATES_KEY, messageTemplatesSchema, type BillFacts, type MessageTemplates } from '../../shared/templates';

export function readMessageTemplates(db: DbOrTx): Promise<MessageTemplates> {
	return readSetting(db, MESSAGE_TEMPLATES_KEY, messageTemplatesSchema);
}

/**
 * The customer the template preview shows: the newest open invoice of a customer still on the
 * books, so the admin reads the message as a real customer will (their name's length, their
 * package, their amount); null on a fresh install, where the sample customer stands in.
 */
export async function readPreviewCustomer(db: DbOrTx): Promise<BillFacts | null> {
	const [row] = await db
		.select({
			customerName: customers.name,
			customerCode: customers.code,
			packageName: packages.name,
			periodStart: invoices.periodStart,
			periodEnd: invoices.periodEnd,
			dueDate: invoices.dueDate,
			outstanding: sql<number>`${invoices.amount} - ${invoices.amountPaid}`.mapWith(Number),
			payToken: invoices.payToken
		})
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.where(and(inArray(invoices.status, ['unpaid', 'partial']), isNull(invoices.deletedAt), isNull(customers.deletedAt), gt(invoices.amount, invoices.amountPaid)))
		.orderBy(desc(invoices.issuedAt), desc(invoices.id))
		.limit(1);
	return row ?? null;
}
