/**
 * The event hooks: each writes the event's WhatsApp messages into the outbox inside the event's
 * own transaction, so a message exists if and only if its event committed, and the dedupe key
 * (named for the event's subject) makes a retried event write nothing twice. Every event site
 * calls one function from here in one line; nothing here knows tRPC or translation.
 *
 * A message is written only when a gateway sends (not "links only"), the admin left the event
 * switched on, and the recipient has a phone. A customer who opted out gets no reminders
 * (invoice issued, due soon, due today, isolated) but still gets receipts and restore notices.
 */
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/index';
import { cashHandovers, customers, invoices, packages, paymentAllocations, payments, subscriptions, users } from '../db/schema';
import { ConfigError, getConfig } from '../config';
import { log } from '../log';
import { readSetting } from '../settings';
import { readIspProfile } from '../settings/profile';
import { readMessageTemplates } from '../settings/templates';
import { billValues } from '../reminders/message';
import { formatDate } from '../../shared/i18n/index';
import { formatRupiah } from '../../shared/money';
import { addDays, type LocalDate } from '../../shared/dates';
import { WA_QUIET_HOURS_KINDS } from '../../shared/whatsapp';
import { compileTemplate, customerDateText, periodText, placeholderList, TEMPLATE_PLACEHOLDERS, type MessageTemplates } from '../../shared/templates';
import { DomainError, type Message } from '../errors';
import { writeAudited } from '../settings/audited';
import type { SettingsActor } from '../settings/actor';
import { EVENT_TEMPLATE, waEventSettingsSchema, type MetaTemplateMapping, type WaEvent, type WaEventSettings } from '../../shared/schemas/whatsapp';
import { storedGatewaySchema, WA_GATEWAY_KEY } from './gateway-settings';
import { enqueueMessages, type NewWaMessage } from './enqueue';
import { insertBillReminders } from './bill-reminders-sql';
import type { WaTemplate } from './types';

export const WA_EVENTS_KEY = 'whatsapp.events';

export function readWaEventSettings(db: DbOrTx): Promise<WaEventSettings> {
	return readSetting(db, WA_EVENTS_KEY, waEventSettingsSchema);
}

interface Surroundings {
	publicBaseUrl: string;
	timeZone: () => string;
}
let surroundings: Surroundings | null = null;

/** Tests (and anything running without the server's configuration) say where pay links point. */
export function configureWhatsAppEvents(s: Surroundings | null): void {
	surroundings = s;
}

/**
 * The server's configuration; null only in a process without one (a test that did not call
 * configureWhatsAppEvents) — a running server cannot start without it — and then nothing is
 * written rather than a pay link to nowhere, and the event itself never fails for it.
 */
function surroundingsNow(): { publicBaseUrl: string; timeZone: string } | null {
	if (surroundings) return { publicBaseUrl: surroundings.publicBaseUrl, timeZone: surroundings.timeZone() };
	try {
		const config = getConfig();
		return { publicBaseUrl: config.PUBLIC_BASE_URL, timeZone: config.ISP_TIMEZONE };
	} catch (err) {
		if (!(err instanceof ConfigError)) throw err;
		log.warn({}, 'WhatsApp event messages not written: no configuration in this process');
		return null;
	}
}

export interface Setup {
	event: WaEvent;
	templates: MessageTemplates;
	ispName: string;
	/** The Meta template to send instead of free text, when Meta sends and the admin mapped one. */
	meta: MetaTemplateMapping | null;
	publicBaseUrl: string;
	timeZone: string;
	settings: WaEventSettings;
	/** The event's template, parsed once for every message of the call. */
	render: (values: Record<string, string>) => string;
	/** A calendar day as messages to customers write it (their language), each day formatted once. */
	dateText: (day: string) => string;
}

/** Thousands of invoices share a handful of days: each is written once (Intl is the slow part). */
function memoisedDays(write: (day: string) => string): (day: string) => string {
	const days = new Map<string, string>();
	return (day) => {
		let text = days.get(day);
		if (text === undefined) days.set(day, (text = write(day)));
		return text;
	};
}

/**
 * Null when nothing is to be written: no gateway sends, or the admin switched the event off (a
 * person's explicit bulk send passes `ignoreSwitch`: the switch is about automatic messages).
 */
