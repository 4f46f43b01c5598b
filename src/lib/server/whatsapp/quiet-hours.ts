/**
 * Quiet hours: no reminders at 02:00. Receipts and one-time codes are answers the customer is
 * waiting for and go out at any hour (WA_QUIET_HOURS_KINDS). The window is in the ISP's zone and
 * may wrap midnight (21:00–07:00, the default).
 */
import { z } from 'zod';
import { localMinutesOf } from '../../shared/dates';
import type { DbOrTx } from '../db/index';
import { readSetting } from '../settings';

export const QUIET_HOURS_KEY = 'whatsapp.quietHours';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
export const quietHoursSchema = z.object({
	enabled: z.boolean().default(true),
	start: hhmm.default('21:00'),
	end: hhmm.default('07:00')
});
export type QuietHours = z.output<typeof quietHoursSchema>;
export const DEFAULT_QUIET_HOURS: QuietHours = quietHoursSchema.parse({});

function minutes(t: string): number {
	return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}

/** Whether `now` falls in the window [start, end) in `timeZone`; start = end means no window. */
export function inQuietHours(now: Date, timeZone: string, window: QuietHours): boolean {
	if (!window.enabled) return false;
	const start = minutes(window.start);
	const end = minutes(window.end);
	if (start === end) return false;
	const m = localMinutesOf(now, timeZone);
	return start < end ? m >= start && m < end : m >= start || m < end;
}

export async function readQuietHours(db: DbOrTx): Promise<QuietHours> {
	return readSetting(db, QUIET_HOURS_KEY, quietHoursSchema);
}
