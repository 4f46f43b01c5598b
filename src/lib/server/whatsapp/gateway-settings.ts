/**
 * Which WhatsApp gateway sends, and its keys, as set by the admin (setting `whatsapp.gateway`).
 * Tokens and secrets are sealed with secret-box like the Midtrans server key and never leave the
 * server again: the settings page only learns whether one is stored. "Links only" is the default
 * and the fallback when a stored key cannot be opened.
 */
import { z } from 'zod';
import type { DbOrTx } from '../db/index';
import { decryptSecret, encryptSecret, SecretBoxError } from '../crypto/secret-box';
import { log } from '../log';
import { readSetting } from '../settings';
import { writeAudited } from '../settings/audited';
import { WA_GATEWAYS, type WaGatewayKind } from '../../shared/whatsapp';
import type { SettingsActor } from '../settings/actor';
import type { gatewaySettingsInput } from '../../shared/schemas/whatsapp';
import { createFonnteGateway } from './fonnte';
import { createWablasGateway } from './wablas';
import { createMetaGateway } from './meta';
import { linksOnlyGateway } from './links-only';
import type { WhatsAppGateway } from './types';

export const WA_GATEWAY_KEY = 'whatsapp.gateway';

const sealed = z.string().nullable().default(null);
const url = z.string().url().nullable().default(null);
const rate = z.number().positive().max(100).nullable().default(null);

export const storedGatewaySchema = z.object({
	kind: z.enum(WA_GATEWAYS).default('links'),
	fonnte: z.object({ tokenEnc: sealed, baseUrl: url, ratePerSecond: rate }).default({ tokenEnc: null, baseUrl: null, ratePerSecond: null }),
	wablas: z
		.object({ tokenEnc: sealed, secretKeyEnc: sealed, baseUrl: url, ratePerSecond: rate })
		.default({ tokenEnc: null, secretKeyEnc: null, baseUrl: null, ratePerSecond: null }),
	meta: z
		.object({
			accessTokenEnc: sealed,
			appSecretEnc: sealed,
			verifyToken: z.string().default(''),
			phoneNumberId: z.string().default(''),
			apiVersion: z.string().default('v21.0'),
			baseUrl: url,
			ratePerSecond: rate
		})
		.default({ accessTokenEnc: null, appSecretEnc: null, verifyToken: '', phoneNumberId: '', apiVersion: 'v21.0', baseUrl: null, ratePerSecond: null })
});
export type StoredGatewaySettings = z.output<typeof storedGatewaySchema>;

/** The gateway's settings with every secret opened; null secrets when none or unreadable. */
export interface GatewaySettings {
	kind: WaGatewayKind;
	fonnte: { token: string | null; baseUrl: string | null; ratePerSecond: number | null };
	wablas: { token: string | null; secretKey: string | null; baseUrl: string | null; ratePerSecond: number | null };
	meta: { accessToken: string | null; appSecret: string | null; verifyToken: string; phoneNumberId: string; apiVersion: string; baseUrl: string | null; ratePerSecond: number | null };
	/** A stored secret SECRETS_KEY cannot open (the key changed, or the row was edited). */
	unreadable: boolean;
}

export async function readGatewaySettings(db: DbOrTx, secretsKey: string): Promise<GatewaySettings> {
	const s = await readSetting(db, WA_GATEWAY_KEY, storedGatewaySchema);
	let unreadable = false;
	const open = (v: string | null): string | null => {
		if (!v) return null;
		try {
			return decryptSecret(v, secretsKey);
		} catch (err) {
			if (!(err instanceof SecretBoxError)) throw err;
			unreadable = true;
			return null;
		}
	};
	const settings: GatewaySettings = {
		kind: s.kind,
		fonnte: { token: open(s.fonnte.tokenEnc), baseUrl: s.fonnte.baseUrl, ratePerSecond: s.fonnte.ratePerSecond },
		wablas: { token: open(s.wablas.tokenEnc), secretKey: open(s.wablas.secretKeyEnc), baseUrl: s.wablas.baseUrl, ratePerSecond: s.wablas.ratePerSecond },
		meta: {
			accessToken: open(s.meta.accessTokenEnc),
			appSecret: open(s.meta.appSecretEnc),
			verifyToken: s.meta.verifyToken,
			phoneNumberId: s.meta.phoneNumberId,
			apiVersion: s.meta.apiVersion,
			baseUrl: s.meta.baseUrl,
			ratePerSecond: s.meta.ratePerSecond
		},
		unreadable: false
	};
	settings.unreadable = unreadable;
	if (unreadable) log.error('a stored WhatsApp gateway secret cannot be decrypted with SECRETS_KEY');
	return settings;
}

/**
 * The gateway the settings describe, or "links only" when the chosen one lacks what it needs —
 * a half-configured gateway must not turn every message into a failure.
 */
