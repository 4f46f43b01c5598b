/**
 * CSV the way an Indonesian office's Excel reads it: UTF-8 with a byte-order mark (without it
 * Excel reads the bytes as Windows-1252 and mangles names), CRLF line ends, RFC 4180 quoting,
 * money as plain integers. Text that Excel would run as a formula (`=`, `+`, `-`, `@` first) is
 * prefixed with an apostrophe so an exported customer name can never execute.
 */

export const BOM = '\uFEFF';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a leading
 * apostrophe. Shared with the .xlsx writer: a string cell there is inert, but Excel re-reads it as
 * a formula the moment someone edits the cell and presses Enter.
 */
export function formulaGuard(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvField(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new RangeError(`not a CSV number: ${value}`);
		return String(value);
	}
	const text = formulaGuard(String(value));
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
	return `${values.map(csvField).join(',')}\r\n`;
}

/** A whole small report as one string, BOM first. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
	let out = BOM + csvLine(header);
	for (const row of rows) out += csvLine(row);
	return out;
}

/**
 * A large report as a stream: the header, then each batch as it is read. The database is asked
 * for the next batch only when the client has taken the previous one (pull), so a slow
 * download holds one batch in memory, not the ledger.
 */
export function csvStream(header: readonly string[], batches: AsyncIterable<Array<readonly CsvValue[]>>): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	const iterator = batches[Symbol.asyncIterator]();
	let started = false;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (!started) {
				started = true;
				controller.enqueue(encoder.encode(BOM + csvLine(header)));
				return;
			}
			try {
				// Let other requests run between batches: building a batch is synchronous work, and a
				// client reading fast would otherwise keep the event loop for the whole export.
				await new Promise<void>((resolve) => setImmediate(resolve));
				const next = await iterator.next();
				if (next.done) {
					controller.close();
					return;
				}
				controller.enqueue(encoder.encode(next.value.map(csvLine).join('')));
			} catch (err) {
				controller.error(err);
			}
		},
		async cancel() {
			await iterator.return?.(undefined);
		}
	});
}

/** The name of the header that carries a download's expected data rows (the page's progress bar reads it). */
export const TOTAL_ROWS_HEADER = 'x-total-rows';

/**
 * `Content-Disposition` for a download named `name` (ASCII; the report names are), and the rows
 * it will hold besides the header line: a streamed body has no length, so this is what the
 * browser can show progress against.
 */
export function csvHeaders(filename: string, totalRows: number): Record<string, string> {
	return {
		'content-type': 'text/csv; charset=utf-8',
		'content-disposition': `attachment; filename="${filename}"`,
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff',
		[TOTAL_ROWS_HEADER]: String(totalRows)
	};
}
