/**
 * The office marks a flagged payment as looked at. The flag stays (it is the ledger's history);
 * the review takes the payment off "Perlu dicek" and the dashboard's count. Phones never see
 * flags, so this takes no sync version and does not queue behind the ledger's writers.
 */
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { payments } from '../db/schema';
import { audit } from '../audit';
import { FieldValidationError } from '../trpc/trpc';
import type { Actor } from '../trpc/actor';
import type { reviewFlagInput } from '../../shared/schemas/billing';

export interface FlagReview {
	paymentId: string;
	flag: string;
	reviewedAt: Date;
	reviewedBy: string | null;
	note: string | null;
	/** A second mark: nothing was written, the answer is the first mark. */
	duplicate: boolean;
}

/**
 * The conditional UPDATE decides who marks first: of two concurrent marks one changes the row,
 * the other changes nothing and answers with what the first stored.
 */
export async function reviewPaymentFlag(db: Db, input: z.output<typeof reviewFlagInput>, actor: Actor): Promise<FlagReview> {
	const reviewedAt = new Date();
	const written = await db.transaction(async (tx) => {
		const [result] = await tx
			.update(payments)
			.set({ flagReviewedAt: reviewedAt, flagReviewedBy: actor.userId, flagReviewNote: input.note })
			.where(and(eq(payments.id, input.paymentId), isNotNull(payments.flag), isNull(payments.flagReviewedAt)));
		if (result.affectedRows === 0) return false;
		const [row] = await tx.select({ flag: payments.flag }).from(payments).where(eq(payments.id, input.paymentId));
		await audit(tx, {
			userId: actor.userId,
			action: 'payment.reviewFlag',
			entity: 'payment',
			entityId: input.paymentId,
			before: { flag: row.flag, flagReviewedAt: null },
			after: { flag: row.flag, flagReviewedAt: reviewedAt, flagReviewedBy: actor.userId, flagReviewNote: input.note },
			ipAddress: actor.ipAddress
		});
		return true;
	});
	const [row] = await db
		.select({ flag: payments.flag, reviewedAt: payments.flagReviewedAt, reviewedBy: payments.flagReviewedBy, note: payments.flagReviewNote })
		.from(payments)
		.where(eq(payments.id, input.paymentId));
	if (!row) throw new FieldValidationError({ paymentId: [actor.t('validation.unknown')] });
	if (!row.flag || !row.reviewedAt) throw new FieldValidationError({ paymentId: [actor.t('payments.review.notFlagged')] });
	return { paymentId: input.paymentId, flag: row.flag, reviewedAt: row.reviewedAt, reviewedBy: row.reviewedBy, note: row.note, duplicate: !written };
}
