/**
 * The ledger's .xlsx export against its CSV export of the same rows, in one run: the CSV is the
 * baseline the office already had. A synthetic ledger (11 columns, batches of 2,000 as the
 * keyset reader gives them), each file read to the end by a consumer as a download would be.
 * Prints medians of 3 runs, the time and size ratios, and the heap grown while writing. No database.
 *
 *   npx tsx bench/xlsx-export.ts [rows]
 */
import { tableCsv, type ExportColumn, type ExportTable } from '../src/lib/server/reports/exports';
import { xlsxStream } from '../src/lib/server/reports/xlsx';

const rows = Number(process.argv[2] ?? 20_000);
const BATCH = 2000;
const zone = 'Asia/Jakarta';
const kinds: ExportColumn['kind'][] = ['instant', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'money', 'text', 'text'];
const columns = kinds.map((kind, i) => ({ header: `Kolom ${i + 1}`, kind }));

function table(): ExportTable {
	async function* batches() {
		for (let start = 0; start < rows; start += BATCH) {
			yield Array.from({ length: Math.min(BATCH, rows - start) }, (_, j) => {
				const i = start + j;
				return [new Date(Date.UTC(2026, 0, 1) + i * 60_000), `RCP-${String(i).padStart(6, '0')}`, `C${i % 5000}`, `Pelanggan ${i % 5000}, Jl. Melati`, 'Area Utara', 'Tunai', 'office', 'Budi', 150_000 + (i % 7) * 1000, null, i % 10 ? null : 'catatan'];
			});
		}
	}
	return { title: 'Buku pembayaran', columns, batches: batches() };
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<{ bytes: number; heapGrowth: number }> {
	const before = process.memoryUsage().heapUsed;
	let peak = before;
	let bytes = 0;
	const reader = stream.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		bytes += value.byteLength;
		peak = Math.max(peak, process.memoryUsage().heapUsed);
	}
	return { bytes, heapGrowth: peak - before };
}

async function measure(label: string, make: () => ReadableStream<Uint8Array>) {
	await drain(make()); // warm up
	const runs: Array<{ ms: number; bytes: number; heapGrowth: number }> = [];
	for (let r = 0; r < 3; r++) {
		const start = performance.now();
		const { bytes, heapGrowth } = await drain(make());
		runs.push({ ms: performance.now() - start, bytes, heapGrowth });
	}
	runs.sort((a, b) => a.ms - b.ms);
	const m = runs[1];
	console.log(`${label.padEnd(8)} ${m.ms.toFixed(0).padStart(7)} ms  ${(m.bytes / 1024).toFixed(0).padStart(7)} KiB  heap +${(m.heapGrowth / 1024 / 1024).toFixed(1)} MiB  (${rows} rows)`);
	return m;
}

async function main() {
	const csv = await measure('csv', () => tableCsv(table(), zone));
	const xlsx = await measure('xlsx', () => xlsxStream(table(), zone));
	console.log(`xlsx / csv: time ${(xlsx.ms / csv.ms).toFixed(2)}×, size ${(xlsx.bytes / csv.bytes).toFixed(2)}×`);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
