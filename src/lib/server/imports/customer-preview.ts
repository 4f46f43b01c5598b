/**
 * The preview of a customer import: each row of an uploaded sheet checked by the same schemas
 * the customer and subscription forms use (one rule), area and package found by name, every
 * problem as row, column and words in the reader's language. Nothing is written here.
 *
 * Re-import is idempotent by the phone number: a customer's id is derived from the normalised
 * phone (`importedCustomerId`), so the customers' primary key is the UNIQUE key that makes a
 * resent or repeated import one customer; a phone already on a live customer is shown as
 * "already there" and left alone. A subscription's id is derived from that customer and the
 * package, so a row imported twice is one subscription.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { areas, customers, packages } from '../db/schema';
import { customerCreateInput } from '../../shared/schemas/catalogue';
import { subscriptionCreateInput } from '../../shared/schemas/billing';
import { issuesToFieldErrors } from '../../shared/validation';
import type { Translator } from '../../shared/i18n/index';
import type { Sheet } from './sheet';

/** The fields a sheet may carry, and the headers (Indonesian or English, any case) that name them. */
export const IMPORT_COLUMNS = {
	name: ['nama', 'name', 'nama pelanggan', 'customer'],
	phone: ['telepon', 'no hp', 'nomor hp', 'hp', 'whatsapp', 'phone', 'phone number'],
	email: ['email', 'e-mail'],
	address: ['alamat', 'address'],
	area: ['area', 'wilayah'],
	latitude: ['latitude', 'lat'],
	longitude: ['longitude', 'lng', 'lon', 'long'],
	notes: ['catatan', 'keterangan', 'notes', 'note'],
	package: ['paket', 'package'],
	startDate: ['tanggal mulai', 'mulai', 'start date', 'start'],
	serviceUsername: ['username', 'username layanan', 'username pppoe', 'service username'],
	servicePassword: ['password', 'kata sandi', 'password pppoe', 'service password'],
	paidThrough: ['lunas sampai', 'dibayar sampai', 'paid through']
} as const;
export type ImportField = keyof typeof IMPORT_COLUMNS;
const REQUIRED: ImportField[] = ['name', 'phone', 'address', 'area'];

export interface RowProblem {
	/** The sheet's own header of the column, or the field's first Indonesian name when absent. */
	column: string;
	message: string;
}

export interface PreviewRow {
	line: number;
	status: 'new' | 'exists' | 'invalid';
	customerId: string;
	name: string;
	phone: string | null;
	problems: RowProblem[];
	customer: z.output<typeof customerCreateInput> | null;
	subscription: z.output<typeof subscriptionCreateInput> | null;
}

export interface ImportPreview {
	/** Problems of the sheet as a whole (a required column missing); no row is importable then. */
	sheetProblems: string[];
	rows: PreviewRow[];
}

const normalise = (header: string) => header.toLowerCase().replace(/[\s_]+/g, ' ').trim();

