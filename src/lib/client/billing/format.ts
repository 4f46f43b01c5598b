/** Labels and small judgements the billing pages share, typed so a missing message fails the check. */
import { formatDate, type MessageKey } from '$lib/shared/i18n/index';
import type { InvoiceStatus, Language, PaymentMethod, RouterState, SubscriptionStatus } from '$lib/shared/domain';

export const invoiceStatusKey = (status: InvoiceStatus): MessageKey => `invoiceStatus.${status}`;
export const methodKey = (method: PaymentMethod): MessageKey => `paymentMethod.${method}`;
export const subscriptionStatusKey = (status: SubscriptionStatus): MessageKey => `subscriptionStatus.${status}`;
export const routerStateKey = (state: RouterState | 'unknown'): MessageKey => `routerState.${state}`;

/** Open and past its due date in the ISP's calendar (`today` comes from the server, in the ISP's zone). */
export function isOverdue(invoice: { status: InvoiceStatus; dueDate: string }, today: string): boolean {
	return (invoice.status === 'unpaid' || invoice.status === 'partial') && invoice.dueDate < today;
}

/** `1 Nov – 30 Nov 2026` (the year once when both ends share it): billing periods are local calendar dates. */
export function formatPeriod(start: string, end: string, lang: Language): string {
	const last = formatDate(end, lang, 'UTC');
	if (start.slice(0, 4) !== end.slice(0, 4)) return `${formatDate(start, lang, 'UTC')} – ${last}`;
	const first = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(`${start}T00:00:00Z`));
	return `${first} – ${last}`;
}