export function gatewayFrom(s: GatewaySettings): WhatsAppGateway {
	const r = (v: number | null) => v ?? undefined;
	switch (s.kind) {
		case 'fonnte':
			return s.fonnte.token ? createFonnteGateway({ token: s.fonnte.token, baseUrl: s.fonnte.baseUrl ?? undefined, ratePerSecond: r(s.fonnte.ratePerSecond) }) : linksOnlyGateway;
		case 'wablas':
			return s.wablas.token && s.wablas.baseUrl
				? createWablasGateway({ token: s.wablas.token, secretKey: s.wablas.secretKey ?? undefined, baseUrl: s.wablas.baseUrl, ratePerSecond: r(s.wablas.ratePerSecond) })
				: linksOnlyGateway;
		case 'meta':
			return s.meta.accessToken && s.meta.phoneNumberId
				? createMetaGateway({
						accessToken: s.meta.accessToken,
						phoneNumberId: s.meta.phoneNumberId,
						apiVersion: s.meta.apiVersion,
						baseUrl: s.meta.baseUrl ?? undefined,
						ratePerSecond: r(s.meta.ratePerSecond)
					})
				: linksOnlyGateway;
		default:
			return linksOnlyGateway;
	}
}

export async function currentWhatsAppGateway(db: DbOrTx, secretsKey: string): Promise<WhatsAppGateway> {
	return gatewayFrom(await readGatewaySettings(db, secretsKey));
}

/** What the settings page may see: never a token or a secret. */
export function gatewaySettingsView(s: StoredGatewaySettings) {
	return {
		kind: s.kind,
		fonnte: { tokenStored: s.fonnte.tokenEnc !== null, baseUrl: s.fonnte.baseUrl, ratePerSecond: s.fonnte.ratePerSecond },
		wablas: { tokenStored: s.wablas.tokenEnc !== null, secretKeyStored: s.wablas.secretKeyEnc !== null, baseUrl: s.wablas.baseUrl, ratePerSecond: s.wablas.ratePerSecond },
		meta: {
			accessTokenStored: s.meta.accessTokenEnc !== null,
			appSecretStored: s.meta.appSecretEnc !== null,
			verifyToken: s.meta.verifyToken,
			phoneNumberId: s.meta.phoneNumberId,
			apiVersion: s.meta.apiVersion,
			baseUrl: s.meta.baseUrl,
			ratePerSecond: s.meta.ratePerSecond
		}
	};
}

/** Saves in the caller's transaction, sealing new secrets; the audit row never holds one. */
export async function saveGatewaySettings(
	tx: DbOrTx,
	input: z.output<typeof gatewaySettingsInput>,
	secretsKey: string,
	actor: SettingsActor
): Promise<ReturnType<typeof gatewaySettingsView>> {
	const before = await readSetting(tx, WA_GATEWAY_KEY, storedGatewaySchema);
	const seal = (given: string | undefined, stored: string | null) => (given ? encryptSecret(given, secretsKey) : stored);
	const keep = <T>(given: T | undefined, stored: T) => (given === undefined ? stored : given);
	const after: StoredGatewaySettings = {
		kind: input.kind,
		fonnte: {
			tokenEnc: seal(input.fonnte?.token, before.fonnte.tokenEnc),
			baseUrl: keep(input.fonnte?.baseUrl, before.fonnte.baseUrl),
			ratePerSecond: keep(input.fonnte?.ratePerSecond, before.fonnte.ratePerSecond)
		},
		wablas: {
			tokenEnc: seal(input.wablas?.token, before.wablas.tokenEnc),
			secretKeyEnc: seal(input.wablas?.secretKey, before.wablas.secretKeyEnc),
			baseUrl: keep(input.wablas?.baseUrl, before.wablas.baseUrl),
			ratePerSecond: keep(input.wablas?.ratePerSecond, before.wablas.ratePerSecond)
		},
		meta: {
			accessTokenEnc: seal(input.meta?.accessToken, before.meta.accessTokenEnc),
			appSecretEnc: seal(input.meta?.appSecret, before.meta.appSecretEnc),
			verifyToken: keep(input.meta?.verifyToken, before.meta.verifyToken),
			phoneNumberId: keep(input.meta?.phoneNumberId, before.meta.phoneNumberId),
			apiVersion: keep(input.meta?.apiVersion, before.meta.apiVersion),
			baseUrl: keep(input.meta?.baseUrl, before.meta.baseUrl),
			ratePerSecond: keep(input.meta?.ratePerSecond, before.meta.ratePerSecond)
		}
	};
	await writeAudited(tx, { key: WA_GATEWAY_KEY, schema: storedGatewaySchema, value: after, before, action: 'settings.whatsapp', actor, shown: gatewaySettingsView });
	return gatewaySettingsView(after);
}
