/**
 * "Tes kunci": asks Midtrans's status API about an order id nobody ever used. Midtrans answers 404
 * when it accepts the key (it knows the merchant, not the order) and 401 when it does not. Any
 * other outcome — no network, a timeout, a 5xx — is reported as "unreachable", never thrown.
 */
import { randomBytes } from 'node:crypto';
import { createMidtransGateway, MidtransApiError, type GatewayOptions } from '../midtrans/gateway';
import type { MidtransKeyTest } from '../../shared/schemas/settings';

const TIMEOUT_MS = 10_000;

export async function testMidtransKey(options: GatewayOptions, timeoutMs = TIMEOUT_MS): Promise<MidtransKeyTest> {
	if (!options.serverKey) return { result: 'noKey' };
	const gateway = createMidtransGateway(options);
	const orderId = `LUNAS-KEYTEST-${randomBytes(8).toString('hex')}`;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
	});
	try {
		// null is the 404 for an unknown order; an order that exists would also prove the key works.
		await Promise.race([gateway.status(orderId), timeout]);
		return { result: 'accepted' };
	} catch (err) {
		if (err instanceof MidtransApiError && err.httpStatus === 401) return { result: 'rejected' };
		if (err instanceof MidtransApiError && err.httpStatus !== null) return { result: 'unreachable', detail: `HTTP ${err.httpStatus}` };
		return { result: 'unreachable', detail: err instanceof Error ? err.message.slice(0, 200) : String(err).slice(0, 200) };
	} finally {
		clearTimeout(timer);
	}
}
