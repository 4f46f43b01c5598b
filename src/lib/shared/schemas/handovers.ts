/** Inputs of the office's hand-over confirmation and sync review. */
import { z } from 'zod';
import { MAX_AMOUNT } from '../money';
import { localDateInput } from './dates';
import { listInput } from './list';
import { optionalNote, reason } from './billing';

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
	/** A count below what the technician declared is confirmed only with this and a reason (the note). */
	acceptShortfall: z.boolean().optional(),
	note: optionalNote
});

/** An admin writes off part of what a collector owes; the id is made when the form opens. */
export const writeOffInput = z.object({
	id: z.uuid(),
	collectorId: z.uuid(),
	amount: z.int({ message: 'validation.amount' }).positive({ message: 'validation.amount' }).max(MAX_AMOUNT, { message: 'validation.amount' }),
	reason
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
