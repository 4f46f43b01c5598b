/**
 * Invoices to print in one go: many RT/RW Net operators still hand every customer a paper bill,
 * walking an area street by street. One month's invoices (one area's, open ones by default), in
 * the order of that walk — area, then address — with their lines and each one's pay link.
 */
import { and, asc, eq, gte, inArray, isNull, lt, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { areas, customers, invoiceItems, invoices, packages, subscriptions } from '../db/schema';
import { payLinkOf } from '../reminders/message';
import { openInvoiceStatus } from './queries';
import { addMonthsClamped } from '../../shared/dates';
import { INVOICE_PRINT_MAX, type invoicePrintInput } from '../../shared/schemas/invoice-print';

export async function invoicesToPrint(db: Db, input: z.output<typeof invoicePrintInput>, publicBaseUrl: string) {
	const from = `${input.period}-01`;
	const where = and(
		isNull(invoices.deletedAt),
		ne(invoices.status, 'void'),
		input.onlyOpen ? openInvoiceStatus : undefined,
		gte(invoices.periodStart, from),
		lt(invoices.periodStart, addMonthsClamped(from, 1)),
		input.areaId ? eq(customers.areaId, input.areaId) : undefined
	);
	const rows = await db
		.select({
			invoice: {
				id: invoices.id,
				number: invoices.number,
				status: invoices.status,
				periodStart: invoices.periodStart,
				periodEnd: invoices.periodEnd,
				issuedAt: invoices.issuedAt,
				dueDate: invoices.dueDate,
				amount: invoices.amount,
				amountPaid: invoices.amountPaid,
				voidReason: invoices.voidReason,
				payToken: invoices.payToken
			},
			customer: { id: customers.id, name: customers.name, code: customers.code, address: customers.address, phone: customers.phone },
			subscription: { id: subscriptions.id, serviceUsername: subscriptions.serviceUsername },
			packageName: packages.name,
			areaName: areas.name
		})
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.innerJoin(areas, eq(areas.id, customers.areaId))
		.innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.where(where)
		.orderBy(asc(areas.name), asc(customers.address), asc(customers.name), asc(invoices.number))
		// One more than shown tells the page there were more than it prints.
		.limit(INVOICE_PRINT_MAX + 1);
	const shown = rows.slice(0, INVOICE_PRINT_MAX);
	const lines = shown.length
		? await db
				.select({ id: invoiceItems.id, invoiceId: invoiceItems.invoiceId, description: invoiceItems.description, amount: invoiceItems.amount })
				.from(invoiceItems)
				.where(inArray(invoiceItems.invoiceId, shown.map((r) => r.invoice.id)))
				.orderBy(invoiceItems.id)
		: [];
	return {
		truncated: rows.length > INVOICE_PRINT_MAX,
		invoices: shown.map(({ invoice: { payToken, ...invoice }, ...rest }) => ({
			...rest,
			invoice,
			items: lines.filter((l) => l.invoiceId === invoice.id),
			payLink: payToken ? payLinkOf(publicBaseUrl, payToken) : null
		}))
	};
}