export async function setupFor(tx: DbOrTx, event: WaEvent, opts: { ignoreSwitch?: boolean } = {}): Promise<Setup | null> {
	const gateway = await readSetting(tx, WA_GATEWAY_KEY, storedGatewaySchema);
	if (gateway.kind === 'links') return null;
	const settings = await readWaEventSettings(tx);
	if (!settings.enabled[event] && !opts.ignoreSwitch) return null;
	const where = surroundingsNow();
	if (!where) return null;
	const templates = await readMessageTemplates(tx);
	const isp = await readIspProfile(tx);
	const meta = gateway.kind === 'meta' ? (settings.metaTemplates[event] ?? null) : null;
	const kind = EVENT_TEMPLATE[event];
	const render = compileTemplate(kind, templates[kind]) as (values: Record<string, string>) => string;
	return { event, templates, ispName: isp.name, meta, settings, render, dateText: memoisedDays(customerDateText(templates.language)), ...where };
}

/** The Meta template's parameters, filled from the same values as the free-text template. */
export function metaTemplateOf(mapping: MetaTemplateMapping | null, values: Record<string, string>): WaTemplate | null {
	return mapping ? { name: mapping.name, language: mapping.language, params: mapping.params.map((p) => values[p] ?? '') } : null;
}

interface Recipient {
	customerId: string | null;
	phone: string | null;
	optedOut: boolean;
}

/** Opted-out customers get no reminders; a recipient without any phone gets nothing at all. */
export function wanted(setup: Setup, r: Recipient): boolean {
	if (!r.phone || r.phone.trim() === '') return false;
	return !(r.optedOut && WA_QUIET_HOURS_KINDS.has(setup.event));
}

function messageOf(setup: Setup, dedupeKey: string, r: Recipient, values: Record<string, string>, expiresAt: Date | null = null): NewWaMessage {
	return {
		dedupeKey,
		customerId: r.customerId,
		phone: r.phone,
		kind: setup.event,
		body: setup.render(values),
		template: metaTemplateOf(setup.meta, values),
		expiresAt
	};
}

type BillEvent = 'invoice_issued' | 'due_soon' | 'due_today' | 'isolated';

const billColumns = {
	invoiceId: invoices.id,
	periodStart: invoices.periodStart,
	periodEnd: invoices.periodEnd,
	dueDate: invoices.dueDate,
	amount: invoices.amount,
	amountPaid: invoices.amountPaid,
	payToken: invoices.payToken,
	customerId: customers.id,
	customerName: customers.name,
	customerCode: customers.code,
	phone: customers.phone,
	optedOut: customers.whatsappOptOut,
	packageName: packages.name
};
export interface BillRow {
	invoiceId: string;
	periodStart: string;
	periodEnd: string;
	dueDate: string;
	amount: number;
	amountPaid: number;
	payToken: string;
	customerId: string;
	customerName: string;
	customerCode: string;
	phone: string | null;
	optedOut: boolean;
	packageName: string;
}

export function billQuery(tx: DbOrTx) {
	return tx
		.select(billColumns)
		.from(invoices)
		.innerJoin(customers, eq(customers.id, invoices.customerId))
		.innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
		.innerJoin(packages, eq(packages.id, subscriptions.packageId));
}

/** One message per invoice that still owes something; `keyOf` names the event and the invoice. */
export function billMessages(setup: Setup, rows: BillRow[], keyOf: (invoiceId: string) => string, expiresAt: Date | null = null): NewWaMessage[] {
	const out: NewWaMessage[] = [];
	for (const r of rows) {
		const outstanding = Math.max(0, r.amount - r.amountPaid);
		if (outstanding === 0 || !wanted(setup, r)) continue;
		const values = billValues(
			{ customerName: r.customerName, customerCode: r.customerCode, packageName: r.packageName, periodStart: r.periodStart, periodEnd: r.periodEnd, dueDate: r.dueDate, outstanding, payToken: r.payToken },
			setup.ispName,
			setup.publicBaseUrl,
			setup.dateText
		);
		out.push(messageOf(setup, keyOf(r.invoiceId), r, values, expiresAt));
	}
	return out;
}

