/**
 * The office's side of cash hand-overs: the list, and confirmation with the amount the office
 * counted. The difference against the ledger (and against the technician's own count) shows on
 * both sides; the technician's phone gets the confirmed row on its next pull.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { cashHandovers, users } from '../db/schema';
import { nextVersion } from '../db/version';
import { audit } from '../audit';
import { FieldValidationError } from '../trpc/trpc';
import type { Actor } from '../trpc/actor';
import type { handoverConfirmInput, handoverListInput } from '../../shared/schemas/handovers';

export interface HandoverListRow {
	id: string;
	technicianId: string;
	technicianName: string;
	expectedAmount: number;
	amount: number;
	countedAmount: number | null;
	/** Office count minus what the payments add up to; null until confirmed. */
	difference: number | null;
	status: 'pending' | 'confirmed';
	payments: number;
	note: string | null;
	handedOverAt: Date;
	confirmedAt: Date | null;
	confirmedByName: string | null;
	confirmNote: string | null;
}

export async function listHandovers(db: Db, input: z.output<typeof handoverListInput>): Promise<HandoverListRow[]> {
	const confirmer = sql`(SELECT name FROM users u2 WHERE u2.id = ${cashHandovers.confirmedBy})`;
	const rows = await db
		.select({
			id: cashHandovers.id,
			technicianId: cashHandovers.technicianId,
			technicianName: users.name,
			expectedAmount: cashHandovers.expectedAmount,
			amount: cashHandovers.amount,
			countedAmount: cashHandovers.countedAmount,
			status: cashHandovers.status,
			payments: sql<number>`(SELECT COUNT(*) FROM handover_payments hp WHERE hp.handover_id = ${cashHandovers.id})`.mapWith(Number),
			note: cashHandovers.note,
			handedOverAt: cashHandovers.handedOverAt,
			confirmedAt: cashHandovers.confirmedAt,
			confirmedByName: sql<string | null>`${confirmer}`,
			confirmNote: cashHandovers.confirmNote
		})
		.from(cashHandovers)
		.innerJoin(users, eq(users.id, cashHandovers.technicianId))
		.where(input.status ? eq(cashHandovers.status, input.status) : undefined)
		// Pending first: they are the ones waiting for someone to count.
		.orderBy(sql`${cashHandovers.status} = 'confirmed'`, desc(cashHandovers.handedOverAt))
		.limit(input.limit);
	return rows.map((r) => ({ ...r, difference: r.countedAmount === null ? null : r.countedAmount - r.expectedAmount }));
}

/** Confirms once; confirming again with the same count is a harmless resend, a different count is refused. */
export async function confirmHandover(db: Db, input: z.output<typeof handoverConfirmInput>, actor: Actor): Promise<{ difference: number; duplicate: boolean }> {
	return db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const [row] = await tx.select().from(cashHandovers).where(eq(cashHandovers.id, input.id)).for('update');
		if (!row || row.deletedAt) throw new FieldValidationError({ id: [actor.t('validation.unknown')] });
		if (row.status === 'confirmed') {
			if (row.countedAmount === input.countedAmount) return { difference: row.countedAmount - row.expectedAmount, duplicate: true };
			throw new FieldValidationError({ countedAmount: [actor.t('handover.alreadyConfirmed')] });
		}
		await tx
			.update(cashHandovers)
			.set({ status: 'confirmed', countedAmount: input.countedAmount, confirmedBy: actor.userId, confirmedAt: new Date(), confirmNote: input.note, version })
			.where(and(eq(cashHandovers.id, row.id), eq(cashHandovers.status, 'pending')));
		const difference = input.countedAmount - row.expectedAmount;
		await audit(tx, {
			userId: actor.userId,
			action: 'handover.confirm',
			entity: 'cash_handover',
			entityId: row.id,
			before: { status: row.status, expectedAmount: row.expectedAmount, amount: row.amount },
			after: { status: 'confirmed', countedAmount: input.countedAmount, difference, note: input.note },
			ipAddress: actor.ipAddress
		});
		return { difference, duplicate: false };
	});
}
