import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { readIspProfile } from '$lib/server/settings/profile';
import { orNotFound } from '$lib/server/page-load';
import { receiptMessage } from '$lib/server/reminders/receipt-message';

export const load = (async (event) => {
	const [receipt, isp] = await Promise.all([
		orNotFound(callerFor(event).payments.receipt({ id: event.params.id })),
		readIspProfile(getDb())
	]);
	// A voiding entry has no receipt of its own: it is shown on the receipt it cancels.
	if (receipt.payment.voidsPaymentId) redirect(307, `/office/payments/${receipt.payment.voidsPaymentId}/receipt`);
	const { payment } = receipt;
	// "Send by WhatsApp" only for a standing receipt: a voided one must not be sent as proof.
	const whatsapp =
		payment.receiptNumber && !receipt.voidedBy
			? await receiptMessage(
					getDb(),
					{ receiptNumber: payment.receiptNumber, receivedAt: payment.receivedAt, amount: payment.amount, customer: receipt.customer, lines: receipt.lines },
					getConfig().ISP_TIMEZONE
				)
			: null;
	return { ...receipt, isp, whatsapp };
}) satisfies PageServerLoad;
