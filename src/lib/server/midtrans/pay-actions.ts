/** What the pay page's "Bayar" does, shared by its form action and its JSON endpoint. */
import { getConfig } from '../config';
import { getDb } from '../db/index';
import { log } from '../log';
import { invoiceIdByToken } from './pay-page';
import { currentGateway, payUrl } from './runtime';
import { startPayment, type PaymentScope } from './snap';
import type { MessageKey } from '../../shared/i18n/index';

export type PayActionResult =
	| { kind: 'snap'; token: string; redirectUrl: string }
	| { kind: 'not-found' }
	| { kind: 'closed' | 'unavailable' | 'gateway-error'; messageKey: MessageKey };

/** `all`: everything the customer owes, oldest first, in one Snap transaction. */
export async function startPaymentForToken(payToken: string, scope: PaymentScope = 'invoice'): Promise<PayActionResult> {
	const db = getDb();
	const invoiceId = await invoiceIdByToken(db, payToken);
	if (!invoiceId) return { kind: 'not-found' };
	const gateway = currentGateway();
	if (!gateway) return { kind: 'unavailable', messageKey: 'pay.unavailable' };
	try {
		const result = await startPayment(db, gateway, invoiceId, { finishUrl: payUrl(payToken), expiryMinutes: getConfig().MIDTRANS_EXPIRY_MINUTES, scope });
		if (result.kind === 'snap') return { kind: 'snap', token: result.token, redirectUrl: result.redirectUrl };
		if (result.kind === 'closed') return { kind: 'closed', messageKey: 'pay.closed' };
		return { kind: 'not-found' };
	} catch (err) {
		log.error({ err, invoiceId }, 'snap create failed');
		return { kind: 'gateway-error', messageKey: 'pay.gatewayError' };
	}
}
