/**
 * Quiet hours: no reminders at 02:00. Receipts and one-time codes are answers the customer is
 * waiting for and go out at any hour (WA_QUIET_HOURS_KINDS). The window is in the ISP's zone and
 * may wrap midnight (21:00–07:00, the default).
 */
import { localMinutesOf } from '../../shared/dates';
import { quietHoursSchema, type QuietHours } from '../../shared/schemas/whatsapp';
import type { DbOrTx } from '../db/index';
import { readSetting } from '../settings';
import { writeAudited } from '../settings/audited';
import type { SettingsActor } from '../settings/actor';

export { quietHoursSchema, type QuietHours };
export const QUIET_HOURS_KEY = 'whatsapp.quietHours';
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

/** The settings page's save; the caller reloads the worker so the window is in force at once. */
export function saveQuietHours(tx: DbOrTx, input: QuietHours, actor: SettingsActor): Promise<QuietHours> {
	return writeAudited(tx, { key: QUIET_HOURS_KEY, schema: quietHoursSchema, value: input, action: 'settings.whatsappQuietHours', actor });
}
