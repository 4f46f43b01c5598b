/**
 * The office's side of cash hand-overs: the list, confirmation with the amount the office
 * counted, and an admin writing off a shortfall. What a collector still owes is a running
 * balance (collector-balance.ts): a partial or short hand-over leaves the rest owed. The
 * technician's phone gets the confirmed row and the balance on its next pull.
 */
import { and, asc, count, eq, gte, inArray, isNull, like, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { cashHandovers, cashWriteoffs, customers, handoverPayments, payments, users } from '../db/schema';
import { paginate, type ListPage } from '../db/keyset';
import { likeContains } from '../db/search';
import { addDays, localTimeToInstant } from '../../shared/dates';
import { nextVersion } from '../db/version';
import { audit } from '../audit';
import { FieldValidationError } from '../trpc/trpc';
import type { Actor } from '../trpc/actor';
import type { handoverConfirmInput, handoverListInput, writeOffInput } from '../../shared/schemas/handovers';
import { formatRupiah } from '../../shared/money';
import { conflict, DomainError, invalidField, type Message } from '../errors';
import { collectorBalance, collectorBalances, type CollectorBalance } from './collector-balance';
import { waHandoverConfirmed } from '../whatsapp/events';

export interface HandoverReceipt {
	paymentId: string;
	receiptNumber: string | null;
	customerName: string;
	customerCode: string;
	amount: number;
	receivedAt: Date;
}

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
	/** The payments handed over, so the office can see which receipts the cash is for. */
	receipts: HandoverReceipt[];
	note: string | null;
	handedOverAt: Date;
	confirmedAt: Date | null;
	confirmedByName: string | null;
	confirmNote: string | null;
}

/**
 * One page of hand-overs, newest first (the status filter finds the pending ones), with the
 * receipts of that page's hand-overs in one more query.
 */
export async function listHandovers(db: Db, input: z.output<typeof handoverListInput>, timeZone: string): Promise<ListPage<HandoverListRow>> {
	const confirmer = sql`(SELECT name FROM users u2 WHERE u2.id = ${cashHandovers.confirmedBy})`;
	const filter = and(
		isNull(cashHandovers.deletedAt),
		input.status ? eq(cashHandovers.status, input.status) : undefined,
		input.technicianId ? eq(cashHandovers.technicianId, input.technicianId) : undefined,
		input.from ? gte(cashHandovers.handedOverAt, localTimeToInstant(input.from, 0, timeZone)) : undefined,
		input.to ? lt(cashHandovers.handedOverAt, localTimeToInstant(addDays(input.to, 1), 0, timeZone)) : undefined,
		input.search ? or(like(users.name, likeContains(input.search)), like(cashHandovers.note, likeContains(input.search))) : undefined
	);
	const page = await paginate({
		input,
		columns: { handedOverAt: cashHandovers.handedOverAt },
		id: cashHandovers.id,
		filter,
		rows: ({ where, orderBy, limit }) =>
			db
				.select({
					id: cashHandovers.id,
					technicianId: cashHandovers.technicianId,
					technicianName: users.name,
					expectedAmount: cashHandovers.expectedAmount,
					amount: cashHandovers.amount,
					countedAmount: cashHandovers.countedAmount,
					status: cashHandovers.status,
					note: cashHandovers.note,
					handedOverAt: cashHandovers.handedOverAt,
					confirmedAt: cashHandovers.confirmedAt,
					confirmedByName: sql<string | null>`${confirmer}`,
					confirmNote: cashHandovers.confirmNote
				})
				.from(cashHandovers)
				.innerJoin(users, eq(users.id, cashHandovers.technicianId))
				.where(where)
				.orderBy(...orderBy)
				.limit(limit),
		count: async (where) => (await db.select({ n: count() }).from(cashHandovers).innerJoin(users, eq(users.id, cashHandovers.technicianId)).where(where))[0].n
	});
	const receipts = await receiptsOf(db, page.rows.map((r) => r.id));
	return {
		...page,
		rows: page.rows.map((r) => {
			const mine = receipts.get(r.id) ?? [];
			return { ...r, receipts: mine, payments: mine.length, difference: r.countedAmount === null ? null : r.countedAmount - r.expectedAmount };
		})
	};
}

async function receiptsOf(db: Db, handoverIds: string[]): Promise<Map<string, HandoverReceipt[]>> {
	const out = new Map<string, HandoverReceipt[]>();
	if (handoverIds.length === 0) return out;
	const rows = await db
		.select({
			handoverId: handoverPayments.handoverId,
			paymentId: payments.id,
			receiptNumber: payments.receiptNumber,
			customerName: customers.name,
			customerCode: customers.code,
			amount: payments.amount,
			receivedAt: payments.receivedAt
		})
		.from(handoverPayments)
		.innerJoin(payments, eq(payments.id, handoverPayments.paymentId))
		.innerJoin(customers, eq(customers.id, payments.customerId))
		.where(inArray(handoverPayments.handoverId, handoverIds))
		.orderBy(asc(payments.receivedAt));
	for (const { handoverId, ...receipt } of rows) {
		const list = out.get(handoverId) ?? [];
		list.push(receipt);
		out.set(handoverId, list);
	}
	return out;
}

