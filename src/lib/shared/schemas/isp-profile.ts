import { z } from 'zod';

export const ISP_PROFILE_KEY = 'isp.profile';

/**
 * The ISP's name and contact lines printed on invoices and receipts, stored in settings under
 * `isp.profile`. Until an admin fills it in, documents carry the product's name.
 */
export const ispProfileSchema = z.object({
	name: z.string().trim().min(1).max(120).default('Lunas'),
	address: z.string().trim().max(500).default(''),
	phone: z.string().trim().max(32).default('')
});

export type IspProfile = z.output<typeof ispProfileSchema>;
