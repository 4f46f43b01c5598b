/**
 * The two lists of the reminders page, each a keyset-paged list of rows carrying the message and
 * its wa.me link, and whether someone already marked it sent today:
 * - due: open invoices due within N days, today through day N, in the ISP's calendar ("due in
 *   3 days" is everything coming due by then, not only what falls on the third day);
 * - isolated: subscriptions isolated now, with their oldest open invoice (the pay link's).
 */
import { and, asc, count, eq, gte, inArray, isNull, like, lte, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { areas, customers, invoices, packages, reminderMarks, subscriptions } from '../db/schema';
import { paginate } from '../db/keyset';
import { readIspProfile } from '../settings/profile';
import { readMessageTemplates } from '../settings/templates';
import { addDays, localDateOf } from '../../shared/dates';
import type { dueRemindersInput, isolatedRemindersInput, ReminderKind } from '../../shared/schemas/settings-reminders';
import { renderBillMessage, whatsappLink, payLinkOf } from './message';
import { internationalPhone } from '../../shared/phone';
import { countInvoicesWithCustomer, isOpenInvoice, payableInvoiceColumns } from '../billing/queries';
import { outstandingOf } from '../../shared/money';

export interface ReminderContext {
	timeZone: string;
	publicBaseUrl: string;
	now?: Date;
}

export interface ReminderRow {
	/** The invoice (due list) or the subscription (isolated list); the mark's subject. */
	id: string;
	name: string;
	customerId: string;
	customerCode: string;
	areaName: string;
	packageName: string;
	serviceUsername: string | null;
	phone: string | null;
	/** The phone as wa.me wants it; null when missing or unusable. */
	whatsappNumber: string | null;
	invoice: { id: string; number: string; dueDate: string; outstanding: number; payUrl: string } | null;
	message: string;
	whatsappUrl: string | null;
	sent: boolean;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function searchOf(term: string | undefined): SQL | undefined {
	if (!term) return undefined;
	const pattern = `%${escapeLike(term)}%`;
	const digits = term.replace(/\D/g, '');
	return or(
		like(customers.name, pattern),
		like(customers.code, pattern),
		digits.length >= 4 ? like(customers.phone, `%${digits.slice(-9)}%`) : undefined
	);
}

async function sentToday(db: Db, kind: ReminderKind, day: string, ids: string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db
		.select({ subjectId: reminderMarks.subjectId })
		.from(reminderMarks)
		.where(and(eq(reminderMarks.kind, kind), eq(reminderMarks.day, day), inArray(reminderMarks.subjectId, ids)));
	return new Set(rows.map((r) => r.subjectId));
}

export async function countSentToday(db: Db, kind: ReminderKind, ctx: ReminderContext): Promise<number> {
	const day = localDateOf(ctx.now ?? new Date(), ctx.timeZone);
	const [row] = await db.select({ n: count() }).from(reminderMarks).where(and(eq(reminderMarks.kind, kind), eq(reminderMarks.day, day)));
	return row.n;
}

/** Who a reminder row is for, the same in the due and the isolated lists. */
const reminderPersonColumns = {
	name: customers.name,
	customerId: customers.id,
	customerCode: customers.code,
	phone: customers.phone,
	areaName: areas.name,
	packageName: packages.name,
	serviceUsername: subscriptions.serviceUsername
};

/** The due list's rows (invoices joined with their customer): also what "send to all under the filter" sends. */
export function dueReminderFilter(input: { days: number; areaId?: string; search?: string }, today: string): SQL | undefined {
	return and(
		isOpenInvoice,
		gte(invoices.dueDate, today),
		lte(invoices.dueDate, addDays(today, input.days)),
		isNull(customers.deletedAt),
		input.areaId ? eq(customers.areaId, input.areaId) : undefined,
		searchOf(input.search)
	);
}

/** The isolated list's rows (subscriptions joined with their customer). */
export function isolatedReminderFilter(input: { areaId?: string; search?: string }): SQL | undefined {
	return and(
		eq(subscriptions.status, 'isolated'),
		isNull(subscriptions.deletedAt),
		isNull(customers.deletedAt),
		input.areaId ? eq(customers.areaId, input.areaId) : undefined,
		searchOf(input.search)
	);
}

export async function listDueReminders(db: Db, input: z.output<typeof dueRemindersInput>, ctx: ReminderContext) {
	const today = localDateOf(ctx.now ?? new Date(), ctx.timeZone);
	const filter = dueReminderFilter(input, today);
	const [isp, templates] = await Promise.all([readIspProfile(db), readMessageTemplates(db)]);
	const page = await paginate({
		input,
		columns: { name: customers.name, number: invoices.number },
		id: invoices.id,
		filter,
		rows: ({ where, orderBy, limit }) =>
			db
				.select({
					id: invoices.id,
					number: invoices.number,
					...reminderPersonColumns,
					periodStart: invoices.periodStart,
					periodEnd: invoices.periodEnd,
					dueDate: invoices.dueDate,
					amount: invoices.amount,
					amountPaid: invoices.amountPaid,
					payToken: invoices.payToken
				})
				.from(invoices)
				.innerJoin(customers, eq(customers.id, invoices.customerId))
				.innerJoin(areas, eq(areas.id, customers.areaId))
				.innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
				.innerJoin(packages, eq(packages.id, subscriptions.packageId))
				.where(where)
				.orderBy(...orderBy)
				.limit(limit),
		count: (where) => countInvoicesWithCustomer(db, where)
	});
	const sent = await sentToday(db, 'due', today, page.rows.map((r) => r.id));
	const rows: ReminderRow[] = page.rows.map((r) => {
		const outstanding = outstandingOf(r);
		const message = renderBillMessage('reminder', templates.reminder, { customerName: r.name, customerCode: r.customerCode, packageName: r.packageName, periodStart: r.periodStart, periodEnd: r.periodEnd, dueDate: r.dueDate, outstanding, payToken: r.payToken }, isp.name, ctx.publicBaseUrl, templates.language);
		return {
			id: r.id,
			name: r.name,
			customerId: r.customerId,
			customerCode: r.customerCode,
			areaName: r.areaName,
			packageName: r.packageName,
			serviceUsername: r.serviceUsername,
			phone: r.phone,
			whatsappNumber: internationalPhone(r.phone),
			invoice: { id: r.id, number: r.number, dueDate: r.dueDate, outstanding, payUrl: payLinkOf(ctx.publicBaseUrl, r.payToken) },
			message,
			whatsappUrl: whatsappLink(r.phone, message),
			sent: sent.has(r.id)
		};
	});
	return { ...page, rows };
}

export async function listIsolatedReminders(db: Db, input: z.output<typeof isolatedRemindersInput>, ctx: ReminderContext) {
	const today = localDateOf(ctx.now ?? new Date(), ctx.timeZone);
	const filter = isolatedReminderFilter(input);
	const [isp, templates] = await Promise.all([readIspProfile(db), readMessageTemplates(db)]);
	const page = await paginate({
		input,
		columns: { name: customers.name },
		id: subscriptions.id,
		filter,
		rows: ({ where, orderBy, limit }) =>
			db
				.select({
					id: subscriptions.id,
					...reminderPersonColumns
				})
				.from(subscriptions)
				.innerJoin(customers, eq(customers.id, subscriptions.customerId))
				.innerJoin(areas, eq(areas.id, customers.areaId))
				.innerJoin(packages, eq(packages.id, subscriptions.packageId))
				.where(where)
				.orderBy(...orderBy)
				.limit(limit),
		count: async (where) =>
			(await db.select({ n: count() }).from(subscriptions).innerJoin(customers, eq(customers.id, subscriptions.customerId)).where(where))[0].n
	});
	const ids = page.rows.map((r) => r.id);
	const [sent, open] = await Promise.all([
		sentToday(db, 'isolated', today, ids),
		ids.length
			? db
					.select({ id: invoices.id, subscriptionId: invoices.subscriptionId, ...payableInvoiceColumns })
					.from(invoices)
					.where(and(isOpenInvoice, inArray(invoices.subscriptionId, ids)))
					.orderBy(asc(invoices.periodStart))
			: Promise.resolve([])
	]);
	// The oldest open invoice is the one that caused the isolation; its pay link goes in the notice.
	const oldest = new Map<string, (typeof open)[number]>();
	for (const inv of open) if (!oldest.has(inv.subscriptionId)) oldest.set(inv.subscriptionId, inv);
	const rows: ReminderRow[] = page.rows.map((r) => {
		const inv = oldest.get(r.id);
		const outstanding = inv ? outstandingOf(inv) : 0;
		// Isolated by hand with nothing owed: the notice has no bill to quote, so none is prepared.
		const message = inv
			? renderBillMessage('isolir', templates.isolir, { customerName: r.name, customerCode: r.customerCode, packageName: r.packageName, periodStart: inv.periodStart, periodEnd: inv.periodEnd, dueDate: inv.dueDate, outstanding, payToken: inv.payToken }, isp.name, ctx.publicBaseUrl, templates.language)
			: '';
		return {
			...r,
			whatsappNumber: internationalPhone(r.phone),
			invoice: inv ? { id: inv.id, number: inv.number, dueDate: inv.dueDate, outstanding, payUrl: payLinkOf(ctx.publicBaseUrl, inv.payToken) } : null,
			message,
			whatsappUrl: message ? whatsappLink(r.phone, message) : null,
			sent: sent.has(r.id)
		};
	});
	return { ...page, rows };
}
