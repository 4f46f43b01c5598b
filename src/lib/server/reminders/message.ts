/**
 * A reminder or isolation notice for one invoice: the templated text and the wa.me link that opens
 * WhatsApp on the customer's chat with it, in the ISP's customer-message language.
 */
import { billValues, customerDateText, renderTemplate, type BillFacts, type CustomerLanguage } from '../../shared/templates';
import { internationalPhone } from '../../shared/phone';

export { billValues, payLinkOf, type BillFacts } from '../../shared/templates';

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
