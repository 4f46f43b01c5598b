/**
 * Calendar dates as `YYYY-MM-DD` strings in the ISP's local calendar, and conversions between
 * them and UTC instants. Date-only arithmetic runs on UTC midnights so the host's own time
 * zone never leaks in.
 */

import { dateTimeFormat } from './intl-cache';

export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseLocalDate(d: LocalDate): { year: number; month: number; day: number } {
	const m = DATE_RE.exec(d);
	if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${d}`);
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
		throw new RangeError(`no such date: ${d}`);
	}
	return { year, month, day };
}

export function isLocalDate(d: string): boolean {
	try {
		parseLocalDate(d);
		return true;
	} catch {
		return false;
	}
}

export function formatLocalDate(year: number, month: number, day: number): LocalDate {
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The calendar date at `instant` in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
	const parts = dateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).formatToParts(instant);
	const get = (t: string) => parts.find((p) => p.type === t)!.value;
	return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Minutes since local midnight at `instant` in `timeZone`. */
export function localMinutesOf(instant: Date, timeZone: string): number {
	const parts = dateTimeFormat('en-GB', {
		timeZone,
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(instant);
	const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
	return get('hour') * 60 + get('minute');
}

export function addDays(d: LocalDate, days: number): LocalDate {
	const { year, month, day } = parseLocalDate(d);
	const t = new Date(Date.UTC(year, month - 1, day + days));
	return formatLocalDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
	const pa = parseLocalDate(a);
	const pb = parseLocalDate(b);
	return Math.round((Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / 86_400_000);
}

/** The same day `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsClamped(d: LocalDate, months: number, day?: number): LocalDate {
	const p = parseLocalDate(d);
	const index = p.year * 12 + (p.month - 1) + months;
	const year = Math.floor(index / 12);
	const month = (index % 12) + 1;
	return formatLocalDate(year, month, Math.min(day ?? p.day, daysInMonth(year, month)));
}

/** `YYYYMM` of a local date, for document numbers. */
export function yearMonthOf(d: LocalDate): string {
	return d.slice(0, 4) + d.slice(5, 7);
}

/** The UTC instant of local wall-clock `d` at `minutes` after midnight in `timeZone`. */
export function localTimeToInstant(d: LocalDate, minutes: number, timeZone: string): Date {
	const { year, month, day } = parseLocalDate(d);
	const guess = Date.UTC(year, month - 1, day, 0, minutes);
	// Two passes settle the offset even across a DST change (Indonesia has none; other zones may).
	let instant = guess;
	for (let i = 0; i < 2; i++) {
		const offset = zoneOffsetMinutes(new Date(instant), timeZone);
		instant = guess - offset * 60_000;
	}
	return new Date(instant);
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (Asia/Jakarta: +420). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
	const parts = dateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric'
	}).formatToParts(instant);
	const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}
