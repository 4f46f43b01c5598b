/**
 * Reading a CSV or Excel download in the page, so a large ledger shows how far it got: the rows arrive as
 * a stream whose length nobody knows, so progress counts line ends against the `X-Total-Rows` the
 * server sent. A quoted field may hold a line break, so the count is an estimate and is capped at
 * the total; the file itself is saved byte for byte. A workbook is a zip, whose bytes say nothing
 * of rows: its progress is only the total announced, then done.
 */

export type DownloadFormat = 'csv' | 'xlsx';

const ACCEPT: Record<DownloadFormat, string> = {
	csv: 'text/csv, application/json',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/json'
};
const BLOB_TYPE: Record<DownloadFormat, string> = { csv: 'text/csv;charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

export interface CsvProgress {
	/** Data rows read so far (the header line not counted). */
	done: number;
	/** Rows the server said it would send; null when it did not say. */
	total: number | null;
}

export interface CsvFile {
	blob: Blob;
	filename: string;
	rows: number;
}

/** The filename of `Content-Disposition: attachment; filename="…"`, else `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
	const match = /filename="([^"]+)"/i.exec(disposition ?? '') ?? /filename=([^;\s]+)/i.exec(disposition ?? '');
	return match ? match[1] : fallback;
}

const LF = 0x0a;

/** Line ends in one chunk of the body. */
export function lineEnds(chunk: Uint8Array): number {
	let n = 0;
	for (let i = 0; i < chunk.length; i++) if (chunk[i] === LF) n++;
	return n;
}

/** The message of a refused download: SvelteKit answers `{ message }` to a request that accepts JSON. */
export async function failureMessage(response: Response): Promise<string | null> {
	if (!(response.headers.get('content-type') ?? '').includes('application/json')) return null;
	const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
	return typeof body?.message === 'string' && body.message ? body.message : null;
}

export class CsvDownloadError extends Error {
	constructor(
		/** The server's own message, already in the user's language; null for a generic failure. */
		readonly serverMessage: string | null
	) {
		super(serverMessage ?? 'CSV download failed');
	}
}

/** Fetches `href`, reporting progress per chunk; throws CsvDownloadError, or an AbortError when cancelled. */
export async function fetchCsv(href: string, signal: AbortSignal, onProgress: (p: CsvProgress) => void, format: DownloadFormat = 'csv'): Promise<CsvFile> {
	const response = await fetch(href, { signal, headers: { accept: ACCEPT[format] } });
	if (!response.ok || !response.body) throw new CsvDownloadError(await failureMessage(response));
	const header = response.headers.get('x-total-rows');
	const total = header !== null && /^\d+$/.test(header) ? Number(header) : null;
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let lines = 0;
	onProgress({ done: 0, total });
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		if (format === 'xlsx') continue;
		lines += lineEnds(value);
		const rows = Math.max(0, lines - 1);
		onProgress({ done: total === null ? rows : Math.min(rows, total), total });
	}
	const rows = total ?? Math.max(0, lines - 1);
	onProgress({ done: rows, total });
	return {
		blob: new Blob(chunks as BlobPart[], { type: BLOB_TYPE[format] }),
		filename: filenameOf(response.headers.get('content-disposition'), `lunas.${format}`),
		rows
	};
}

/** Hands the file to the browser's downloads the way a link with `download` would. */
export function saveFile(file: CsvFile): void {
	const url = URL.createObjectURL(file.blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = file.filename;
	a.hidden = true;
	document.body.append(a);
	a.click();
	a.remove();
	// Revoked later, not at once: the browser reads the blob after the click returns.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
