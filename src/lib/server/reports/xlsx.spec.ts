/**
 * The .xlsx exports read back with exceljs and compared cell by cell with the CSV of the same
 * report: the same rows, money as numbers in the rupiah format, instants as dates showing the
 * CSV's local time, text with the same formula guard. Against real MariaDB for the reports.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { customers, invoices, payments } from '../db/schema';
import { translator } from '../../shared/i18n/index';
import { arrearsTable, collectorsTable, ledgerTable, revenueTable, tableCsv, type ExportTable } from './exports';
import { revenueReport } from './revenue';
import { arrearsReport } from './arrears';
import { collectorReport } from './collectors';
import { INSTANT_FORMAT, MONTH_FORMAT, RUPIAH_FORMAT, sheetName, xlsxStream } from './xlsx';

const TZ = 'Asia/Jakarta';
const NOW = new Date('2026-11-24T03:00:00Z');
const wib = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+07:00`);

let t: TestDatabase;
let isp: Isp;

/** RFC 4180 as csv.ts writes it (BOM, CRLF, doubled quotes): rows of fields. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	const body = text.replace(/^\uFEFF/, '');
	for (let i = 0; i < body.length; i++) {
		const c = body[i];
		if (quoted) {
			if (c === '"' && body[i + 1] === '"') (field += '"'), i++;
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') row.push(field), (field = '');
		else if (c === '\r' && body[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			(row = []), (field = ''), i++;
		} else field += c;
	}
	return rows;
}

async function bytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
	return Buffer.from(await new Response(stream).arrayBuffer());
}

async function sheetOf(stream: ReadableStream<Uint8Array>): Promise<ExcelJS.Worksheet> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load((await bytes(stream)) as unknown as ArrayBuffer);
	expect(workbook.worksheets).toHaveLength(1);
	return workbook.worksheets[0];
}

/** A cell as the CSV wrote it, checking on the way that it has the type and format of its column. */
function asCsvText(cell: ExcelJS.Cell, kind: string): string {
	const v = cell.value;
	if (v === null || v === undefined) return '';
	if (kind === 'money') {
		expect(typeof v, `money cell ${cell.address}`).toBe('number');
		expect(cell.numFmt).toBe(RUPIAH_FORMAT);
		return String(v);
	}
	if (kind === 'count') {
		expect(typeof v, `count cell ${cell.address}`).toBe('number');
		return String(v);
	}
	if (kind === 'instant') {
		expect(v, `instant cell ${cell.address}`).toBeInstanceOf(Date);
		expect(cell.numFmt).toBe(INSTANT_FORMAT);
		return (v as Date).toISOString().slice(0, 16).replace('T', ' ');
	}
	if (kind === 'month') {
		expect(v, `month cell ${cell.address}`).toBeInstanceOf(Date);
		expect(cell.numFmt).toBe(MONTH_FORMAT);
		return (v as Date).toISOString().slice(0, 7);
	}
	expect(typeof v, `text cell ${cell.address}`).toBe('string');
	return v as string;
}

/** Writes `make()` both ways (each call a fresh table: batches are read once) and compares. */
async function sameAsCsv(make: () => ExportTable): Promise<{ sheet: ExcelJS.Worksheet; csv: string[][] }> {
	const csv = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await bytes(tableCsv(make(), TZ))));
	const table = make();
	const sheet = await sheetOf(xlsxStream(table, TZ));
	expect(sheet.rowCount).toBe(csv.length);
	expect(sheet.name).toBe(sheetName(table.title));
	const header = sheet.getRow(1);
	expect(header.font?.bold).toBe(true);
	csv.forEach((fields, r) => {
		const row = sheet.getRow(r + 1);
		const cells = fields.map((_, c) => (r === 0 ? String(row.getCell(c + 1).value ?? '') : asCsvText(row.getCell(c + 1), table.columns[c].kind)));
		expect(cells, `row ${r + 1}`).toEqual(fields);
	});
	return { sheet, csv };
}

async function payment(customerId: string, amount: number, at: Date, extra: Partial<typeof payments.$inferInsert> = {}) {
	const id = randomUUID();
	await t.db.insert(payments).values({ id, receiptNumber: `RCP-${id.slice(0, 8)}`, customerId, amount, method: 'cash', receivedAt: at, source: 'office', externalId: id, ...extra });
	return id;
}

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
});
afterAll(async () => {
	await t?.drop();
});
beforeEach(async () => {
	await t.pool.query('SET FOREIGN_KEY_CHECKS = 0');
	for (const table of ['payment_allocations', 'payments', 'invoice_items', 'invoices', 'subscriptions', 'customers']) await t.pool.query(`DELETE FROM ${table}`);
	await t.pool.query('SET FOREIGN_KEY_CHECKS = 1');
});

