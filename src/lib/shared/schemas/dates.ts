/**
 * The one place that says which calendar dates and months Lunas accepts from outside: every
 * date or month in a tRPC input, a page's query string, an export's filters or a phone's
 * operation goes through these, so no input can name year 0 or 9999 and make a loop build
 * thousands of months or a date helper step past what it can format.
 *
 * The range is wide enough for any real ISP record (customers moved from older systems, promises
 * to pay, reports over the past) and narrow enough that every span inside it is cheap.
 */
import { z } from 'zod';
import { isLocalDate } from '../dates';

/** First and last year an input date or month may fall in. */
export const MIN_INPUT_YEAR = 2000;
export const MAX_INPUT_YEAR = 2100;

const yearOf = (v: string) => Number(v.slice(0, 4));
const inRange = (v: string) => yearOf(v) >= MIN_INPUT_YEAR && yearOf(v) <= MAX_INPUT_YEAR;
const range = { min: MIN_INPUT_YEAR, max: MAX_INPUT_YEAR };

/** A `YYYY-MM-DD` calendar date within the accepted years. */
export const localDateInput = z
	.string()
	.trim()
	.refine(isLocalDate, { message: 'validation.date' })
	.refine(inRange, { message: 'validation.yearRange', params: range });

/** A `YYYY-MM` month within the accepted years. */
export const yearMonthInput = z
	.string()
	.trim()
	.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'validation.month' })
	.refine(inRange, { message: 'validation.yearRange', params: range });

/** Whether an instant's year (in UTC, which is within a day of any zone's) is an accepted one. */
export function isAcceptedInstant(d: Date): boolean {
	const t = d.getTime();
	return Number.isFinite(t) && t >= Date.UTC(MIN_INPUT_YEAR, 0, 1) && t < Date.UTC(MAX_INPUT_YEAR + 1, 0, 1);
}