async function billEvent(tx: DbOrTx, event: BillEvent, invoiceIds: string[], keyOf: (invoiceId: string) => string): Promise<number> {
	if (invoiceIds.length === 0) return 0;
	const setup = await setupFor(tx, event);
	if (!setup) return 0;
	const rows = await billQuery(tx).where(inArray(invoices.id, invoiceIds));
	const messages = billMessages(setup, rows, keyOf);
	await enqueueMessages(tx, messages);
	return messages.length;
}

/** Billing run: the invoices it just issued (zero-amount ones owe nothing and are skipped). */
export function waInvoicesIssued(tx: DbOrTx, invoiceIds: string[]): Promise<number> {
	return billEvent(tx, 'invoice_issued', invoiceIds, (id) => `invoice_issued:${id}`);
}

/** Overdue run: subscriptions just isolated, each with the invoice that caused it. */
export function waIsolated(tx: DbOrTx, isolated: Array<{ id: string; invoiceId: string }>): Promise<number> {
	const subscriptionOf = new Map(isolated.map((r) => [r.invoiceId, r.id]));
	return billEvent(tx, 'isolated', [...subscriptionOf.keys()], (invoiceId) => `isolated:${subscriptionOf.get(invoiceId)}:${invoiceId}`);
}

/**
 * The daily reminders: open invoices due in exactly N days ("due soon", N from the WhatsApp event
 * settings) and due today, in one transaction, each kind in one set-based statement
 * (`bill-reminders-sql.ts`: 20,000 customers are one round trip, not 20,000 rows each way). A
 * reminder held by quiet hours past the end of its day is cancelled rather than sent late.
 * Replaying the same day writes nothing; the counts are the messages new in this run.
 */
export async function waDueReminders(db: Db, today: LocalDate, now: Date = new Date()): Promise<{ whatsappDueSoon: number; whatsappDueToday: number }> {
	return db.transaction(async (tx) => {
		const result = { whatsappDueSoon: 0, whatsappDueToday: 0 };
		for (const event of ['due_soon', 'due_today'] as const) {
			const setup = await setupFor(tx, event);
			if (!setup) continue;
			const day = event === 'due_soon' ? addDays(today, setup.settings.dueSoonDays) : today;
			result[event === 'due_soon' ? 'whatsappDueSoon' : 'whatsappDueToday'] = await insertBillReminders(tx, setup, {
				where: dueOn(day),
				keyPrefix: `${event}:`,
				expiresAt: new Date(now.getTime() + 24 * 3600_000),
				now
			});
		}
		return result;
	});
}

/** Open invoices of active subscriptions due on `day` (over `i` invoices, `s` subscriptions). */
export function dueOn(day: LocalDate): SQL {
	return sql`i.due_date = ${day} AND i.status IN ('unpaid', 'partial') AND i.deleted_at IS NULL AND s.status = 'active'`;
}

/** Payments just recorded — office, Midtrans, REST, a phone's cash after sync: the receipt, opted out or not. */
export async function waPaymentsReceived(tx: DbOrTx, paymentIds: string[]): Promise<number> {
	if (paymentIds.length === 0) return 0;
	const setup = await setupFor(tx, 'payment_receipt');
	if (!setup) return 0;
	const rows = await tx
		.select({
			id: payments.id,
			receiptNumber: payments.receiptNumber,
			amount: payments.amount,
			receivedAt: payments.receivedAt,
			customerId: customers.id,
			customerName: customers.name,
			customerCode: customers.code,
			phone: customers.phone,
			optedOut: customers.whatsappOptOut
		})
		.from(payments)
		.innerJoin(customers, eq(customers.id, payments.customerId))
		.where(inArray(payments.id, paymentIds));
	const periods = await tx
		.select({ paymentId: paymentAllocations.paymentId, start: invoices.periodStart, end: invoices.periodEnd })
		.from(paymentAllocations)
		.innerJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
		.where(inArray(paymentAllocations.paymentId, paymentIds))
		.orderBy(invoices.periodStart);
	const messages = rows.filter((r) => r.amount > 0 && wanted(setup, r)).map((r) => {
		const values = {
			nama: r.customerName,
			kode: r.customerCode,
			periode: periods.filter((p) => p.paymentId === r.id).map((p) => periodText(p.start, p.end, setup.dateText)).join(', ') || '—',
			jumlah: formatRupiah(r.amount),
			nomor: r.receiptNumber ?? '—',
			tanggal: formatDate(r.receivedAt, setup.templates.language, setup.timeZone),
			isp: setup.ispName
		};
		return messageOf(setup, `receipt:${r.id}`, r, values);
	});
	await enqueueMessages(tx, messages);
	return messages.length;
}

