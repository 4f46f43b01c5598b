/** Inputs of the reminders page: who to message today, and the "sent" marks. */
import { z } from 'zod';
import { listInput } from './list';

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
