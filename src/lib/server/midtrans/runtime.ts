/**
 * The process's Midtrans wiring for routes and start-up. The keys come from the settings page when
 * a server key is stored there, else from the environment (MIDTRANS_*); the base-URL overrides
 * (MIDTRANS_SNAP_BASE_URL / MIDTRANS_API_BASE_URL) always apply, so the demo and the tests keep
 * talking to the simulator.
 *
 * `currentGateway()` stays synchronous for its callers: the stored keys are read into memory at
 * start-up, after every save on this instance, and every minute (so other instances follow a
 * change within a minute).
 */
import { getConfig, type Config } from '../config';
import type { DbOrTx } from '../db/index';
import { log } from '../log';
import { readMidtransKeys, type MidtransKeys } from '../settings/midtrans-keys';
import { createMidtransGateway, gatewayOptionsFrom, type GatewayOptions, type MidtransGateway } from './gateway';
import { loopRunner, type Loop } from '../loops/loop-runner';

/** The keys stored on the settings page, as last read; null before the first read. */
let storedKeys: MidtransKeys | null = null;
let cached: { key: string; gateway: MidtransGateway } | undefined;

/** Settings keys when a server key is stored there, else the environment's; null when neither has one. */
export function gatewayOptionsFor(config: Config, stored: MidtransKeys | null): GatewayOptions | null {
	const urls = { snapBaseUrl: config.MIDTRANS_SNAP_BASE_URL, apiBaseUrl: config.MIDTRANS_API_BASE_URL };
	if (stored?.serverKey) return { serverKey: stored.serverKey, clientKey: stored.clientKey, isProduction: stored.isProduction, ...urls };
	return config.MIDTRANS_SERVER_KEY ? gatewayOptionsFrom(config) : null;
}

/** Where the keys in use come from, for the settings page. */
export function gatewayKeySource(config: Config, stored: MidtransKeys | null): 'settings' | 'environment' | 'none' {
	if (stored?.serverKey) return 'settings';
	return config.MIDTRANS_SERVER_KEY ? 'environment' : 'none';
}

export function currentGateway(): MidtransGateway | null {
	const options = gatewayOptionsFor(getConfig(), storedKeys);
	if (!options) return null;
	const key = JSON.stringify(options);
	if (cached?.key !== key) cached = { key, gateway: createMidtransGateway(options) };
	return cached.gateway;
}

/** Re-reads the stored keys; call after saving them. */
export async function reloadGatewayKeys(db: DbOrTx, secretsKey: string): Promise<void> {
	storedKeys = await readMidtransKeys(db, secretsKey);
}

let loop: Loop | undefined;

/** Reads the stored keys now and then every `intervalMs`; a failed read keeps the last keys. */
export async function startGatewayKeyRefresh(db: DbOrTx, secretsKey: string, intervalMs = 60_000): Promise<void> {
	const refresh = () =>
		reloadGatewayKeys(db, secretsKey).catch((err: unknown) => {
			log.error({ err }, 'reading the Midtrans keys from settings failed; keeping the last ones');
		});
	await refresh();
	if (loop) return;
	loop = loopRunner({ name: 'midtrans key refresh', intervalMs, immediate: false, tick: refresh });
	loop.start();
}

export async function stopGatewayKeyRefresh(): Promise<void> {
	const stopping = loop;
	loop = undefined;
	await stopping?.stop();
}

/** For tests: forget the keys read from settings. */
export function resetGatewayKeysForTests(): void {
	storedKeys = null;
	cached = undefined;
}

/** The pay page's public address for a token (also where Snap sends the payer back to). */
export function payUrl(token: string): string {
	return `${getConfig().PUBLIC_BASE_URL}/pay/${token}`;
}
