/**
 * Bulk reminders from the reminders page: the ticked rows, or every row under the list's filter,
 * become one outbox message each in one transaction, audited once with the summary. The dedupe
 * key names the row and the ISP's day, so a second click (or a retried request) the same day
 * writes nothing more; tomorrow the operator may remind again.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/index';
import { customers, invoices, subscriptions } from '../db/schema';
import { audit } from '../audit';
import { conflict } from '../errors';
import { isOpenInvoice } from '../billing/queries';
import { dueReminderFilter, isolatedReminderFilter } from '../reminders/lists';
import { localDateOf } from '../../shared/dates';
import { BULK_REMINDERS_MAX, type bulkRemindersInput } from '../../shared/schemas/settings-reminders';
import { billMessages, billQuery, setupFor, wanted, type BillRow } from './events';
import { enqueueMessages } from './enqueue';

type Rows<T> = [T[], unknown];

export interface BulkReminderSummary {
	/** Rows the request named (or found under the filter). */
	selected: number;
	/** New messages written to the outbox. */
	queued: number;
	/** Already reminded today by an earlier bulk send: nothing written. */
	alreadyToday: number;
	/** Skipped: opted out of reminders, no phone, or nothing owed any more. */
	optedOut: number;
	noPhone: number;
	nothingOwed: number;
}

/** The invoices a bulk send is about: the due list's rows, or each isolated subscription's oldest open invoice. */
async function invoiceIdsOf(tx: DbOrTx, input: z.output<typeof bulkRemindersInput>, today: string): Promise<string[]> {
	if (input.kind === 'due') {
		if (input.ids) return input.ids;
		const rows = await tx
			.select({ id: invoices.id })
			.from(invoices)
			.innerJoin(customers, eq(customers.id, invoices.customerId))
			.where(dueReminderFilter(input.filter!, today))
			.limit(BULK_REMINDERS_MAX);
		return rows.map((r) => r.id);
	}
	const subscriptionIds = input.ids
		? input.ids
		: (
				await tx
					.select({ id: subscriptions.id })
					.from(subscriptions)
					.innerJoin(customers, eq(customers.id, subscriptions.customerId))
					.where(isolatedReminderFilter(input.filter!))
					.limit(BULK_REMINDERS_MAX)
			).map((r) => r.id);
	if (subscriptionIds.length === 0) return [];
	const open = await tx
		.select({ id: invoices.id, subscriptionId: invoices.subscriptionId })
		.from(invoices)
		.where(and(isOpenInvoice, inArray(invoices.subscriptionId, subscriptionIds)))
		.orderBy(asc(invoices.periodStart));
	const oldest = new Map<string, string>();
	for (const inv of open) if (!oldest.has(inv.subscriptionId)) oldest.set(inv.subscriptionId, inv.id);
	return [...oldest.values()];
}

export async function sendBulkReminders(
	db: Db,
	input: z.output<typeof bulkRemindersInput>,
	ctx: { timeZone: string; now?: Date },
	actor: { userId: string; ipAddress: string | null }
): Promise<BulkReminderSummary> {
	const today = localDateOf(ctx.now ?? new Date(), ctx.timeZone);
	const event = input.kind === 'due' ? 'due_soon' : 'isolated';
	return db.transaction(async (tx) => {
		// A person chose to send: the automatic event's switch does not apply, the gateway does.
		const setup = await setupFor(tx, event, { ignoreSwitch: true });
		if (!setup) throw conflict('whatsapp.noGateway');
		const invoiceIds = await invoiceIdsOf(tx, input, today);
		const rows: BillRow[] = invoiceIds.length ? await billQuery(tx).where(inArray(invoices.id, invoiceIds)) : [];
		const summary: BulkReminderSummary = { selected: input.ids?.length ?? invoiceIds.length, queued: 0, alreadyToday: 0, optedOut: 0, noPhone: 0, nothingOwed: 0 };
		for (const r of rows) {
			if (r.amount - r.amountPaid <= 0) summary.nothingOwed += 1;
			else if (!r.phone || r.phone.trim() === '') summary.noPhone += 1;
			else if (!wanted(setup, r)) summary.optedOut += 1;
		}
		const keyOf = (invoiceId: string) => `bulk_${input.kind}:${invoiceId}:${today}`;
		const messages = billMessages(setup, rows, keyOf);
		if (messages.length) {
			const [[before]] = (await tx.execute(
				sql`SELECT COUNT(*) AS n FROM wa_messages WHERE dedupe_key IN (${sql.join(messages.map((m) => sql`${m.dedupeKey}`), sql`, `)})`
			)) as unknown as Rows<{ n: number }>;
			summary.alreadyToday = Number(before.n);
			await enqueueMessages(tx, messages);
			summary.queued = messages.length - summary.alreadyToday;
		}
		await audit(tx, {
			userId: actor.userId,
			action: 'whatsapp.bulkReminders',
			entity: 'wa_message',
			entityId: input.kind,
			after: { kind: input.kind, scope: input.ids ? 'selected' : 'filter', filter: input.filter ?? null, day: today, ...summary },
			ipAddress: actor.ipAddress
		});
		return summary;
	});
}
