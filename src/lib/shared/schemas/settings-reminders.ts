/** Inputs of the reminders page: who to message today, and the "sent" marks. */
import { z } from 'zod';
import { listInput, SEARCH_MAX } from './list';
import { text } from './text';

export const REMINDER_KINDS = ['due', 'isolated'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const REMINDER_DAYS = { min: 0, max: 31, default: 3 } as const;

const areaId = z.uuid({ message: 'validation.area' }).optional();

/** Open invoices due within `days` days: today through today + days (ISP calendar). */
export const dueRemindersInput = listInput(
	{ name: 'string', number: 'string' },
	{ sort: 'name' },
	{
		days: z.coerce
			.number({ message: 'validation.reminderDays' })
			.int({ message: 'validation.reminderDays' })
			.min(REMINDER_DAYS.min, { message: 'validation.reminderDays' })
			.max(REMINDER_DAYS.max, { message: 'validation.reminderDays' })
			.default(REMINDER_DAYS.default),
		areaId
	}
);

/** Subscriptions isolated now. */
export const isolatedRemindersInput = listInput({ name: 'string' }, { sort: 'name' }, { areaId });

export const reminderMarkInput = z.object({ kind: z.enum(REMINDER_KINDS), subjectId: z.uuid(), sent: z.boolean() });

/** Most rows one bulk send may name; "all under the filter" is bounded by BULK_REMINDERS_MAX too. */
export const BULK_REMINDERS_MAX = 5000;

/**
 * Bulk reminders through the WhatsApp outbox: the rows ticked on the page (`ids`: invoice ids of
 * the due list, subscription ids of the isolated list), or every row under the list's filter.
 */
const bulkSearch = text()
	.trim()
	.max(SEARCH_MAX)
	.optional()
	.transform((v) => (v ? v : undefined));
const reminderDays = z.coerce
	.number({ message: 'validation.reminderDays' })
	.int({ message: 'validation.reminderDays' })
	.min(REMINDER_DAYS.min, { message: 'validation.reminderDays' })
	.max(REMINDER_DAYS.max, { message: 'validation.reminderDays' });

export const bulkRemindersInput = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('due'),
		ids: z.array(z.uuid()).min(1).max(BULK_REMINDERS_MAX).optional(),
		filter: z.object({ days: reminderDays.default(REMINDER_DAYS.default), areaId, search: bulkSearch }).optional()
	}),
	z.object({
		kind: z.literal('isolated'),
		ids: z.array(z.uuid()).min(1).max(BULK_REMINDERS_MAX).optional(),
		filter: z.object({ areaId, search: bulkSearch }).optional()
	})
]).refine((v) => (v.ids === undefined) !== (v.filter === undefined), { message: 'validation.bulkRemindersScope' });
