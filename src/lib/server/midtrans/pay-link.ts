/**
 * "Kirim link bayar": the invoice's pay link and a wa.me link carrying the same message the
 * reminders page sends — the editable template from settings (the isolation notice when the
 * subscription is isolated), so an ISP that rewords its reminder rewords it everywhere.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers, invoices, packages, subscriptions } from '../db/schema';
import { readIspProfile } from '../settings/profile';
import { readMessageTemplates } from '../settings/templates';
import { payLinkOf, renderBillMessage } from '../reminders/message';
import { outstandingOf } from '../../shared/money';
import { internationalPhone, waShareHref } from '../../shared/phone';

export async function payLinkFor(db: Db, invoiceId: string, publicBaseUrl: string) {
	const [row] = await db
		.select({
			payToken: invoices.payToken,
			status: invoices.status,
			amount: invoices.amount,
			amountPaid: invoices.amountPaid,
			periodStart: invoices.periodStart,
			periodEnd: invoices.periodEnd,
			dueDate: invoices.dueDate,
			name: customers.name,
			code: customers.code,
			phone: customers.phone,
			packageName: packages.name,
			subscriptionStatus: subscriptions.status
		})
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.where(eq(invoices.id, invoiceId));
	if (!row) return null;
	const [isp, templates] = await Promise.all([readIspProfile(db), readMessageTemplates(db)]);
	const url = payLinkOf(publicBaseUrl, row.payToken);
	const kind = row.subscriptionStatus === 'isolated' ? 'isolir' : 'reminder';
	const message = renderBillMessage(
		kind,
		templates[kind],
		{ customerName: row.name, customerCode: row.code, packageName: row.packageName, periodStart: row.periodStart, periodEnd: row.periodEnd, dueDate: row.dueDate, outstanding: outstandingOf(row), payToken: row.payToken },
		isp.name,
		publicBaseUrl,
		templates.language
	);
	const phone = internationalPhone(row.phone);
	return {
		url,
		message,
		phone,
		// Without a usable number WhatsApp opens with the message and lets the sender pick the chat.
		whatsappUrl: phone ? `https://wa.me/${phone}?text=${encodeURIComponent(message)}` : waShareHref(message)
	};
}
