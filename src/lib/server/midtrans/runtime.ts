/** The process's Midtrans wiring for routes and start-up: one gateway from the configuration. */
import { getConfig } from '../config';
import { midtransGatewayFor, type MidtransGateway } from './gateway';

export function currentGateway(): MidtransGateway | null {
	return midtransGatewayFor(getConfig());
}

/** The pay page's public address for a token (also where Snap sends the payer back to). */
export function payUrl(token: string): string {
	return `${getConfig().PUBLIC_BASE_URL}/pay/${token}`;
}
