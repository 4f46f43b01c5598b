/** The receipt template filled for one payment, and its wa.me link, for the receipt page. */
import type { DbOrTx } from '../db/index';
import { readIspProfile } from '../settings/profile';
import { readMessageTemplates } from '../settings/templates';
import { formatDate } from '../../shared/i18n/index';
import { formatRupiah } from '../../shared/money';
import { renderTemplate } from '../../shared/templates';
import { periodText, whatsappLink } from './message';

export interface ReceiptFacts {
	receiptNumber: string;
	receivedAt: Date;
	amount: number;
	customer: { name: string; code: string; phone: string | null };
	lines: Array<{ periodStart: string; periodEnd: string }>;
}

export async function receiptMessage(db: DbOrTx, facts: ReceiptFacts, timeZone: string): Promise<{ message: string; whatsappUrl: string | null }> {
	const [isp, templates] = await Promise.all([readIspProfile(db), readMessageTemplates(db)]);
	const message = renderTemplate('receipt', templates.receipt, {
		nama: facts.customer.name,
		kode: facts.customer.code,
		periode: facts.lines.map((l) => periodText(l.periodStart, l.periodEnd)).join(', ') || '—',
		jumlah: formatRupiah(facts.amount),
		nomor: facts.receiptNumber,
		tanggal: formatDate(facts.receivedAt, 'id', timeZone),
		isp: isp.name
	});
	return { message, whatsappUrl: whatsappLink(facts.customer.phone, message) };
}
