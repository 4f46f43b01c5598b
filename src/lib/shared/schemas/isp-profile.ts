import { z } from 'zod';
import { text } from './text';

export const ISP_PROFILE_KEY = 'isp.profile';

export const MAX_BANK_ACCOUNTS = 6;

/** One account customers may transfer to, printed on invoices and receipts. */
export const bankAccountSchema = z.object({
	bank: text().trim().min(1).max(60),
	number: z
		.string()
		.trim()
		.min(1)
		.max(34)
		.regex(/^[0-9][0-9 .-]*$/, { message: 'validation.bankAccountNumber' }),
	holder: text().trim().min(1).max(120)
});

export type BankAccount = z.output<typeof bankAccountSchema>;

/**
 * The ISP's name and contact lines printed on invoices and receipts, stored in settings under
 * `isp.profile`. Until an admin fills it in, documents carry the product's name. The logo itself
 * is stored under its own key (it is large and most readers of the profile do not need it);
 * `logoVersion` names the stored logo, so pages can link `/isp/logo?v=…` and let it be cached.
 */
export const ispProfileSchema = z.object({
	name: text().trim().min(1).max(120).default('Lunas'),
	address: text({ multiline: true }).trim().max(500).default(''),
	phone: text().trim().max(32).default(''),
	bankAccounts: z.array(bankAccountSchema).max(MAX_BANK_ACCOUNTS).default([]),
	logoVersion: z.string().max(64).nullable().default(null)
});

export type IspProfile = z.output<typeof ispProfileSchema>;

/** What the settings form sends: everything but the logo, which has its own upload. */
export const ispProfileInput = z.object({
	name: text().trim().min(1).max(120),
	address: text({ multiline: true }).trim().max(500).default(''),
	phone: text().trim().max(32).default(''),
	bankAccounts: z.array(bankAccountSchema).max(MAX_BANK_ACCOUNTS, { message: 'validation.bankAccountsMax' }).default([])
});

export type IspProfileInput = z.input<typeof ispProfileInput>;

/** Where the logo is served; the version makes every new logo a new, long-cacheable address. */
export function ispLogoUrl(profile: Pick<IspProfile, 'logoVersion'>): string | null {
	return profile.logoVersion ? `/isp/logo?v=${encodeURIComponent(profile.logoVersion)}` : null;
}