/** A UUID (v4 layout) derived from `key`: the same key is always the same id. */
export function derivedId(key: string): string {
	const h = createHash('sha256').update(key).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const importedCustomerId = (phone: string) => derivedId(`lunas-import:customer:${phone}`);
export const importedSubscriptionId = (customerId: string, packageId: string) => derivedId(`lunas-import:subscription:${customerId}:${packageId}`);

/** `-6,2` (an Indonesian decimal comma) or `-6.2`; blank is no coordinate. */
function coordinateOf(text: string | undefined): number | null | undefined {
	if (!text) return null;
	return Number(text.replace(',', '.'));
}

export async function previewCustomerImport(db: Db, sheet: Sheet, t: Translator): Promise<ImportPreview> {
	const index: Partial<Record<ImportField, number>> = {};
	const headerOf: Partial<Record<ImportField, string>> = {};
	sheet.header.forEach((h, i) => {
		const field = (Object.keys(IMPORT_COLUMNS) as ImportField[]).find((f) => (IMPORT_COLUMNS[f] as readonly string[]).includes(normalise(h)));
		if (field && index[field] === undefined) {
			index[field] = i;
			headerOf[field] = h;
		}
	});
	const missing = REQUIRED.filter((f) => index[f] === undefined);
	if (missing.length) return { sheetProblems: missing.map((f) => t('customerImport.missingColumn', { column: IMPORT_COLUMNS[f][0] })), rows: [] };

	const cell = (cells: string[], f: ImportField) => (index[f] === undefined ? '' : (cells[index[f]!] ?? '').trim());
	const columnOf = (f: ImportField) => headerOf[f] ?? IMPORT_COLUMNS[f][0];
	const areaRows = await db.select({ id: areas.id, name: areas.name, routerId: areas.routerId }).from(areas).where(isNull(areas.deletedAt));
	const areaByName = new Map(areaRows.map((a) => [a.name.toLowerCase(), a.id]));
	// A subscription starts on its area's router, as one installed in the field does.
	const routerOfArea = new Map(areaRows.map((a) => [a.id, a.routerId]));
	const packageByName = new Map((await db.select({ id: packages.id, name: packages.name }).from(packages).where(and(eq(packages.active, true), isNull(packages.deletedAt)))).map((p) => [p.name.toLowerCase(), p.id]));

	const rows: PreviewRow[] = [];
	const firstLineOfPhone = new Map<string, number>();
	for (const { line, cells } of sheet.rows) {
		const problems: RowProblem[] = [];
		const fieldProblems = (errors: Record<string, string[]>, fieldToColumn: Record<string, ImportField>) => {
			for (const [field, messages] of Object.entries(errors)) {
				const column = columnOf(fieldToColumn[field] ?? (field as ImportField));
				for (const message of messages) problems.push({ column, message });
			}
		};
		const areaName = cell(cells, 'area');
		const areaId = areaByName.get(areaName.toLowerCase());
		if (areaName && !areaId) problems.push({ column: columnOf('area'), message: t('customerImport.unknownArea', { name: areaName }) });

		const parsedCustomer = customerCreateInput.safeParse({
			name: cell(cells, 'name'),
			phone: cell(cells, 'phone'),
			email: cell(cells, 'email') || null,
			address: cell(cells, 'address'),
			// An unknown area was said above in words; the schema's "choose an area" is for a blank one.
			areaId: areaId ?? (areaName ? '00000000-0000-4000-8000-000000000000' : ''),
			latitude: coordinateOf(cell(cells, 'latitude')),
			longitude: coordinateOf(cell(cells, 'longitude')),
			notes: cell(cells, 'notes') || null
		});
		if (!parsedCustomer.success) fieldProblems(issuesToFieldErrors(parsedCustomer.error.issues, t), { areaId: 'area' });
		const phone = parsedCustomer.success ? parsedCustomer.data.phone : null;
		const customerId = phone ? importedCustomerId(phone) : derivedId(`lunas-import:line:${line}`);
		if (phone) {
			const earlier = firstLineOfPhone.get(phone);
			if (earlier !== undefined) problems.push({ column: columnOf('phone'), message: t('customerImport.duplicatePhone', { row: earlier }) });
			else firstLineOfPhone.set(phone, line);
		}

		let subscription: PreviewRow['subscription'] = null;
		const packageName = cell(cells, 'package');
		if (packageName) {
			const packageId = packageByName.get(packageName.toLowerCase());
			if (!packageId) problems.push({ column: columnOf('package'), message: t('customerImport.unknownPackage', { name: packageName }) });
			else {
				const parsed = subscriptionCreateInput.safeParse({
					id: importedSubscriptionId(customerId, packageId),
					customerId,
					packageId,
					routerId: areaId ? (routerOfArea.get(areaId) ?? null) : null,
					serviceUsername: cell(cells, 'serviceUsername') || undefined,
					servicePassword: cell(cells, 'servicePassword') || undefined,
					startDate: cell(cells, 'startDate'),
					paidThrough: cell(cells, 'paidThrough') || null
				});
				if (parsed.success) subscription = parsed.data;
				else fieldProblems(issuesToFieldErrors(parsed.error.issues, t), { packageId: 'package' });
			}
		}
		rows.push({
			line,
			status: problems.length ? 'invalid' : 'new',
			customerId,
			name: cell(cells, 'name'),
			phone,
			problems,
			customer: parsedCustomer.success && !problems.length ? { ...parsedCustomer.data, id: customerId } : null,
			subscription: problems.length ? null : subscription
		});
	}

	// Already imported, or already a customer by that phone: shown, and left alone on import.
	const phones = rows.filter((r) => r.status === 'new' && r.phone).map((r) => r.phone!);
	if (phones.length) {
		const existing = new Set(
			(await db.select({ phone: customers.phone }).from(customers).where(and(inArray(customers.phone, phones), isNull(customers.deletedAt)))).map((c) => c.phone)
		);
		for (const r of rows) if (r.status === 'new' && r.phone && existing.has(r.phone)) r.status = 'exists';
	}
	return { sheetProblems: [], rows };
}
