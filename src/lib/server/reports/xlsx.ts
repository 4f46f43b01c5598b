/**
 * The one .xlsx writer for every export (exceljs's streaming WorkbookWriter). CSV with commas
 * opens as a single column in an Indonesian Excel, whose list separator is `;`; a workbook has
 * no separator to guess. Money is a number with a rupiah format (sums and filters work), an
 * instant a date-time in the ISP's zone, a month a date shown `yyyy-mm`, and text keeps the CSV's
 * formula guard.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { localDateOf, localMinutesOf } from '../../shared/dates';
import { formulaGuard } from './csv';
import type { ColumnKind, ExportCell, ExportTable } from './exports';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel shows `#,##0` with the reader's own grouping, so an Indonesian Excel reads `Rp 150.000`. */
export const RUPIAH_FORMAT = '"Rp" #,##0;-"Rp" #,##0';
export const INSTANT_FORMAT = 'yyyy-mm-dd hh:mm';
export const MONTH_FORMAT = 'yyyy-mm';

const FORMATS: Partial<Record<ColumnKind, string>> = { money: RUPIAH_FORMAT, instant: INSTANT_FORMAT, month: MONTH_FORMAT, count: '0' };

/**
 * Excel dates have no zone: a cell holds the wall-clock time it shows. exceljs writes a Date by
 * its UTC fields, so the instant becomes the UTC Date whose fields are the ISP's local time, to
 * the minute like the CSV.
 */
export function wallClock(instant: Date, timeZone: string): Date {
	const [y, m, d] = localDateOf(instant, timeZone).split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d, 0, localMinutesOf(instant, timeZone)));
}

/** The value a cell of `kind` holds in the workbook. */
export function xlsxValue(kind: ColumnKind, cell: ExportCell, timeZone: string): string | number | Date | null {
	if (cell === null || cell === undefined) return null;
	if (kind === 'instant' && cell instanceof Date) return wallClock(cell, timeZone);
	if (kind === 'month' && typeof cell === 'string' && /^\d{4}-\d{2}$/.test(cell)) {
		const [y, m] = cell.split('-').map(Number);
		return new Date(Date.UTC(y, m - 1, 1));
	}
	if (typeof cell === 'number') {
		if (!Number.isFinite(cell)) throw new RangeError(`not a spreadsheet number: ${cell}`);
		return cell;
	}
	return formulaGuard(cell instanceof Date ? localDateOf(cell, timeZone) : cell);
}

const WIDTH: Record<ColumnKind, number> = { text: 18, count: 10, money: 15, instant: 17, month: 10 };

/** Excel refuses a sheet name longer than 31 characters or holding any of `[]:*?/\`. */
export function sheetName(title: string): string {
	return title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Lunas';
}

/**
 * The table as a workbook stream: header row (bold, frozen), then each batch as it is read.
 * The next batch is read only once the client has taken what is buffered (the zip's output
 * waits for `drain`), so a slow download of a huge ledger holds a few batches, not the ledger;
 * between batches the event loop is given back to other requests.
 */
export function xlsxStream(table: ExportTable, timeZone: string): ReadableStream<Uint8Array> {
	const out = new PassThrough({ highWaterMark: 256 * 1024 });
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
	const sheet = workbook.addWorksheet(sheetName(table.title), { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = table.columns.map((c) => ({ width: Math.max(WIDTH[c.kind], Math.min(40, c.header.length + 2)) }));
	const kinds = table.columns.map((c) => c.kind);

	async function write() {
		const header = sheet.addRow(table.columns.map((c) => formulaGuard(c.header)));
		header.font = { bold: true };
		header.commit();
		const iterator = table.batches[Symbol.asyncIterator]();
		try {
			for (;;) {
				await new Promise<void>((resolve) => setImmediate(resolve));
				if (out.destroyed) return; // the client went away: stop reading the database
				const next = await iterator.next();
				if (next.done) break;
				for (const cells of next.value) {
					const row = sheet.addRow(cells.map((cell, i) => xlsxValue(kinds[i], cell, timeZone)));
					kinds.forEach((kind, i) => {
						const format = FORMATS[kind];
						if (format) row.getCell(i + 1).numFmt = format;
					});
					row.commit();
				}
				if (out.writableNeedDrain) await drainedOrClosed(out);
			}
		} finally {
			if (out.destroyed) await iterator.return?.(undefined);
		}
		sheet.commit();
		await workbook.commit();
	}
	write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
	return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

/** Resolves when `stream` can take more, or is gone (a bare `once(…, 'drain')` would wait forever then). */
function drainedOrClosed(stream: PassThrough): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			stream.off('drain', done);
			stream.off('close', done);
			resolve();
		};
		stream.on('drain', done);
		stream.on('close', done);
	});
}

/** Download headers for a workbook, with the rows it holds besides the header (as for CSV). */
export function xlsxHeaders(filename: string, totalRows: number): Record<string, string> {
	return {
		'content-type': XLSX_TYPE,
		'content-disposition': `attachment; filename="${filename}"`,
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff',
		'x-total-rows': String(totalRows)
	};
}
