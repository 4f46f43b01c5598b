/** The receipt template filled for one payment, and its wa.me link, for the receipt page. */
import type { DbOrTx } from '../db/index';
import { readIspProfile } from '../settings/profile';
import { readMessageTemplates } from '../settings/templates';
import { receiptMessageText } from '../../shared/templates';
import { whatsappLink } from './message';

export interface ReceiptFacts {
	receiptNumber: string;
	receivedAt: Date;
	amount: number;
	customer: { name: string; code: string; phone: string | null };
	lines: Array<{ periodStart: string; periodEnd: string }>;
}

export async function receiptMessage(db: DbOrTx, facts: ReceiptFacts, timeZone: string): Promise<{ message: string; whatsappUrl: string | null }> {
	const [isp, templates] = await Promise.all([readIspProfile(db), readMessageTemplates(db)]);
	const message = receiptMessageText(templates.receipt, {
		ispName: isp.name,
		customerName: facts.customer.name,
		customerCode: facts.customer.code,
		periods: facts.lines.map((l) => ({ start: l.periodStart, end: l.periodEnd })),
		amount: facts.amount,
		receivedAt: facts.receivedAt,
		timeZone,
		language: templates.language,
		receiptNumber: facts.receiptNumber
	});
	return { message, whatsappUrl: whatsappLink(facts.customer.phone, message) };
}