/** Subscriptions just restored from isolation; `reasonOf` names what lifted each (a payment, a run). */
export async function waRestored(tx: DbOrTx, subscriptionIds: string[], reasonOf: (subscriptionId: string) => string): Promise<number> {
	if (subscriptionIds.length === 0) return 0;
	const setup = await setupFor(tx, 'restored');
	if (!setup) return 0;
	const rows = await tx
		.select({ id: subscriptions.id, customerId: customers.id, customerName: customers.name, customerCode: customers.code, phone: customers.phone, optedOut: customers.whatsappOptOut, packageName: packages.name })
		.from(subscriptions)
		.innerJoin(customers, eq(customers.id, subscriptions.customerId))
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.where(inArray(subscriptions.id, subscriptionIds));
	const messages = rows
		.filter((r) => wanted(setup, r))
		.map((r) => messageOf(setup, `restored:${r.id}:${reasonOf(r.id)}`.slice(0, 191), r, { nama: r.customerName, kode: r.customerCode, paket: r.packageName, isp: setup.ispName }));
	await enqueueMessages(tx, messages);
	return messages.length;
}

/** A cash hand-over the office confirmed: the technician hears it arrived and what was counted. */
export async function waHandoverConfirmed(tx: DbOrTx, handoverId: string): Promise<number> {
	const setup = await setupFor(tx, 'handover_confirmed');
	if (!setup) return 0;
	const [row] = await tx
		.select({ amount: cashHandovers.amount, counted: cashHandovers.countedAmount, confirmedAt: cashHandovers.confirmedAt, name: users.name, phone: users.phone })
		.from(cashHandovers)
		.innerJoin(users, eq(users.id, cashHandovers.technicianId))
		.where(eq(cashHandovers.id, handoverId));
	const recipient = { customerId: null, phone: row?.phone ?? null, optedOut: false };
	if (!row || !wanted(setup, recipient)) return 0;
	const values = {
		nama: row.name,
		jumlah: formatRupiah(row.amount),
		dihitung: formatRupiah(row.counted ?? row.amount),
		tanggal: formatDate(row.confirmedAt ?? new Date(), setup.templates.language, setup.timeZone),
		isp: setup.ispName
	};
	await enqueueMessages(tx, [messageOf(setup, `handover_confirmed:${handoverId}`, recipient, values)]);
	return 1;
}

/**
 * Saves the per-event switches, the "days before due" and the Meta template mapping. A mapped
 * parameter must be a placeholder of the event's own template: a typo would otherwise reach every
 * customer as an empty parameter, which Meta refuses for the whole template.
 */
export async function saveWaEventSettings(tx: DbOrTx, input: WaEventSettings, actor: SettingsActor): Promise<WaEventSettings> {
	const fields: Record<string, Message[]> = {};
	for (const [event, mapping] of Object.entries(input.metaTemplates) as Array<[WaEvent, MetaTemplateMapping | undefined]>) {
		if (!mapping) continue;
		const known: readonly string[] = TEMPLATE_PLACEHOLDERS[EVENT_TEMPLATE[event]];
		const unknown = mapping.params.filter((p) => !known.includes(p));
		if (unknown.length) {
			fields[`metaTemplates.${event}.params`] = [
				{ key: 'validation.templateUnknown', values: { names: unknown.map((n) => `{${n}}`).join(', '), allowed: placeholderList(EVENT_TEMPLATE[event]) } }
			];
		}
	}
	if (Object.keys(fields).length) throw new DomainError('invalid', Object.values(fields)[0][0], fields);
	return writeAudited(tx, { key: WA_EVENTS_KEY, schema: waEventSettingsSchema, value: input, action: 'settings.whatsappEvents', actor });
}
