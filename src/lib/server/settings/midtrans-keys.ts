/**
 * Midtrans keys set on the settings page. The server key is sealed with secret-box before it is
 * stored and never leaves the server again: the page only learns whether one is stored. Keys
 * set here take precedence over MIDTRANS_SERVER_KEY / MIDTRANS_CLIENT_KEY / MIDTRANS_IS_PRODUCTION.
 */
import { z } from 'zod';
import type { DbOrTx } from '../db/index';
import { decryptSecret, encryptSecret, SecretBoxError } from '../crypto/secret-box';
import { log } from '../log';
import { readSetting } from '../settings';
import { writeAudited } from './audited';
import type { midtransKeysInput } from '../../shared/schemas/settings';
import type { SettingsActor } from './actor';

export const MIDTRANS_KEYS_KEY = 'midtrans.keys';

const storedSchema = z.object({
	serverKeyEnc: z.string().nullable().default(null),
	clientKey: z.string().default(''),
	isProduction: z.boolean().default(false)
});

export interface MidtransKeys {
	/** Null when none is stored, or when the stored one cannot be opened with SECRETS_KEY. */
	serverKey: string | null;
	clientKey: string;
	isProduction: boolean;
	/** A key is stored but SECRETS_KEY does not open it (the key was changed, or the row was edited). */
	unreadable: boolean;
}

/** What the settings page may see: never the server key itself. */
export interface MidtransKeysView {
	serverKeyStored: boolean;
	unreadable: boolean;
	clientKey: string;
	isProduction: boolean;
}

export async function readMidtransKeys(db: DbOrTx, secretsKey: string): Promise<MidtransKeys> {
	const stored = await readSetting(db, MIDTRANS_KEYS_KEY, storedSchema);
	if (!stored.serverKeyEnc) return { serverKey: null, clientKey: stored.clientKey, isProduction: stored.isProduction, unreadable: false };
	try {
		return { serverKey: decryptSecret(stored.serverKeyEnc, secretsKey), clientKey: stored.clientKey, isProduction: stored.isProduction, unreadable: false };
	} catch (err) {
		if (!(err instanceof SecretBoxError)) throw err;
		log.error({ err: err.message }, 'stored Midtrans server key cannot be decrypted; using the environment keys');
		return { serverKey: null, clientKey: stored.clientKey, isProduction: stored.isProduction, unreadable: true };
	}
}

export function viewOf(keys: MidtransKeys): MidtransKeysView {
	return { serverKeyStored: keys.serverKey !== null || keys.unreadable, unreadable: keys.unreadable, clientKey: keys.clientKey, isProduction: keys.isProduction };
}

/** Saves the keys in the caller's transaction; the audit row says what changed, never the key. */
export async function saveMidtransKeys(
	tx: DbOrTx,
	input: z.output<typeof midtransKeysInput>,
	secretsKey: string,
	actor: SettingsActor
): Promise<MidtransKeysView> {
	const before = await readSetting(tx, MIDTRANS_KEYS_KEY, storedSchema);
	let serverKeyEnc = before.serverKeyEnc;
	if (input.clearServerKey) serverKeyEnc = null;
	else if (input.serverKey) serverKeyEnc = encryptSecret(input.serverKey, secretsKey);
	const after = { serverKeyEnc, clientKey: input.clientKey, isProduction: input.isProduction };
	await writeAudited(tx, {
		key: MIDTRANS_KEYS_KEY,
		schema: storedSchema,
		value: after,
		before,
		action: 'settings.midtrans',
		actor,
		shown: (v) => ({ serverKeyStored: v.serverKeyEnc !== null, clientKey: v.clientKey, isProduction: v.isProduction }),
		note: { serverKeyReplaced: Boolean(input.serverKey) && !input.clearServerKey }
	});
	return { serverKeyStored: serverKeyEnc !== null, unreadable: false, clientKey: after.clientKey, isProduction: after.isProduction };
}
