/**
 * A reminder or isolation notice for one invoice: the templated text and the wa.me link that opens
 * WhatsApp on the customer's chat with it, in the ISP's customer-message language.
 */
import { formatRupiah } from '../../shared/money';
import { customerDateText, periodText, renderTemplate, type CustomerLanguage, type TemplateValues } from '../../shared/templates';
import { internationalPhone } from '../../shared/phone';

export interface BillFacts {
	customerName: string;
	customerCode: string;
	packageName: string;
	periodStart: string;
	periodEnd: string;
	dueDate: string;
	/** What is still owed on the invoice, in rupiah. */
	outstanding: number;
	payToken: string;
}

export function payLinkOf(publicBaseUrl: string, payToken: string): string {
	return `${publicBaseUrl}/pay/${payToken}`;
}

/** `dateText` writes a calendar day; a caller filling thousands of messages passes a memoised one. */
export function billValues(
	facts: BillFacts,
	ispName: string,
	publicBaseUrl: string,
	dateText: (day: string) => string = customerDateText('id')
): TemplateValues<'reminder'> {
	return {
		nama: facts.customerName,
		kode: facts.customerCode,
		paket: facts.packageName,
		periode: periodText(facts.periodStart, facts.periodEnd, dateText),
		jumlah: formatRupiah(facts.outstanding),
		jatuh_tempo: dateText(facts.dueDate),
		link_bayar: payLinkOf(publicBaseUrl, facts.payToken),
		isp: ispName
	};
}

export function renderBillMessage(
	kind: 'reminder' | 'isolir',
	template: string,
	facts: BillFacts,
	ispName: string,
	publicBaseUrl: string,
	language: CustomerLanguage = 'id'
): string {
	return renderTemplate<'reminder' | 'isolir'>(kind, template, billValues(facts, ispName, publicBaseUrl, customerDateText(language)));
}

/** `https://wa.me/62…?text=…`, or null when the number is missing or not a usable Indonesian one. */
export function whatsappLink(phone: string | null | undefined, text: string): string | null {
	const number = internationalPhone(phone);
	return number ? `https://wa.me/${number}?text=${encodeURIComponent(text)}` : null;
}