/**
 * Confirms once; confirming again with the same count is a harmless resend, a different count is
 * refused. A count below what the technician declared is a shortfall: it needs `acceptShortfall`
 * and a reason (the note), and stays on the collector's balance until a later hand-over or a
 * write-off settles it. Answers with what the collector still owes afterwards.
 */
export async function confirmHandover(
	db: Db,
	input: z.output<typeof handoverConfirmInput>,
	actor: Actor
): Promise<{ difference: number; duplicate: boolean; owed: number }> {
	return db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const [row] = await tx.select().from(cashHandovers).where(eq(cashHandovers.id, input.id)).for('update');
		if (!row || row.deletedAt) throw new FieldValidationError({ id: [actor.t('validation.unknown')] });
		if (row.status === 'confirmed') {
			if (row.countedAmount === input.countedAmount) {
				return { difference: row.countedAmount - row.expectedAmount, duplicate: true, owed: (await collectorBalance(tx, row.technicianId)).owed };
			}
			throw new FieldValidationError({ countedAmount: [actor.t('handover.alreadyConfirmed')] });
		}
		const short = row.amount - input.countedAmount;
		if (short > 0) {
			const values = { shortfall: formatRupiah(short), declared: formatRupiah(row.amount), counted: formatRupiah(input.countedAmount) };
			const fields: Record<string, Message[]> = {};
			if (!input.acceptShortfall) fields.acceptShortfall = [{ key: 'handover.shortfallConfirm', values }];
			if (!input.note) fields.note = [{ key: 'handover.shortfallReason', values }];
			if (Object.keys(fields).length) throw new DomainError('invalid', { key: 'handover.shortfallNeedsReason', values }, fields);
		}
		await tx
			.update(cashHandovers)
			.set({ status: 'confirmed', countedAmount: input.countedAmount, confirmedBy: actor.userId, confirmedAt: new Date(), confirmNote: input.note, version })
			.where(and(eq(cashHandovers.id, row.id), eq(cashHandovers.status, 'pending')));
		const difference = input.countedAmount - row.expectedAmount;
		const owed = (await collectorBalance(tx, row.technicianId)).owed;
		await audit(tx, {
			userId: actor.userId,
			action: 'handover.confirm',
			entity: 'cash_handover',
			entityId: row.id,
			before: { status: row.status, expectedAmount: row.expectedAmount, amount: row.amount },
			after: { status: 'confirmed', countedAmount: input.countedAmount, difference, shortfall: Math.max(0, short), note: input.note, collectorOwes: owed },
			ipAddress: actor.ipAddress
		});
		await waHandoverConfirmed(tx, row.id);
		return { difference, duplicate: false, owed };
	});
}

export interface CollectorBalanceRow extends CollectorBalance {
	userId: string;
	name: string;
}

/** Everyone who owes the office cash (or is owed), largest balance first: the hand-over page's summary. */
export async function outstandingCollectors(db: Db): Promise<CollectorBalanceRow[]> {
	const balances = await collectorBalances(db);
	const owing = [...balances].filter(([, b]) => b.owed !== 0);
	if (owing.length === 0) return [];
	const names = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, owing.map(([id]) => id)));
	const nameOf = new Map(names.map((n) => [n.id, n.name]));
	return owing.map(([userId, b]) => ({ userId, name: nameOf.get(userId) ?? '—', ...b })).sort((a, b) => b.owed - a.owed || a.name.localeCompare(b.name, 'id'));
}

/**
 * An admin writes off (part of) what a collector owes, with the reason; audited. The id comes
 * from the form, so a resend is answered with the write-off already made. At most the balance
 * can be written off; the collector's row is locked so two write-offs cannot both pass that check.
 */
export async function writeOffShortfall(db: Db, input: z.output<typeof writeOffInput>, actor: Actor): Promise<{ owed: number; duplicate: boolean }> {
	return db.transaction(async (tx) => {
		const [collector] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.collectorId)).for('update');
		if (!collector) throw invalidField('collectorId', 'validation.unknown');
		const [existing] = await tx.select().from(cashWriteoffs).where(eq(cashWriteoffs.id, input.id));
		if (existing) {
			if (existing.collectorId !== input.collectorId || existing.amount !== input.amount) throw conflict('handover.writeOffTaken');
			return { owed: (await collectorBalance(tx, input.collectorId)).owed, duplicate: true };
		}
		const before = await collectorBalance(tx, input.collectorId);
		if (input.amount > before.owed) {
			throw invalidField('amount', 'handover.writeOffTooMuch', { owed: formatRupiah(Math.max(0, before.owed)) });
		}
		await tx.insert(cashWriteoffs).values({ id: input.id, collectorId: input.collectorId, amount: input.amount, reason: input.reason, createdBy: actor.userId });
		const owed = before.owed - input.amount;
		await audit(tx, {
			userId: actor.userId,
			action: 'handover.writeOff',
			entity: 'cash_writeoff',
			entityId: input.id,
			before: { collectorId: input.collectorId, owed: before.owed },
			after: { collectorId: input.collectorId, writtenOff: input.amount, owed, reason: input.reason },
			ipAddress: actor.ipAddress
		});
		return { owed, duplicate: false };
	});
}
