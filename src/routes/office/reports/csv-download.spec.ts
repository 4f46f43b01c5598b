import { describe, expect, it } from 'vitest';
import { fetchCsv, failureMessage, filenameOf, lineEnds, CsvDownloadError, type CsvProgress } from './csv-download';

function streamOf(parts: string[]): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	return new ReadableStream({
		start(controller) {
			for (const p of parts) controller.enqueue(encoder.encode(p));
			controller.close();
		}
	});
}

async function withFetch<T>(answer: () => Response, run: () => Promise<T>): Promise<T> {
	const original = globalThis.fetch;
	globalThis.fetch = (async () => answer()) as typeof fetch;
	try {
		return await run();
	} finally {
		globalThis.fetch = original;
	}
}

describe('CSV download in the page', () => {
	it('takes the filename from Content-Disposition, quoted or not', () => {
		expect(filenameOf('attachment; filename="lunas-ledger-2026-11-24.csv"', 'x.csv')).toBe('lunas-ledger-2026-11-24.csv');
		expect(filenameOf('attachment; filename=plain.csv', 'x.csv')).toBe('plain.csv');
		expect(filenameOf(null, 'x.csv')).toBe('x.csv');
	});

	it('counts line ends in a chunk', () => {
		expect(lineEnds(new TextEncoder().encode('a,b\r\nc,d\r\n'))).toBe(2);
		expect(lineEnds(new Uint8Array())).toBe(0);
	});

	it('reports rows done of the total the server announced, and keeps the bytes as sent', async () => {
		const body = '\uFEFFh1,h2\r\n1,2\r\n3,4\r\n5,6\r\n';
		const seen: CsvProgress[] = [];
		const file = await withFetch(
			() =>
				new Response(streamOf(['\uFEFFh1,h2\r\n1,2\r\n', '3,4\r\n', '5,6\r\n']), {
					headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="r.csv"', 'x-total-rows': '3' }
				}),
			() => fetchCsv('/x', new AbortController().signal, (p) => seen.push(p))
		);
		expect(seen[0]).toEqual({ done: 0, total: 3 });
		expect(seen.map((p) => p.done)).toEqual([0, 1, 2, 3, 3]);
		expect(file).toMatchObject({ filename: 'r.csv', rows: 3 });
		// Bytes, not text(): decoding would drop the BOM that Excel needs.
		expect(new Uint8Array(await file.blob.arrayBuffer())).toEqual(new TextEncoder().encode(body));
	});

	it('does not read a workbook\'s zip bytes as rows: it shows the announced total, then done', async () => {
		const zipLike = ['PK\x03\x04\n\n\n', '\n\n'];
		const seen: CsvProgress[] = [];
		const file = await withFetch(
			() =>
				new Response(streamOf(zipLike), {
					headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': 'attachment; filename="r.xlsx"', 'x-total-rows': '40' }
				}),
			() => fetchCsv('/x?format=xlsx', new AbortController().signal, (p) => seen.push(p), 'xlsx')
		);
		expect(seen.map((p) => p.done)).toEqual([0, 40]);
		expect(file).toMatchObject({ filename: 'r.xlsx', rows: 40 });
		expect(file.blob.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
	});

	it('passes on the server\'s message for a refused filter', async () => {
		const refused = () => new Response(JSON.stringify({ message: 'Tanggal tidak valid.' }), { status: 400, headers: { 'content-type': 'application/json' } });
		const err = await withFetch(refused, () => fetchCsv('/x', new AbortController().signal, () => {})).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(CsvDownloadError);
		expect((err as CsvDownloadError).serverMessage).toBe('Tanggal tidak valid.');
		expect(await failureMessage(new Response('<html>', { status: 500, headers: { 'content-type': 'text/html' } }))).toBeNull();
	});
});
