/**
 * Each report as a table of typed columns, written as CSV or as an Excel workbook from the same
 * rows: column headers in the reader's language, money as whole rupiah, instants in the ISP's
 * zone. The column's kind is what lets the .xlsx carry money as numbers with a rupiah format and
 * times as dates, while the CSV keeps its plain integers and `YYYY-MM-DD HH:MM` text.
 */
import type { z } from 'zod';
import type { Db } from '../db/index';
import type { Translator } from '../../shared/i18n/index';
import { localDateOf, localMinutesOf } from '../../shared/dates';
import type { ledgerExportInput } from '../../shared/schemas/reports';
import { csvDocument, csvStream, type CsvValue } from './csv';
import type { revenueReport } from './revenue';
import type { arrearsReport } from './arrears';
import type { collectorReport } from './collectors';
import { ledgerBatches, type LedgerRow } from './ledger';

export function localDateTimeText(instant: Date, timeZone: string): string {
	const minutes = localMinutesOf(instant, timeZone);
	return `${localDateOf(instant, timeZone)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export interface ExportContext {
	db: Db;
	t: Translator;
	timeZone: string;
}

/**
 * `text` a name or word (formula-guarded in both formats); `count` a whole number; `money`
 * integer rupiah; `instant` a Date shown in the ISP's zone to the minute; `month` a `YYYY-MM`.
 */
export type ColumnKind = 'text' | 'count' | 'money' | 'instant' | 'month';
export type ExportCell = string | number | Date | null | undefined;

export interface ExportColumn {
	header: string;
	kind: ColumnKind;
}

export interface ExportTable {
	/** The report's title in the reader's language (the workbook's sheet name). */
	title: string;
	columns: ExportColumn[];
	/** Rows in batches; a small report is one batch, the ledger one per keyset page. */
	batches: AsyncIterable<ExportCell[][]>;
}

/** One row as CSV values: an instant becomes the ISP's local `YYYY-MM-DD HH:MM`. */
export function csvRow(columns: readonly ExportColumn[], row: readonly ExportCell[], timeZone: string): CsvValue[] {
	return row.map((cell, i) => (cell instanceof Date ? (columns[i].kind === 'instant' ? localDateTimeText(cell, timeZone) : localDateOf(cell, timeZone)) : cell));
}

/** A table as one CSV stream (BOM, header, then each batch as the client takes it). */
export function tableCsv(table: ExportTable, timeZone: string): ReadableStream<Uint8Array> {
	async function* lines() {
		for await (const batch of table.batches) yield batch.map((row) => csvRow(table.columns, row, timeZone));
	}
	return csvStream(
		table.columns.map((c) => c.header),
		lines()
	);
}

async function* once<T>(rows: T): AsyncIterable<T> {
	yield rows;
}

interface SmallTable {
	title: string;
	columns: ExportColumn[];
	rows: ExportCell[][];
}

function small(table: SmallTable): ExportTable & { rows: ExportCell[][] } {
	return { ...table, batches: once(table.rows) };
}

function smallCsv(table: SmallTable): string {
	return csvDocument(
		table.columns.map((c) => c.header),
		table.rows.map((row) => row as CsvValue[])
	);
}

const col = (header: string, kind: ColumnKind): ExportColumn => ({ header, kind });

export function revenueTable(t: Translator, report: Awaited<ReturnType<typeof revenueReport>>) {
	return small({
		title: t('reports.revenue.title'),
		columns: [
			col(t('reports.month'), 'month'),
			col(t('paymentMethod.cash'), 'money'),
			col(t('paymentMethod.transfer'), 'money'),
			col(t('paymentMethod.midtrans'), 'money'),
			col(t('reports.received'), 'money'),
			col(t('reports.voided'), 'money'),
			col(t('reports.net'), 'money'),
			col(t('reports.paymentCount'), 'count')
		],
		rows: report.rows.map((r) => [r.month, r.cash, r.transfer, r.midtrans, r.received, r.voided, r.net, r.payments])
	});
}

export function arrearsTable(t: Translator, report: Awaited<ReturnType<typeof arrearsReport>>) {
	return small({
		title: t('reports.arrears.title'),
		columns: [
			col(t('billing.area'), 'text'),
			col(t('reports.customersOwing'), 'count'),
			col(t('reports.openInvoices'), 'count'),
			col(t('reports.owed'), 'money'),
			col(t('reports.aging.current'), 'money'),
			col(t('reports.aging.d1_30'), 'money'),
			col(t('reports.aging.d31_60'), 'money'),
			col(t('reports.aging.d61_90'), 'money'),
			col(t('reports.aging.d91'), 'money'),
			col(t('reports.isolated'), 'count')
		],
		rows: report.rows.map((r) => [r.areaName, r.customers, r.invoices, r.owed, r.current, r.d1_30, r.d31_60, r.d61_90, r.d91, r.isolated])
	});
}

export function collectorsTable(t: Translator, report: Awaited<ReturnType<typeof collectorReport>>) {
	return small({
		title: t('reports.collectors.title'),
		columns: [
			col(t('reports.collector'), 'text'),
			col(t('reports.paymentCount'), 'count'),
			col(t('paymentMethod.cash'), 'money'),
			col(t('paymentMethod.transfer'), 'money'),
			col(t('paymentMethod.midtrans'), 'money'),
			col(t('reports.voided'), 'money'),
			col(t('reports.net'), 'money'),
			col(t('reports.cashNotHandedOver'), 'money'),
			col(t('reports.handovers'), 'count'),
			col(t('reports.handoversPending'), 'count'),
			col(t('reports.handedOverExpected'), 'money'),
			col(t('reports.handedOverCounted'), 'money'),
			col(t('reports.handoverDifference'), 'money'),
			col(t('reports.cashOwed'), 'money')
		],
		rows: report.rows.map((r) => [
			r.name ?? t('reports.noCollector'),
			r.payments,
			r.cash,
			r.transfer,
			r.midtrans,
			r.voided,
			r.net,
			r.cashNotHandedOver,
			r.handovers,
			r.handoversPending,
			r.handedOverExpected,
			r.handedOverCounted,
			r.handoverDifference,
			r.cashOwed
		])
	});
}

export function revenueCsv(t: Translator, report: Awaited<ReturnType<typeof revenueReport>>): string {
	return smallCsv(revenueTable(t, report));
}

export function arrearsCsv(t: Translator, report: Awaited<ReturnType<typeof arrearsReport>>): string {
	return smallCsv(arrearsTable(t, report));
}

export function collectorsCsv(t: Translator, report: Awaited<ReturnType<typeof collectorReport>>): string {
	return smallCsv(collectorsTable(t, report));
}

function ledgerColumns(t: Translator): ExportColumn[] {
	return [
		col(t('reports.receivedAt'), 'instant'),
		col(t('payments.receipt'), 'text'),
		col(t('reports.customerCode'), 'text'),
		col(t('billing.customer'), 'text'),
		col(t('billing.area'), 'text'),
		col(t('billing.method'), 'text'),
		col(t('reports.source'), 'text'),
		col(t('reports.collector'), 'text'),
		col(t('billing.amount'), 'money'),
		col(t('reports.voidOf'), 'text'),
		col(t('billing.note'), 'text')
	];
}

export function ledgerCsvHeader(t: Translator): string[] {
	return ledgerColumns(t).map((c) => c.header);
}

function ledgerCells(r: LedgerRow, t: Translator): ExportCell[] {
	return [r.receivedAt, r.receiptNumber, r.customerCode, r.customerName, r.areaName, t(`paymentMethod.${r.method}`), r.source, r.collectorName, r.amount, r.voidsPaymentId, r.voidReason ?? r.note];
}

export function ledgerCsvRow(r: LedgerRow, ctx: Pick<ExportContext, 't' | 'timeZone'>): CsvValue[] {
	return csvRow(ledgerColumns(ctx.t), ledgerCells(r, ctx.t), ctx.timeZone);
}

/** The ledger as a table read in keyset batches: one batch per chunk the client takes. */
export function ledgerTable(ctx: ExportContext, input: z.output<typeof ledgerExportInput>): ExportTable {
	async function* batches() {
		for await (const batch of ledgerBatches(ctx.db, input, ctx.timeZone)) yield batch.map((r) => ledgerCells(r, ctx.t));
	}
	return { title: ctx.t('reports.ledger.title'), columns: ledgerColumns(ctx.t), batches: batches() };
}

/** The ledger streamed as CSV. */
export function ledgerCsv(ctx: ExportContext, input: z.output<typeof ledgerExportInput>): ReadableStream<Uint8Array> {
	return tableCsv(ledgerTable(ctx, input), ctx.timeZone);
}
