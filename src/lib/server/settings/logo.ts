/**
 * The ISP's logo: a small PNG, JPEG or SVG kept in settings under its own key (the profile only
 * carries its version, so the many readers of the profile do not load the image). It is served
 * by /isp/logo. SVG can carry script, so an SVG with script, event handlers, javascript: links
 * or foreign HTML is refused, and the route serves every logo under a CSP sandbox as well.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DbOrTx } from '../db/index';
import { readSetting, writeSetting } from '../settings';
import { writeAudited } from './audited';
import { ISP_PROFILE_KEY, ispProfileSchema } from '../../shared/schemas/isp-profile';
import { LOGO_MAX_BYTES, LOGO_TYPES, type LogoType } from '../../shared/schemas/settings';
import type { MessageKey } from '../../shared/i18n/index';
import type { SettingsActor } from './actor';

export const ISP_LOGO_KEY = 'isp.logo';

const storedSchema = z.object({ type: z.enum(LOGO_TYPES).nullable().default(null), data: z.string().default(''), version: z.string().default('') });

export interface Logo {
	type: LogoType;
	bytes: Buffer;
	version: string;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const SVG_UNSAFE = /<script|<foreignObject|<iframe|<embed|<object|\son[a-z]+\s*=|javascript:|<!ENTITY/i;

/** The logo in a data URL, or the message key saying why it is refused. */
export function parseLogo(dataUrl: string): { ok: true; logo: Logo } | { ok: false; error: MessageKey } {
	const match = /^data:(image\/png|image\/jpeg|image\/svg\+xml);base64,([A-Za-z0-9+/]+={0,2})$/.exec(dataUrl);
	if (!match) return { ok: false, error: 'validation.logoType' };
	const type = match[1] as LogoType;
	const bytes = Buffer.from(match[2], 'base64');
	if (bytes.length === 0) return { ok: false, error: 'validation.logoType' };
	if (bytes.length > LOGO_MAX_BYTES) return { ok: false, error: 'validation.logoTooBig' };
	if (type === 'image/png' && !bytes.subarray(0, PNG.length).equals(PNG)) return { ok: false, error: 'validation.logoType' };
	if (type === 'image/jpeg' && !bytes.subarray(0, JPEG.length).equals(JPEG)) return { ok: false, error: 'validation.logoType' };
	if (type === 'image/svg+xml') {
		const text = bytes.toString('utf8');
		if (!/<svg[\s>]/i.test(text)) return { ok: false, error: 'validation.logoType' };
		if (SVG_UNSAFE.test(text)) return { ok: false, error: 'validation.logoUnsafe' };
	}
	const version = createHash('sha256').update(type).update(bytes).digest('hex').slice(0, 16);
	return { ok: true, logo: { type, bytes, version } };
}

export async function readLogo(db: DbOrTx): Promise<Logo | null> {
	const stored = await readSetting(db, ISP_LOGO_KEY, storedSchema);
	if (!stored.type || !stored.data) return null;
	return { type: stored.type, bytes: Buffer.from(stored.data, 'base64'), version: stored.version };
}

/** Stores the logo (or removes it, with null) and points the profile at it, in the caller's transaction. */
export async function saveLogo(tx: DbOrTx, logo: Logo | null, actor: SettingsActor): Promise<string | null> {
	const value = logo ? { type: logo.type, data: logo.bytes.toString('base64'), version: logo.version } : { type: null, data: '', version: '' };
	await writeAudited(tx, {
		key: ISP_LOGO_KEY,
		schema: storedSchema,
		value,
		action: logo ? 'settings.logo' : 'settings.logoRemoved',
		actor,
		// The audit row names the picture by its version and size, never its bytes.
		shown: (v) => (v.version ? { logoVersion: v.version, type: v.type, bytes: Buffer.byteLength(v.data, 'base64') } : { logoVersion: null })
	});
	// The profile's pointer to the picture (pages cache the logo by it): part of the change audited above.
	const profile = await readSetting(tx, ISP_PROFILE_KEY, ispProfileSchema);
	await writeSetting(tx, ISP_PROFILE_KEY, { ...profile, logoVersion: logo?.version ?? null }, actor.userId);
	return logo?.version ?? null;
}
