/** Inputs of the WhatsApp settings and outbox (browser-safe: the pages validate with them too). */
import { z } from 'zod';
import { WA_GATEWAYS, WA_MESSAGE_KINDS, WA_MESSAGE_STATUSES } from '../whatsapp';
import type { TemplateKind } from '../templates';

const secret = (max: number) => z.string().trim().max(max).optional();
const rate = z.number().positive().max(100).nullable().optional();
const baseUrl = z.string().trim().url().nullable().optional();

/** What the admin sends for the gateway: a blank secret keeps the stored one. */
export const gatewaySettingsInput = z.object({
	kind: z.enum(WA_GATEWAYS),
	fonnte: z.object({ token: secret(200), baseUrl, ratePerSecond: rate }).optional(),
	wablas: z.object({ token: secret(200), secretKey: secret(200), baseUrl, ratePerSecond: rate }).optional(),
	meta: z
		.object({
			accessToken: secret(1000),
			appSecret: secret(200),
			verifyToken: z.string().trim().max(200).optional(),
			phoneNumberId: z.string().trim().regex(/^\d{0,32}$/).optional(),
			apiVersion: z.string().trim().regex(/^v\d{1,3}\.\d$/).optional(),
			baseUrl,
			ratePerSecond: rate
		})
		.optional()
});

export const testMessageInput = z.object({ phone: z.string().trim().min(1).max(32) });

export const outboxListInput = z.object({
	status: z.enum(WA_MESSAGE_STATUSES).optional(),
	kind: z.enum(WA_MESSAGE_KINDS).optional(),
	customerId: z.uuid().optional(),
	/** Rows with a smaller id than this (the last row of the previous page). */
	before: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
	limit: z.number().int().min(1).max(200).default(50)
});

export const waCustomerInput = z.object({ customerId: z.uuid() });
export const customerOptOutInput = z.object({ customerId: z.uuid(), optOut: z.boolean() });

export const waMessageIdInput = z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** The events that write a message, each with its template (shared/templates.ts) and a switch. */
export const WA_EVENTS = ['invoice_issued', 'due_soon', 'due_today', 'isolated', 'payment_receipt', 'restored', 'handover_confirmed'] as const;
export type WaEvent = (typeof WA_EVENTS)[number];

/** The editable template (settings → message templates) each event is written with. */
export const EVENT_TEMPLATE: Record<WaEvent, TemplateKind> = {
	invoice_issued: 'invoice',
	due_soon: 'reminder',
	due_today: 'due_today',
	isolated: 'isolir',
	payment_receipt: 'receipt',
	restored: 'restored',
	handover_confirmed: 'handover'
};

const on = z.boolean().default(true);
const metaName = z.string().trim().regex(/^[a-z0-9_]{1,512}$/, { message: 'validation.metaTemplateName' });
const metaLanguage = z.string().trim().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, { message: 'validation.metaTemplateLanguage' });

/**
 * An approved Meta template for an event: its name, language and which placeholders of the
 * event's Lunas template fill its {{1}}, {{2}}… in order (checked against the event's list when saved).
 */
export const metaTemplateMapping = z.object({
	name: metaName,
	language: metaLanguage,
	params: z.array(z.string().trim().regex(/^[a-z_]{1,40}$/)).max(10)
});
export type MetaTemplateMapping = z.output<typeof metaTemplateMapping>;

/** Stored under `whatsapp.events`; also what the admin saves (every field has its default). */
export const waEventSettingsSchema = z.object({
	enabled: z
		.object({ invoice_issued: on, due_soon: on, due_today: on, isolated: on, payment_receipt: on, restored: on, handover_confirmed: on })
		.default({ invoice_issued: true, due_soon: true, due_today: true, isolated: true, payment_receipt: true, restored: true, handover_confirmed: true }),
	/** "N days before due": the reminder goes this many days before the due date. */
	dueSoonDays: z.int().min(1).max(14).default(3),
	/** For the Meta gateway only: an event without a mapping is sent as free text. */
	metaTemplates: z.partialRecord(z.enum(WA_EVENTS), metaTemplateMapping).default({})
});
export type WaEventSettings = z.output<typeof waEventSettingsSchema>;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'validation.clock' });

/** Quiet hours as stored: `HH:MM` in the ISP's zone, the window may wrap midnight (21:00–07:00, the default). */
export const quietHoursSchema = z.object({
	enabled: z.boolean().default(true),
	start: clock.default('21:00'),
	end: clock.default('07:00')
});
export type QuietHours = z.output<typeof quietHoursSchema>;

/** What the admin sends: an empty window (start = end) would hold nothing, so it is refused while on. */
export const quietHoursInput = z
	.object({ enabled: z.boolean(), start: clock, end: clock })
	.refine((v) => !v.enabled || v.start !== v.end, { message: 'validation.quietHoursSame', path: ['end'] });
