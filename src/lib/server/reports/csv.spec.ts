import { describe, expect, it } from 'vitest';
import { BOM, csvDocument, csvField, csvLine, csvStream } from './csv';

describe('csv', () => {
	it('quotes commas, quotes and line breaks, and doubles inner quotes', () => {
		expect(csvField('Jl. Melati, No. 5')).toBe('"Jl. Melati, No. 5"');
		expect(csvField('Bu "Siti"')).toBe('"Bu ""Siti"""');
		expect(csvField('baris 1\nbaris 2')).toBe('"baris 1\nbaris 2"');
		expect(csvField('Ñusantara — Café')).toBe('Ñusantara — Café');
	});

	it('writes money as plain integers and empty for nothing', () => {
		expect(csvLine([1_250_000, -150_000, 0, null, undefined, ''])).toBe('1250000,-150000,0,,,\r\n');
		expect(() => csvField(Number.NaN)).toThrow(RangeError);
	});

	it('defuses text Excel would run as a formula', () => {
		expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
		expect(csvField('+62812')).toBe("'+62812");
		expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvField('-5')).toBe("'-5");
	});

	it('starts a document with the UTF-8 byte-order mark', () => {
		const doc = csvDocument(['Nama', 'Jumlah'], [['Dewi', 150000]]);
		expect(doc).toBe(`${BOM}Nama,Jumlah\r\nDewi,150000\r\n`);
		expect(Buffer.from(doc, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
	});

	it('streams batches only as they are pulled', async () => {
		let produced = 0;
		async function* batches() {
			for (let i = 0; i < 3; i++) {
				produced += 1;
				yield [[`r${i}`, i]];
			}
		}
		const reader = csvStream(['a', 'b'], batches()).getReader();
		const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
		expect(decoder.decode((await reader.read()).value)).toBe(`${BOM}a,b\r\n`);
		expect(produced).toBe(0);
		expect(decoder.decode((await reader.read()).value)).toBe('r0,0\r\n');
		expect(produced).toBe(1);
		await reader.cancel();
		expect(produced).toBe(1);
	});

	it('lets the event loop run other work between batches', async () => {
		const order: string[] = [];
		async function* batches() {
			for (let i = 0; i < 3; i++) {
				order.push(`batch${i}`);
				yield [[`r${i}`, i]];
			}
		}
		const reader = csvStream(['a'], batches()).getReader();
		// Another request's work, queued before the export is read as fast as it can be.
		setImmediate(() => order.push('other'));
		while (!(await reader.read()).done);
		expect(order.indexOf('other')).toBeGreaterThan(-1);
		expect(order.indexOf('other')).toBeLessThan(order.indexOf('batch2'));
	});
});
