/** Inputs of the office's hand-over confirmation and sync review. */
import { z } from 'zod';
import { MAX_AMOUNT } from '../money';
import { localDateInput } from './dates';
import { listInput } from './list';
import { optionalNote } from './billing';

export const HANDOVER_STATUSES = ['pending', 'confirmed'] as const;

const localDate = localDateInput;

/** Paged newest first; filtered by status, technician and the local days they were handed over. */
export const handoverListInput = listInput(
	{ handedOverAt: 'date' },
	{ sort: 'handedOverAt', dir: 'desc' },
	{
		status: z.enum(HANDOVER_STATUSES).optional(),
		technicianId: z.uuid().optional(),
		from: localDate.optional(),
		to: localDate.optional()
	}
);

export const handoverConfirmInput = z.object({
	id: z.uuid(),
	/** What the office counted, in whole rupiah. */
	countedAmount: z.int({ message: 'validation.amountCounted' }).min(0, { message: 'validation.amountCounted' }).max(MAX_AMOUNT, { message: 'validation.amountCounted' }),
	note: optionalNote
});

export const rejectedOpsInput = z.object({
	limit: z.int().min(1).max(500).default(200),
	/** Also list the refused operations someone already dealt with. */
	includeReviewed: z.boolean().default(false)
});

/** The office dealt with one refused operation (named by its device and sequence number). */
export const reviewRejectedInput = z.object({
	deviceId: z.uuid(),
	seq: z.int().min(1),
	note: optionalNote
});
