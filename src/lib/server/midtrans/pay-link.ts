/** "Kirim link bayar": the invoice's pay link and a wa.me link with an Indonesian message. */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers, invoices } from '../db/schema';
import { readIspProfile } from '../settings/profile';
import { payLinkOf } from '../reminders/message';
import { periodText } from '../../shared/templates';
import { outstandingOf } from '../../shared/money';
import { formatDate, translate } from '../../shared/i18n/index';
import { formatRupiah } from '../../shared/money';
import { internationalPhone } from '../../shared/phone';

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
			phone: customers.phone
		})
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.where(eq(invoices.id, invoiceId));
	if (!row) return null;
	const isp = await readIspProfile(db);
	const url = payLinkOf(publicBaseUrl, row.payToken);
	const message = translate('id', 'midtrans.waMessage', {
		name: row.name,
		isp: isp.name,
		period: periodText(row.periodStart, row.periodEnd),
		amount: formatRupiah(outstandingOf(row)),
		due: formatDate(row.dueDate, 'id', 'UTC'),
		url
	});
	const phone = internationalPhone(row.phone);
	return {
		url,
		message,
		phone,
		whatsappUrl: `https://wa.me/${phone ?? ''}?text=${encodeURIComponent(message)}`
	};
}
