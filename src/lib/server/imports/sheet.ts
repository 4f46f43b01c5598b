/**
 * Reading an uploaded sheet (.xlsx, or .csv as an Indonesian Excel saves it) into rows of text,
 * the first row being the header. Bounded before parsing: at most IMPORT_MAX_BYTES of upload
 * and IMPORT_MAX_ROWS data rows, so a huge or hostile file is a clear refusal, not a 5xx.
 */
import ExcelJS from 'exceljs';
import type { MessageKey } from '../../shared/i18n/index';

/**
 * 350 KiB: a 2,000-row sheet is well under it, and the confirm step posts the sheet back as
 * base64 (×4/3), which must stay under adapter-node's default BODY_SIZE_LIMIT of 512 KiB.
 */
export const IMPORT_MAX_BYTES = 350 * 1024;
export const IMPORT_MAX_ROWS = 2000;

/** A sheet refused as a whole, with its catalogue message (the caller translates). */
export class SheetError extends Error {
	constructor(
		readonly key: MessageKey,
		readonly values: Record<string, string | number> = {}
	) {
		super(key);
	}
}

export interface Sheet {
	header: string[];
	/** Data rows, each as long as it was written; `line` is the row's number in the sheet (header = 1). */
	rows: Array<{ line: number; cells: string[] }>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function isZip(bytes: Uint8Array): boolean {
	return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** A cell as the text the operator typed: dates as `YYYY-MM-DD`, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	// Excel dates carry no zone: exceljs gives the UTC Date whose fields are what the cell shows.
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
		if ('richText' in value) return value.richText.map((r) => r.text).join('');
		if ('text' in value) return String(value.text);
		if ('error' in value) return '';
	}
	return String(value).trim();
}

/**
 * What the workbook unpacks to: an .xlsx is a zip, and exceljs unpacks all of it in memory, so a
 * small upload of highly compressed junk (a "zip bomb") could take the server's memory. 16 MiB is
 * several times what a 2,000-row sheet unpacks to.
 */
export const IMPORT_MAX_UNPACKED_BYTES = 16 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 200;

/**
 * The sum of the entries' uncompressed sizes, read from the zip's central directory (what any
 * unzipper trusts), or null when the directory is missing, truncated, or zip64 (not in a sheet
 * this small).
 */
export function unpackedZipBytes(bytes: Uint8Array): number | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The end-of-central-directory record: 22 bytes plus a comment of at most 65,535.
	let end = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
		if (view.getUint32(i, true) === 0x06054b50) {
			end = i;
			break;
		}
	}
	if (end < 0) return null;
	const entries = view.getUint16(end + 10, true);
	let at = view.getUint32(end + 16, true);
	if (entries === 0xffff || at === 0xffffffff || entries > MAX_ZIP_ENTRIES) return null;
	let total = 0;
	for (let n = 0; n < entries; n++) {
		if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
		const size = view.getUint32(at + 24, true);
		if (size === 0xffffffff) return null;
		total += size;
		at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
	}
	return total;
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
	const unpacked = unpackedZipBytes(bytes);
	if (unpacked === null) throw new SheetError('customerImport.unreadable');
	if (unpacked > IMPORT_MAX_UNPACKED_BYTES) throw new SheetError('customerImport.unpackedTooLarge', { max: IMPORT_MAX_UNPACKED_BYTES / 1024 / 1024 });
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	} catch {
		throw new SheetError('customerImport.unreadable');
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) throw new SheetError('customerImport.empty');
	if (sheet.actualRowCount > IMPORT_MAX_ROWS + 1) throw new SheetError('customerImport.tooManyRows', { max: IMPORT_MAX_ROWS });
	const rows: string[][] = [];
	for (let r = 1; r <= sheet.rowCount; r++) {
		const row = sheet.getRow(r);
		const cells: string[] = [];
		for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
		rows.push(cells);
	}
	return rows;
}

/**
 * CSV: UTF-8 (BOM or not), RFC 4180 quoting, and the separator the file uses — an Indonesian
 * Excel saves with `;`, everyone else with `,`; the header line decides.
 */
export function parseCsv(text: string): string[][] {
	const body = text.replace(/^\uFEFF/, '');
	const firstLine = body.slice(0, body.search(/\r?\n|$/));
	const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < body.length; i++) {
		const c = body[i];
		if (quoted) {
			if (c === '"' && body[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"' && field === '') quoted = true;
		else if (c === sep) {
			row.push(field.trim());
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && body[i + 1] === '\n') i++;
			row.push(field.trim());
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || row.length) {
		row.push(field.trim());
		rows.push(row);
	}
	return rows;
}

/** The upload as a header and numbered data rows; blank rows are skipped (Excel leaves them). */
export async function readSheet(bytes: Uint8Array): Promise<Sheet> {
	if (bytes.byteLength > IMPORT_MAX_BYTES) throw new SheetError('customerImport.tooLarge', { max: IMPORT_MAX_BYTES / 1024 });
	let all: string[][];
	if (isZip(bytes)) all = await readXlsx(bytes);
	else {
		let text: string;
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		} catch {
			throw new SheetError('customerImport.unreadable');
		}
		// A NUL is a binary file given a .csv name, not a sheet.
		if (text.includes('\0')) throw new SheetError('customerImport.unreadable');
		all = parseCsv(text);
	}
	const [header = [], ...data] = all;
	const rows = data.map((cells, i) => ({ line: i + 2, cells })).filter((r) => r.cells.some((c) => c !== ''));
	if (header.every((h) => h === '') || rows.length === 0) throw new SheetError('customerImport.empty');
	if (rows.length > IMPORT_MAX_ROWS) throw new SheetError('customerImport.tooManyRows', { max: IMPORT_MAX_ROWS });
	return { header: header.map((h) => h.trim()), rows };
}
