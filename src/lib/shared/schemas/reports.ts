/**
 * Inputs of the dashboard, the reports and the audit log viewer. Report filters arrive from a
 * query string (GET forms, CSV links), so every field is optional text that zod checks; empty
 * values are dropped before parsing.
 */
import { z } from 'zod';
import { localDateInput, yearMonthInput } from './dates';
import { text } from './text';
import { PAYMENT_METHODS } from '../domain';
import { listInput } from './list';

/** Open invoices by days past due; `current` is not yet past due. */
export const AGING_BUCKETS = ['current', 'd1_30', 'd31_60', 'd61_90', 'd91'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** The longest span a monthly report covers (five years). */
export const MAX_REPORT_MONTHS = 60;
/** The longest span a day-range report covers. */
export const MAX_REPORT_DAYS = 1830;

/** Query strings drop empty values before they get here (page-load listParams, the CSV endpoint). */
const optional = <T extends z.ZodType>(schema: T) => schema.optional();

const localDate = localDateInput;
const yearMonth = yearMonthInput;
const uuid = z.uuid({ message: 'validation.unknown' });

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const dayIndex = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** `to` not before `from`, and the span not beyond `max` units. */
function rangeCheck<T extends { from?: string; to?: string }>(index: (v: string) => number, max: number) {
	return (input: T, ctx: z.RefinementCtx) => {
		if (!input.from || !input.to) return;
		const span = index(input.to) - index(input.from);
		if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'validation.rangeOrder' });
		else if (span >= max) ctx.addIssue({ code: 'custom', path: ['to'], message: 'validation.rangeTooLong' });
	};
}

export const revenueReportInput = z
	.object({ from: optional(yearMonth), to: optional(yearMonth), areaId: optional(uuid), collectedBy: optional(uuid) })
	.superRefine(rangeCheck(monthIndex, MAX_REPORT_MONTHS));

export const arrearsReportInput = z
	.object({
		/** Due-date range of the open invoices counted. */
		from: optional(localDate),
		to: optional(localDate),
		areaId: optional(uuid)
	})
	.superRefine(rangeCheck(dayIndex, MAX_REPORT_DAYS));

export const collectorReportInput = z
	.object({ from: optional(localDate), to: optional(localDate), areaId: optional(uuid), collectedBy: optional(uuid) })
	.superRefine(rangeCheck(dayIndex, MAX_REPORT_DAYS));

const ledgerFilters = {
	from: optional(localDate),
	to: optional(localDate),
	areaId: optional(uuid),
	collectedBy: optional(uuid),
	method: optional(z.enum(PAYMENT_METHODS))
};

export const ledgerListInput = listInput({ receivedAt: 'date' }, { sort: 'receivedAt', dir: 'desc' }, ledgerFilters).superRefine(
	rangeCheck(dayIndex, MAX_REPORT_DAYS)
);

/** The CSV export of the ledger: the same filters, no paging (it streams). */
export const ledgerExportInput = z.object(ledgerFilters).superRefine(rangeCheck(dayIndex, MAX_REPORT_DAYS));

export const auditListInput = listInput({ at: 'date' }, { sort: 'at', dir: 'desc' }, {
	userId: optional(uuid),
	entity: optional(text().trim().max(48)),
	entityId: optional(text().trim().max(64)),
	action: optional(text().trim().max(64)),
	from: optional(localDate),
	to: optional(localDate)
}).superRefine(rangeCheck(dayIndex, Number.MAX_SAFE_INTEGER));

export const REPORT_EXPORTS = ['revenue', 'arrears', 'collectors', 'ledger'] as const;
export type ReportExport = (typeof REPORT_EXPORTS)[number];
