/**
 * Each report as CSV: column headers in the reader's language, money as whole rupiah, instants
 * as local `YYYY-MM-DD HH:MM` in the ISP's zone (Excel sorts and filters those as text too).
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

export function revenueCsv(t: Translator, report: Awaited<ReturnType<typeof revenueReport>>): string {
	return csvDocument(
		[t('reports.month'), t('paymentMethod.cash'), t('paymentMethod.transfer'), t('paymentMethod.midtrans'), t('reports.received'), t('reports.voided'), t('reports.net'), t('reports.paymentCount')],
		report.rows.map((r) => [r.month, r.cash, r.transfer, r.midtrans, r.received, r.voided, r.net, r.payments])
	);
}

export function arrearsCsv(t: Translator, report: Awaited<ReturnType<typeof arrearsReport>>): string {
	return csvDocument(
		[t('billing.area'), t('reports.customersOwing'), t('reports.openInvoices'), t('reports.owed'), t('reports.aging.current'), t('reports.aging.d1_30'), t('reports.aging.d31_60'), t('reports.aging.d61_90'), t('reports.aging.d91'), t('reports.isolated')],
		report.rows.map((r) => [r.areaName, r.customers, r.invoices, r.owed, r.current, r.d1_30, r.d31_60, r.d61_90, r.d91, r.isolated])
	);
}

export function collectorsCsv(t: Translator, report: Awaited<ReturnType<typeof collectorReport>>): string {
	return csvDocument(
		[
			t('reports.collector'),
			t('reports.paymentCount'),
			t('paymentMethod.cash'),
			t('paymentMethod.transfer'),
			t('paymentMethod.midtrans'),
			t('reports.voided'),
			t('reports.net'),
			t('reports.cashNotHandedOver'),
			t('reports.handovers'),
			t('reports.handoversPending'),
			t('reports.handedOverExpected'),
			t('reports.handedOverCounted'),
			t('reports.handoverDifference'),
			t('reports.cashOwed')
		],
		report.rows.map((r) => [
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
	);
}

export function ledgerCsvHeader(t: Translator): string[] {
	return [t('reports.receivedAt'), t('payments.receipt'), t('reports.customerCode'), t('billing.customer'), t('billing.area'), t('billing.method'), t('reports.source'), t('reports.collector'), t('billing.amount'), t('reports.voidOf'), t('billing.note')];
}

export function ledgerCsvRow(r: LedgerRow, ctx: Pick<ExportContext, 't' | 'timeZone'>): CsvValue[] {
	return [
		localDateTimeText(r.receivedAt, ctx.timeZone),
		r.receiptNumber,
		r.customerCode,
		r.customerName,
		r.areaName,
		ctx.t(`paymentMethod.${r.method}`),
		r.source,
		r.collectorName,
		r.amount,
		r.voidsPaymentId,
		r.voidReason ?? r.note
	];
}

/** The ledger streamed: one batch of rows read per chunk the client takes. */
export function ledgerCsv(ctx: ExportContext, input: z.output<typeof ledgerExportInput>): ReadableStream<Uint8Array> {
	async function* lines() {
		for await (const batch of ledgerBatches(ctx.db, input, ctx.timeZone)) yield batch.map((r) => ledgerCsvRow(r, ctx));
	}
	return csvStream(ledgerCsvHeader(ctx.t), lines());
}
