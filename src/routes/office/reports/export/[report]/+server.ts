/**
 * CSV and Excel (`?format=xlsx`) downloads of the reports, with the filters of the report page in the query string.
 * Only admin and office staff (the office guard says so too; this endpoint does not rely on it).
 * The ledger streams in keyset batches; the other reports are a few hundred rows at most. Every
 * answer says in `X-Total-Rows` how many rows follow, so the page can show the download's progress;
 * a refused filter is a 400 whose message names the problem (JSON when the page asks for it).
 */
import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { fieldErrorsOf, listParams } from '$lib/server/page-load';
import { csvHeaders } from '$lib/server/reports/csv';
import { arrearsTable, revenueTable, collectorsTable, ledgerTable, tableCsv, type ExportContext, type ExportTable } from '$lib/server/reports/exports';
import { xlsxHeaders, xlsxStream } from '$lib/server/reports/xlsx';
import { ledgerCount } from '$lib/server/reports/ledger';
import { ledgerExportInput, REPORT_EXPORTS, type ReportExport } from '$lib/shared/schemas/reports';
import { translator, type Translator } from '$lib/shared/i18n/index';
import { issuesToFieldErrors, type FieldErrors } from '$lib/shared/validation';
import { localDateOf } from '$lib/shared/dates';
import { may } from '$lib/shared/access';

const FILTERS: Record<ReportExport, readonly string[]> = {
	revenue: ['from', 'to', 'areaId', 'collectedBy'],
	arrears: ['from', 'to', 'areaId'],
	collectors: ['from', 'to', 'areaId', 'collectedBy'],
	ledger: ['from', 'to', 'areaId', 'collectedBy', 'method']
};

function isReport(value: string): value is ReportExport {
	return (REPORT_EXPORTS as readonly string[]).includes(value);
}

function refused(fields: FieldErrors, t: Translator): never {
	error(400, Object.values(fields).flat().join(' ') || t('error.validation'));
}

export const GET: RequestHandler = async (event) => {
	const { params, locals, url } = event;
	if (!isReport(params.report)) error(404, 'Not found');
	const t = translator(locals.lang);
	if (!locals.user) error(401, t('error.signedOut'));
	if (!may(locals.user.role, 'office')) error(403, t('error.forbidden'));

	const report: ReportExport = params.report;
	const query = Object.fromEntries(Object.entries(listParams(url, FILTERS[report])).filter(([k]) => FILTERS[report].includes(k)));
	const timeZone = getConfig().ISP_TIMEZONE;
	// Anything but `xlsx` is the CSV it always was (a stale or odd address still downloads).
	const xlsx = url.searchParams.get('format') === 'xlsx';
	const filename = `lunas-${params.report}-${localDateOf(new Date(), timeZone)}.${xlsx ? 'xlsx' : 'csv'}`;
	const respond = (table: ExportTable, rows: number) =>
		xlsx ? new Response(xlsxStream(table, timeZone), { headers: xlsxHeaders(filename, rows) }) : new Response(tableCsv(table, timeZone), { headers: csvHeaders(filename, rows) });

	try {
		if (params.report === 'ledger') {
			const input = ledgerExportInput.safeParse(query);
			if (!input.success) refused(issuesToFieldErrors(input.error.issues, t), t);
			const ctx: ExportContext = { db: getDb(), t, timeZone };
			const total = await ledgerCount(ctx.db, input.data, timeZone);
			return respond(ledgerTable(ctx, input.data), total);
		}
		// The small reports go through their procedures, so the role and input checks are the page's own.
		const caller = callerFor(event);
		const q = query as Record<string, string>;
		const table = await smallReport(params.report, caller, q, t);
		return respond(table, table.rows.length);
	} catch (err) {
		if (err instanceof TRPCError) {
			const fields = fieldErrorsOf(err, locals.lang);
			if (fields) refused(fields, t);
			if (err.code === 'FORBIDDEN') error(403, t('error.forbidden'));
		}
		throw err;
	}
};

async function smallReport(report: Exclude<ReportExport, 'ledger'>, caller: ReturnType<typeof callerFor>, q: Record<string, string>, t: Translator) {
	if (report === 'revenue') {
		return revenueTable(t, await caller.reports.revenue(q));
	}
	if (report === 'arrears') return arrearsTable(t, await caller.reports.arrears(q));
	return collectorsTable(t, await caller.reports.collectors(q));
}
