/**
 * Local calendar months as UTC instant ranges, and the SQL that files an instant under its
 * month. Instants are stored in UTC and MySQL may have no time-zone tables, so the month
 * boundaries are computed here in the ISP's zone and handed to the query as parameters.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AnyMySqlColumn } from 'drizzle-orm/mysql-core';
import { addMonthsClamped, localDateOf, localTimeToInstant, type LocalDate } from '../../shared/dates';

/** `YYYY-MM`. */
export type YearMonth = string;

export interface MonthRange {
	month: YearMonth;
	/** First local day of the month. */
	firstDay: LocalDate;
	/** Local midnight starting the month, as a UTC instant. */
	from: Date;
	/** Local midnight starting the next month. */
	to: Date;
}

export function monthOf(day: LocalDate): YearMonth {
	return day.slice(0, 7);
}

function rangeOf(month: YearMonth, timeZone: string): MonthRange {
	const firstDay = `${month}-01`;
	return { month, firstDay, from: localTimeToInstant(firstDay, 0, timeZone), to: localTimeToInstant(addMonthsClamped(firstDay, 1), 0, timeZone) };
}

/** Months since year 0 of a `YYYY-MM`: the difference of two is the number of months between them. */
export function monthIndex(month: YearMonth): number {
	return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** More months than any report may ask for: a caller that gets here skipped its input bounds. */
const MONTHS_CEILING = 1200;

/** Every month from `first` to `last` inclusive, oldest first. */
export function monthsBetween(first: YearMonth, last: YearMonth, timeZone: string): MonthRange[] {
	if (monthIndex(last) - monthIndex(first) >= MONTHS_CEILING) throw new RangeError(`too many months: ${first}..${last}`);
	const out: MonthRange[] = [];
	for (let day = `${first}-01`; monthOf(day) <= last; day = addMonthsClamped(day, 1)) out.push(rangeOf(monthOf(day), timeZone));
	return out;
}

/** The `count` months ending with the one `now` falls in (in the ISP's zone), oldest first. */
export function lastMonths(now: Date, count: number, timeZone: string): MonthRange[] {
	const current = `${monthOf(localDateOf(now, timeZone))}-01`;
	return monthsBetween(monthOf(addMonthsClamped(current, -(count - 1))), monthOf(current), timeZone);
}

/**
 * `CASE WHEN col < to₁ THEN 'YYYY-MM' … END` over contiguous months: the month an instant falls
 * in. Pair it with `col >= months[0].from AND col < months.at(-1).to` in the WHERE clause.
 */
export function instantMonthSql(column: AnyMySqlColumn | SQL, months: MonthRange[]): SQL {
	const branches = months.map((m) => sql`WHEN ${column} < ${m.to} THEN ${m.month}`);
	return sql`CASE ${sql.join(branches, sql` `)} END`;
}

/** The months' span as a WHERE condition on an instant column. */
export function instantInMonths(column: AnyMySqlColumn | SQL, months: MonthRange[]): SQL {
	return sql`${column} >= ${months[0].from} AND ${column} < ${months[months.length - 1].to}`;
}
