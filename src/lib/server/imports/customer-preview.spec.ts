/**
 * Reading an uploaded customer sheet (.xlsx and Indonesian `;` CSV) and its preview against real
 * MariaDB: the form's own rules per row, problems as row, column and words in both languages,
 * the phone as the re-import key, and the upload's bounds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, type Isp } from '../../../../tests/fixtures';
import { areas, customers, packages } from '../db/schema';
import { translator } from '../../shared/i18n/index';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, IMPORT_MAX_UNPACKED_BYTES, readSheet, SheetError, unpackedZipBytes } from './sheet';
import { importedCustomerId, previewCustomerImport } from './customer-preview';

let t: TestDatabase;
let isp: Isp;
let areaName: string;
let packageName: string;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	areaName = (await t.db.select().from(areas).where(eq(areas.id, isp.areaId)))[0].name;
	packageName = (await t.db.select().from(packages).where(eq(packages.id, isp.packageId)))[0].name;
});
afterAll(async () => {
	await t?.drop();
});

async function xlsx(rows: Array<Array<string | number | Date | null>>): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Pelanggan');
	for (const row of rows) sheet.addRow(row);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function refusal(bytes: Uint8Array): Promise<SheetError> {
	const err = await readSheet(bytes).catch((e: unknown) => e);
	expect(err).toBeInstanceOf(SheetError);
	return err as SheetError;
}

describe('reading a sheet', () => {
	it('reads .xlsx cells as the text typed: dates as YYYY-MM-DD, numbers as digits, blank rows skipped', async () => {
		const sheet = await readSheet(
			await xlsx([
				['Nama', 'Telepon', 'Tanggal mulai'],
				['Bu Siti', '0812 3456 7890', new Date(Date.UTC(2026, 10, 5))],
				[null, null, null],
				['Pak Budi', 81298765432, '2026-11-06']
			])
		);
		expect(sheet.header).toEqual(['Nama', 'Telepon', 'Tanggal mulai']);
		expect(sheet.rows).toEqual([
			{ line: 2, cells: ['Bu Siti', '0812 3456 7890', '2026-11-05'] },
			{ line: 4, cells: ['Pak Budi', '81298765432', '2026-11-06'] }
		]);
	});

	it('reads a CSV saved by an Indonesian Excel (`;`, BOM, quotes) and a comma CSV alike', async () => {
		const semi = await readSheet(new TextEncoder().encode('\uFEFFNama;Alamat\r\n"Bu ""Siti""";"Jl. Melati, No. 5"\r\n'));
		expect(semi.rows[0].cells).toEqual(['Bu "Siti"', 'Jl. Melati, No. 5']);
		const comma = await readSheet(new TextEncoder().encode('Nama,Alamat\nDewi,"Gg. Mawar; RT 2"\n'));
		expect(comma.rows[0].cells).toEqual(['Dewi', 'Gg. Mawar; RT 2']);
	});

	it('refuses a file too large, with too many rows, unreadable or empty, in words of the catalogue', async () => {
		expect((await refusal(new Uint8Array(IMPORT_MAX_BYTES + 1))).key).toBe('customerImport.tooLarge');
		const many = 'Nama\n' + 'x\n'.repeat(IMPORT_MAX_ROWS + 1);
		expect((await refusal(new TextEncoder().encode(many))).key).toBe('customerImport.tooManyRows');
		expect((await refusal(new Uint8Array([0xff, 0xfe, 0x00, 0x41]))).key).toBe('customerImport.unreadable');
		expect((await refusal(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).key).toBe('customerImport.unreadable');
		expect((await refusal(new TextEncoder().encode('Nama\n\n'))).key).toBe('customerImport.empty');
		expect(translator('en')('customerImport.tooManyRows', { max: IMPORT_MAX_ROWS })).toBe(`Too many rows (at most ${IMPORT_MAX_ROWS}). Split the file into parts.`);
	});

	it('refuses a small .xlsx that unpacks to more than its bound (a zip bomb) before unpacking it', async () => {
		// 600 cells of 32,000 times the same letter (distinct, so not one shared string): about 19 MiB
		// unpacked, a few dozen KiB packed — under the upload limit.
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Pelanggan');
		sheet.addRow(['Nama']);
		for (let i = 0; i < 600; i++) sheet.addRow([`${i} ${'x'.repeat(32_000)}`]);
		const bomb = new Uint8Array(await workbook.xlsx.writeBuffer());
		expect(bomb.length).toBeLessThan(IMPORT_MAX_BYTES);
		expect(unpackedZipBytes(bomb)!).toBeGreaterThan(IMPORT_MAX_UNPACKED_BYTES);
		expect((await refusal(bomb)).key).toBe('customerImport.unpackedTooLarge');
		// An ordinary sheet is measured, and is far below the bound.
		const normal = await xlsx([['Nama', 'Telepon'], ['Siti', '081234567890']]);
		expect(unpackedZipBytes(normal)!).toBeGreaterThan(0);
		expect(unpackedZipBytes(normal)!).toBeLessThan(IMPORT_MAX_UNPACKED_BYTES / 100);
	});
});

describe('the import preview', () => {
	it('checks every row by the forms’ rules and says each problem by row, column and words', async () => {
		const taken = await makeCustomer(t.db, isp);
		await t.db.update(customers).set({ phone: '081200000001' }).where(eq(customers.id, taken));
		const sheet = await readSheet(
			await xlsx([
				['Nama', 'No HP', 'Alamat', 'Area', 'Paket', 'Tanggal mulai', 'Username', 'Latitude', 'Longitude'],
				['Bu Siti', '0812-3456-7890', 'Jl. Melati 5', areaName, packageName, '2026-11-05', 'siti.melati', '-6,2', '106,8'],
				['Pak Budi', '12', 'Jl. Mawar 1', areaName, '', '', '', '', ''],
				['Dewi', '0813 1111 2222', 'Gg. Kenanga', 'Kampung Antah', packageName, '2026-13-40', '', '', ''],
				['Siti lagi', '+62 812 3456 7890', 'Jl. Melati 5', areaName, '', '', '', '', ''],
				['Lama', '081200000001', 'Jl. Lama', areaName, '', '', '', '', ''],
				['', '0815 0000 0000', '', '', 'Paket Tidak Ada', '', '', '', '']
			])
		);
		const preview = await previewCustomerImport(t.db, sheet, translator('id'));
		expect(preview.sheetProblems).toEqual([]);
		const [siti, budi, dewi, again, lama, blank] = preview.rows;

		expect(siti).toMatchObject({ line: 2, status: 'new', phone: '081234567890', problems: [] });
		expect(siti.customerId).toBe(importedCustomerId('081234567890'));
		expect(siti.customer).toMatchObject({ id: siti.customerId, areaId: isp.areaId, latitude: -6.2, longitude: 106.8 });
		expect(siti.subscription).toMatchObject({ customerId: siti.customerId, packageId: isp.packageId, startDate: '2026-11-05', serviceUsername: 'siti.melati' });

		expect(budi).toMatchObject({ line: 3, status: 'invalid', customer: null });
		expect(budi.problems.map((p) => p.column)).toEqual(['No HP']);
		expect(budi.problems[0].message).toMatch(/nomor/i);

		expect(dewi.status).toBe('invalid');
		expect(dewi.problems).toEqual(
			expect.arrayContaining([
				{ column: 'Area', message: 'Area "Kampung Antah" tidak dikenal.' },
				expect.objectContaining({ column: 'Tanggal mulai' })
			])
		);

		expect(again.problems).toEqual([{ column: 'No HP', message: 'Nomor ini sudah ada di baris 2.' }]);
		expect(lama).toMatchObject({ status: 'exists', problems: [] });
		expect(blank.problems.map((p) => p.column)).toEqual(expect.arrayContaining(['Nama', 'Alamat', 'Area', 'Paket']));
		// No library text in any message.
		for (const row of preview.rows) for (const p of row.problems) expect(p.message).not.toMatch(/Invalid|expected|Too (small|big)/);

		const en = await previewCustomerImport(t.db, sheet, translator('en'));
		expect(en.rows[2].problems).toEqual(expect.arrayContaining([{ column: 'Area', message: 'Unknown area "Kampung Antah".' }]));
	});

	it('names a missing required column instead of guessing, in the reader’s language', async () => {
		const sheet = await readSheet(new TextEncoder().encode('Name;Phone\nDewi;081311112222\n'));
		expect((await previewCustomerImport(t.db, sheet, translator('en'))).sheetProblems).toEqual(['The header row has no "alamat" column.', 'The header row has no "area" column.']);
	});

	it('derives the same customer id for the same phone, whatever its spelling', async () => {
		const a = await previewCustomerImport(t.db, await readSheet(new TextEncoder().encode(`Nama;HP;Alamat;Area\nX;0812-9999-0000;Jl. A;${areaName}\n`)), translator('id'));
		const b = await previewCustomerImport(t.db, await readSheet(new TextEncoder().encode(`Nama;HP;Alamat;Area\nX;+62 812 9999 0000;Jl. A;${areaName}\n`)), translator('id'));
		expect(a.rows[0].customerId).toBe(b.rows[0].customerId);
	});
});