describe('xlsx exports', () => {
	it('writes the ledger cell for cell as its CSV: rupiah numbers, local times as dates, guarded text', async () => {
		const customerId = await makeCustomer(t.db, isp);
		await t.db.update(customers).set({ name: '=HYPERLINK("http://x","Bu Siti"), Ñusantara' }).where(eq(customers.id, customerId));
		const paid = await payment(customerId, 1_250_000, wib('2026-11-05', '23:30'), { method: 'transfer', note: '+62 812 transfer' });
		// A void a minute after midnight WIB is the previous day in UTC: the sheet must show the 6th.
		const voidId = randomUUID();
		await payment(customerId, -1_250_000, wib('2026-11-06', '00:01'), { id: voidId, receiptNumber: null, source: 'system', externalId: `void:${paid}`, voidsPaymentId: paid, voidReason: 'salah input' });

		const ctx = { db: t.db, t: translator('id'), timeZone: TZ };
		const { sheet, csv } = await sameAsCsv(() => ledgerTable(ctx, {}));
		expect(csv).toHaveLength(3);
		expect(sheet.getRow(1).getCell(1).value).toBe('Waktu diterima');
		const [first, second] = [sheet.getRow(2), sheet.getRow(3)];
		expect(first.getCell(4).value).toBe(`'=HYPERLINK("http://x","Bu Siti"), Ñusantara`);
		expect(first.getCell(11).value).toBe("'+62 812 transfer");
		expect(first.getCell(9).value).toBe(1_250_000);
		expect((second.getCell(1).value as Date).toISOString()).toBe('2026-11-06T00:01:00.000Z');
		expect(second.getCell(9).value).toBe(-1_250_000);
		// The sheet's header stays in view while scrolling a long ledger.
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
	});

	it('writes the revenue, arrears and collectors reports as their CSVs, headers in the reader’s language', async () => {
		const customerId = await makeCustomer(t.db, isp);
		const subscriptionId = await makeSubscription(t.db, isp, customerId, { startDate: '2026-01-05' });
		await t.db.insert(invoices).values({
			id: randomUUID(),
			number: 'INV-XLSX-1',
			subscriptionId,
			customerId,
			periodStart: '2026-09-01',
			periodEnd: '2026-09-30',
			amount: 150_000,
			amountPaid: 0,
			dueDate: '2026-09-10',
			status: 'unpaid',
			payToken: randomUUID().replace(/-/g, '')
		});
		await payment(customerId, 150_000, wib('2026-11-05', '10:00'));
		const en = translator('en');

		const revenue = await revenueReport(t.db, { from: '2026-10', to: '2026-11' }, NOW, TZ);
		const r = await sameAsCsv(() => revenueTable(en, revenue));
		expect(r.csv.map((row) => row[0])).toEqual(['Month', '2026-10', '2026-11']);
		expect(r.sheet.getRow(3).getCell(2).value).toBe(150_000);

		const arrears = await arrearsReport(t.db, {}, NOW, TZ);
		const a = await sameAsCsv(() => arrearsTable(en, arrears));
		expect(a.csv.length).toBeGreaterThan(1);
		expect(a.csv[0][0]).toBe('Area');

		const collectors = await collectorReport(t.db, { from: '2026-11-01', to: '2026-11-30' }, NOW, TZ);
		const c = await sameAsCsv(() => collectorsTable(translator('id'), collectors));
		expect(c.csv.length).toBeGreaterThan(1);
		expect(c.sheet.name).toBe(sheetName('Kinerja penagih'));
	});
});

describe('xlsx writer', () => {
	const columns = [
		{ header: 'Nama', kind: 'text' as const },
		{ header: 'Jumlah', kind: 'money' as const }
	];

	it('writes every batch, in order', async () => {
		async function* batches() {
			for (let b = 0; b < 5; b++) yield Array.from({ length: 300 }, (_, i) => [`r${b * 300 + i}`, (b * 300 + i) * 1000]);
		}
		const sheet = await sheetOf(xlsxStream({ title: 'Uji', columns, batches: batches() }, TZ));
		expect(sheet.rowCount).toBe(1501);
		expect(sheet.getRow(1501).values).toEqual([undefined, 'r1499', 1_499_000]);
	});

	it('stops reading batches when the download is cancelled', async () => {
		let produced = 0;
		let closed!: () => void;
		const stopped = new Promise<void>((resolve) => (closed = resolve));
		async function* endless() {
			try {
				for (;;) {
					produced += 1;
					yield Array.from({ length: 2000 }, (_, i) => [`baris ${i} ${'x'.repeat(40)}`, i]);
				}
			} finally {
				closed();
			}
		}
		const reader = xlsxStream({ title: 'Uji', columns, batches: endless() }, TZ).getReader();
		// Read until the database side is running (a generator never started has no `finally` to run).
		while (produced < 2) expect((await reader.read()).done).toBe(false);
		await reader.cancel();
		await stopped;
		const after = produced;
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(produced).toBe(after);
	});

	it('keeps sheet names within Excel’s rules', () => {
		expect(sheetName('Buku pembayaran')).toBe('Buku pembayaran');
		expect(sheetName('a/b:c?d*e[f]g\\h')).toBe('a b c d e f g h');
		expect(sheetName('x'.repeat(40))).toHaveLength(31);
	});
});
