/**
 * Inputs of the settings page (admin). The ISP profile is in isp-profile.ts, the billing rules in
 * billing-rules.ts and the message templates in ../templates.ts; this file holds the rest.
 * Custom messages are message keys (translated by the tRPC error formatter).
 */
import { z } from 'zod';

// Technician offline days --------------------------------------------------------------------------

export const OFFLINE_DAYS_KEY = 'tech.offlineDays';
/** How long a technician's phone may work without reaching the server before signing in again. */
const offlineDaysValue = z
	.int({ message: 'validation.offlineDays' })
	.min(1, { message: 'validation.offlineDays' })
	.max(365, { message: 'validation.offlineDays' });
export const offlineDaysSchema = z.object({ days: offlineDaysValue.default(14) });
/** The settings form: the same bounds, no default (an empty field is an error, not 14). */
export const offlineDaysInput = z.object({ days: offlineDaysValue });

// Time zone --------------------------------------------------------------------------------------

export const TIME_ZONE_KEY = 'isp.timeZone';

export function isTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}

const timeZone = z.string().trim().min(1).max(64).refine(isTimeZone, { message: 'validation.timeZone' });

/** The stored choice; empty means "use ISP_TIMEZONE from the environment". */
export const timeZoneSettingSchema = z.object({ timeZone: z.string().max(64).default('') });
export const timeZoneInput = z.object({ timeZone });

/** Indonesia's zones first in pickers; the rest follow from Intl. */
export const INDONESIAN_TIME_ZONES = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'] as const;

// Midtrans keys ----------------------------------------------------------------------------------

const key = z
	.string()
	.trim()
	.max(200)
	.regex(/^[A-Za-z0-9_.:-]*$/, { message: 'validation.midtransKey' });

/**
 * The server key is write-only: an empty `serverKey` keeps the stored one, `clearServerKey`
 * removes it (the environment's key, if any, applies again).
 */
export const midtransKeysInput = z
	.object({
		serverKey: key.default(''),
		clientKey: key.default(''),
		isProduction: z.boolean().default(false),
		clearServerKey: z.boolean().default(false)
	})
	.superRefine((v, ctx) => {
		// Sandbox keys start with SB-; sending one to production is always a mistake.
		if (v.isProduction && v.serverKey.startsWith('SB-')) ctx.addIssue({ code: 'custom', path: ['serverKey'], message: 'validation.midtransSandboxKey' });
		if (v.isProduction && v.clientKey.startsWith('SB-')) ctx.addIssue({ code: 'custom', path: ['clientKey'], message: 'validation.midtransSandboxKey' });
	});

/** "Tes kunci": a typed key is tested before it is saved; without one, the key in use is. */
export const midtransTestInput = z.object({
	serverKey: key.default(''),
	isProduction: z.boolean().optional()
});

export type MidtransKeyTest =
	| { result: 'accepted' }
	| { result: 'rejected' }
	| { result: 'noKey' }
	| { result: 'unreachable'; detail: string };

// Logo -------------------------------------------------------------------------------------------

export const LOGO_MAX_BYTES = 200 * 1024;
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** The upload as a data URL; the server checks the bytes (size, signature, no script in SVG). */
export const logoInput = z.object({
	dataUrl: z
		.string()
		.max(Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 64, { message: 'validation.logoTooBig' })
		.regex(/^data:(image\/png|image\/jpeg|image\/svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/, { message: 'validation.logoType' })
});
