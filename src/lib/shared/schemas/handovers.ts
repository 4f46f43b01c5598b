/** Inputs of the office's hand-over confirmation and sync review. */
import { z } from 'zod';
import { MAX_AMOUNT } from '../money';

export const HANDOVER_STATUSES = ['pending', 'confirmed'] as const;

export const handoverListInput = z.object({
	status: z.enum(HANDOVER_STATUSES).optional(),
	limit: z.int().min(1).max(500).default(200)
});

export const handoverConfirmInput = z.object({
	id: z.uuid(),
	/** What the office counted, in whole rupiah. */
	countedAmount: z.int({ message: 'validation.amountCounted' }).min(0, { message: 'validation.amountCounted' }).max(MAX_AMOUNT, { message: 'validation.amountCounted' }),
	note: z
		.string()
		.trim()
		.max(255)
		.optional()
		.transform((v) => (v ? v : null))
});

export const rejectedOpsInput = z.object({
	limit: z.int().min(1).max(500).default(200)
});
