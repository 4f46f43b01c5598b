/**
 * The demo's WhatsApp: a simulated Fonnte gateway started with the demo, and the gateway setting
 * pointed at it, so the operator sees messages flow through the outbox to "delivered". The
 * simulator listens on a new port each start, so the setting is rewritten each start — but only
 * while it is "links only" or still the demo's own simulator: a gateway the operator configured
 * by hand is left alone.
 */
import type { Db } from '../db/index';
import { encryptSecret } from '../crypto/secret-box';
import { readSetting, writeSetting } from '../settings';
import { storedGatewaySchema, WA_GATEWAY_KEY } from '../whatsapp/gateway-settings';

export const DEMO_FONNTE_TOKEN = 'lunas-demo-fonnte-device';

/** True when the setting was (re)pointed at the simulator. */
export async function configureDemoWhatsApp(db: Db, secretsKey: string, simulatorUrl: string): Promise<boolean> {
	const stored = await readSetting(db, WA_GATEWAY_KEY, storedGatewaySchema);
	const demoOwned = stored.kind === 'links' || (stored.kind === 'fonnte' && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(stored.fonnte.baseUrl ?? ''));
	if (!demoOwned) return false;
	await writeSetting(
		db,
		WA_GATEWAY_KEY,
		{ ...stored, kind: 'fonnte', fonnte: { tokenEnc: encryptSecret(DEMO_FONNTE_TOKEN, secretsKey), baseUrl: simulatorUrl, ratePerSecond: 5 } },
		null
	);
	return true;
}
