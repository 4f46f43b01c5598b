/** Labels and small judgements the billing pages share, typed so a missing message fails the check. */
import { formatDate, intlLocale, translate, type MessageKey } from '$lib/shared/i18n/index';
import type { InvoiceStatus, Language, PaymentMethod, RouterState, SubscriptionStatus } from '$lib/shared/domain';

export const invoiceStatusKey = (status: InvoiceStatus): MessageKey => `invoiceStatus.${status}`;
export const methodKey = (method: PaymentMethod): MessageKey => `paymentMethod.${method}`;
export const subscriptionStatusKey = (status: SubscriptionStatus): MessageKey => `subscriptionStatus.${status}`;
export const routerStateKey = (state: RouterState | 'unknown'): MessageKey => `routerState.${state}`;

/** A stored code in words when the catalogue has a label under `prefix`, else as it is stored. */
function labelOr(prefix: 'history' | 'auditEntity', code: string, lang: Language): string {
	const key = `${prefix}.${code}` as MessageKey;
	const text = translate(lang, key);
	return text === key ? code : text;
}

/** An audited action (`payment.void`) in words. */
export const actionLabel = (action: string, lang: Language): string => labelOr('history', action, lang);

/** The kind of record an audit row is about (`cash_handover`) in words. */
export const entityLabel = (entity: string, lang: Language): string => labelOr('auditEntity', entity, lang);

/** Open and past its due date in the ISP's calendar (`today` comes from the server, in the ISP's zone). */
export function isOverdue(invoice: { status: InvoiceStatus; dueDate: string }, today: string): boolean {
	return (invoice.status === 'unpaid' || invoice.status === 'partial') && invoice.dueDate < today;
}

/** `1 Nov – 30 Nov 2026` (the year once when both ends share it): billing periods are local calendar dates. */
export function formatPeriod(start: string, end: string, lang: Language): string {
	const last = formatDate(end, lang, 'UTC');
	if (start.slice(0, 4) !== end.slice(0, 4)) return `${formatDate(start, lang, 'UTC')} – ${last}`;
	const first = new Intl.DateTimeFormat(intlLocale(lang), { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(`${start}T00:00:00Z`));
	return `${first} – ${last}`;
}
