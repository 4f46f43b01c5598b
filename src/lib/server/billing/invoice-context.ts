import { eq } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/mysql-core';
import type { DbOrTx } from '../db/index';
import { areas, customers, invoices, packages, subscriptions } from '../db/schema';

/**
 * Invoices with what a bill names beside them: the customer, their area, the subscription and its
 * package. One join for the invoice page, the print run, the due reminders and the pay link; the
 * caller picks the columns and adds where, order and limit.
 */
export function selectInvoicesWithContext<T extends SelectedFields>(db: DbOrTx, fields: T) {
	return db
		.select(fields)
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.innerJoin(areas, eq(areas.id, customers.areaId))
		.innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
		.innerJoin(packages, eq(packages.id, subscriptions.packageId));
}
