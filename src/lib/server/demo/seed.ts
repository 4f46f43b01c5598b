/**
 * Fills an empty Lunas database with a believable demo ISP: "RT/RW Net" in Purwokerto with five
 * areas, six packages, two routers, three staff accounts and (by default) 300 customers with four
 * to six months of invoices and payments ending at the current period.
 *
 * Demo sign-ins (DEMO_USERS; `npm run demo` prints them):
 *   admin       / demo-admin-123       (Hendra Kurniawan, owner)
 *   office      / demo-office-123      (Rina Marlina, cashier)
 *   technician  / demo-technician-123  (Dimas Prasetyo, field technician for Karangklesem and Teluk)
 * The demo routers' API passwords are in DEMO_ROUTERS (stored encrypted, like real ones);
 * `npm run demo` starts a simulated router for each (demo-routers.ts).
 *
 * Properties:
 * - Deterministic: a fixed PRNG seed gives the same ids, names, amounts and numbers for the same
 *   `now`. Only secrets differ between runs: pay tokens come from crypto.randomBytes and the
 *   encrypted passwords carry random IVs.
 * - Idempotent and safe to race: the first statement of the single transaction inserts the
 *   `demo.seeded` settings row. A second caller blocks on that row until the first commits and
 *   then finds it, so it returns `seeded: false` without writing anything.
 * - Refuses to run on a database that already has staff or customers: the demo passwords are
 *   public, and mixing invented customers into a real ledger would be worse than an error.
 */
import { count, eq } from 'drizzle-orm';
import type { MySqlInsertValue, MySqlTable } from 'drizzle-orm/mysql-core';
import type { Db, Tx } from '../db/index';
import {
	areas,
	cashHandovers,
	customers,
	handoverPayments,
	invoiceItems,
	invoices,
	packages,
	paymentAllocations,
	payments,
	routers,
	settings,
	subscriptions,
	userAreas,
	users
} from '../db/schema';
import { nextVersion } from '../db/version';
import { allocateNumbers, formatCustomerCode, formatDocumentNumber } from '../db/counters';
import { encryptSecret } from '../crypto/secret-box';
import { hashPassword } from '../auth/password';
import { addDays, localDateOf, localTimeToInstant, yearMonthOf } from '../../shared/dates';
import type { Role } from '../../shared/domain';
import { Random } from './prng';
import { DEMO_AREAS } from './indonesian-names';
import { DEMO_PACKAGES, DEMO_ROUTERS } from './catalogue';
import { buildDemoDataset, DEMO_ISP_AGE_DAYS, type DemoAreaRef, type DemoDataset, type DemoStaffIds } from './dataset';
import { ISP_PROFILE_KEY } from '../../shared/schemas/isp-profile';
import { planHandovers } from './handovers';

export interface DemoCredentials {
	role: Role;
	username: string;
	password: string;
	name: string;
}

export const DEMO_USERS: DemoCredentials[] = [
	{ role: 'admin', username: 'admin', password: 'demo-admin-123', name: 'Hendra Kurniawan' },
	{ role: 'office', username: 'office', password: 'demo-office-123', name: 'Rina Marlina' },
	{ role: 'technician', username: 'technician', password: 'demo-technician-123', name: 'Dimas Prasetyo' }
];

const STAFF_PHONES: Record<Role, string> = {
	admin: '081227450913',
	office: '085726318840',
	technician: '082134906172'
};

/** The technician works the two areas next to the base station. */
const TECHNICIAN_AREAS = new Set(['Karangklesem', 'Teluk']);

/** The demo ISP's letterhead on invoices and receipts. */
const DEMO_ISP_PROFILE = {
	name: 'Purwa Net',
	address: 'Jl. Jend. Sudirman No. 45, Purwokerto, Banyumas',
	phone: '0281-635 120',
	// Where a real small ISP's customers transfer to: the invoice and the pay page list them.
	bankAccounts: [
		{ bank: 'BRI', number: '0123-01-004567-50-8', holder: 'Purwa Net' },
		{ bank: 'BCA', number: '845 012 3456', holder: 'Hadi Susanto' }
	]
};

/** settings key whose presence means "the demo is already in this database". */
export const DEMO_SEEDED_KEY = 'demo.seeded';

/** Fixed so every run (and every developer) gets the same demo. */
const DEMO_SEED = 0x4c554e41;

/** Rows per INSERT: well under MySQL's 65 535 placeholders for the widest table. */
const BATCH_SIZE = 500;

export interface SeedDemoOptions {
	/** SECRETS_KEY (64 hex characters) the service and router passwords are encrypted with. */
	secretsKey: string;
	/** The ISP's IANA zone, e.g. Asia/Jakarta: billing dates are local dates there. */
	timeZone: string;
	now?: Date;
	/** How many customers to invent; 300 by default. */
	customers?: number;
}

export interface SeedDemoResult {
	/** False when the demo was already there (nothing was written). */
	seeded: boolean;
	/** Rows inserted per table (all zero when `seeded` is false). */
	counts: Record<string, number>;
}

type SeededTable =
	| 'users'
	| 'areas'
	| 'userAreas'
	| 'routers'
	| 'packages'
	| 'customers'
	| 'subscriptions'
	| 'invoices'
	| 'invoiceItems'
	| 'payments'
	| 'paymentAllocations'
	| 'cashHandovers'
	| 'handoverPayments';

const SEEDED_TABLES: readonly SeededTable[] = [
	'users',
	'areas',
	'userAreas',
	'routers',
	'packages',
	'customers',
	'subscriptions',
	'invoices',
	'invoiceItems',
	'payments',
	'paymentAllocations',
	'cashHandovers',
	'handoverPayments'
];

function zeroCounts(): Record<SeededTable, number> {
	return Object.fromEntries(SEEDED_TABLES.map((t) => [t, 0])) as Record<SeededTable, number>;
}

export class DemoSeedRefusedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DemoSeedRefusedError';
	}
}

export async function seedDemo(db: Db, opts: SeedDemoOptions): Promise<SeedDemoResult> {
	const now = opts.now ?? new Date();
	const customerCount = opts.customers ?? 300;
	if (!Number.isSafeInteger(customerCount) || customerCount < 1 || customerCount > 100_000) {
		throw new RangeError('customers must be a whole number between 1 and 100000');
	}
	localDateOf(now, opts.timeZone); // throws a RangeError for an unknown zone before anything is written
	encryptSecret('', opts.secretsKey); // the same for a malformed key

	// Cheap early exit; the authoritative check is the marker insert inside the transaction.
	if (await isDemoSeeded(db)) return { seeded: false, counts: zeroCounts() };
	// argon2 is deliberately slow: hash before the transaction so its locks are held briefly.
	const passwordHashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));

	return db.transaction(async (tx) => {
		if (!(await claimDemoMarker(tx, now, customerCount))) return { seeded: false, counts: zeroCounts() };
		await refuseIfDatabaseHasData(tx);
		const counts = await writeDemo(tx, { ...opts, now, customerCount, passwordHashes });
		return { seeded: true, counts };
	});
}

export async function isDemoSeeded(db: Db | Tx): Promise<boolean> {
	const rows = await db.select({ key: settings.key }).from(settings).where(eq(settings.key, DEMO_SEEDED_KEY));
	return rows.length > 0;
}

/**
 * Inserts the marker row first. A concurrent seeder's INSERT IGNORE waits on this row's lock
 * until we commit (then it is ignored) or roll back (then it proceeds), so only one seeds.
 */
async function claimDemoMarker(tx: Tx, now: Date, customerCount: number): Promise<boolean> {
	const [result] = await tx
		.insert(settings)
		.ignore()
		.values({ key: DEMO_SEEDED_KEY, value: { seededAt: now.toISOString(), customers: customerCount }, updatedAt: now });
	return result.affectedRows === 1;
}

async function refuseIfDatabaseHasData(tx: Tx): Promise<void> {
	const [staff] = await tx.select({ n: count() }).from(users);
	const [people] = await tx.select({ n: count() }).from(customers);
	if (staff.n > 0 || people.n > 0) {
		throw new DemoSeedRefusedError(
			`Refusing to seed demo data: the database already has ${staff.n} staff and ${people.n} customers. ` +
				'The demo accounts have public passwords; seed only a fresh, empty database.'
		);
	}
}

interface WriteInput extends SeedDemoOptions {
	now: Date;
	customerCount: number;
	passwordHashes: string[];
}

async function writeDemo(tx: Tx, input: WriteInput): Promise<Record<SeededTable, number>> {
	const rng = new Random(DEMO_SEED);
	const version = await nextVersion(tx);
	const counts = zeroCounts();
	await tx.insert(settings).ignore().values({ key: ISP_PROFILE_KEY, value: DEMO_ISP_PROFILE, updatedAt: input.now });
	// Staff, areas, packages and the router predate the oldest customer.
	const openedAt = localTimeToInstant(
		addDays(localDateOf(input.now, input.timeZone), -DEMO_ISP_AGE_DAYS),
		9 * 60,
		input.timeZone
	);
	const insert = async <T extends MySqlTable>(name: SeededTable, table: T, rows: MySqlInsertValue<T>[]) => {
		await insertInBatches(tx, table, rows);
		counts[name] += rows.length;
	};

	const staffRows = DEMO_USERS.map((u, i) => ({
		id: rng.uuid(),
		username: u.username,
		name: u.name,
		passwordHash: input.passwordHashes[i],
		role: u.role,
		phone: STAFF_PHONES[u.role],
		createdAt: openedAt,
		updatedAt: openedAt
	}));
	const staff = staffIdsByRole(staffRows);
	const areaRefs: DemoAreaRef[] = DEMO_AREAS.map((template) => ({
		id: rng.uuid(),
		template,
		technicianWorksHere: TECHNICIAN_AREAS.has(template.name)
	}));
	const packageRefs = DEMO_PACKAGES.map((p) => ({ ...p, id: rng.uuid() }));
	// The first router's id comes from the main sequence as it always did; the others from their
	// own, so adding a router does not change every customer, invoice and payment id after it.
	const routerRng = new Random(DEMO_SEED + 1);
	const routerRefs = DEMO_ROUTERS.map((r, i) => ({ ...r, id: i === 0 ? rng.uuid() : routerRng.uuid() }));
	const routerId = routerRefs[0].id;
	// Each area names the router serving it, so a field installation there is provisioned on it.
	const routerOfArea = new Map(areaRefs.map((a) => [a.id, (routerRefs.find((r) => r.areas.includes(a.template.name)) ?? routerRefs[0]).id]));

	await insert('users', users, staffRows);
	await insert(
		'routers',
		routers,
		routerRefs.map((r) => ({
			id: r.id,
			name: r.name,
			host: r.host,
			apiPort: r.apiPort,
			username: r.username,
			passwordEnc: encryptSecret(r.password, input.secretsKey),
			isolationMethod: r.isolationMethod,
			createdAt: openedAt,
			updatedAt: openedAt
		}))
	);
	await insert(
		'areas',
		areas,
		areaRefs.map((a) => ({
			id: a.id,
			name: a.template.name,
			description: a.template.description,
			routerId: routerOfArea.get(a.id),
			version,
			createdAt: openedAt,
			updatedAt: openedAt
		}))
	);
	await insert(
		'userAreas',
		userAreas,
		areaRefs.filter((a) => a.technicianWorksHere).map((a) => ({ userId: staff.technician, areaId: a.id }))
	);
	await insert(
		'packages',
		packages,
		packageRefs.map((p) => ({
			id: p.id,
			name: p.name,
			price: p.price,
			serviceType: p.serviceType,
			routerProfile: p.routerProfile,
			rateLimit: p.rateLimit,
			priority: p.priority,
			version,
			createdAt: openedAt,
			updatedAt: openedAt
		}))
	);

	const dataset = buildDemoDataset({
		rng,
		now: input.now,
		timeZone: input.timeZone,
		customerCount: input.customerCount,
		secretsKey: input.secretsKey,
		staff,
		areas: areaRefs,
		packages: packageRefs,
		routerId
	});
	assignRouters(dataset, routerOfArea, routerId);
	const numbered = await allocateDocumentNumbers(tx, dataset, input.timeZone);

	await insert('customers', customers, numbered.customers.map((c) => ({ ...c, version })));
	await insert('subscriptions', subscriptions, dataset.subscriptions.map((s) => ({ ...s, version })));
	await insert('invoices', invoices, numbered.invoices.map((i) => ({ ...i, version })));
	await insert('invoiceItems', invoiceItems, dataset.invoiceItems);
	await insert('payments', payments, numbered.payments.map((p) => ({ ...p, version })));
	await insert('paymentAllocations', paymentAllocations, dataset.paymentAllocations);

	// The technician's field cash, handed over week by week; their own sequence, so they move no
	// other id. The latest hand-over waits for the office's count; the most recent cash is still
	// with the technician (owed), as on any real day.
	const fieldCash = dataset.payments
		.filter((p) => p.source === 'device' && p.collectedBy === staff.technician)
		.map((p) => ({ id: p.id, amount: p.amount, receivedAt: p.receivedAt as Date }));
	const handovers = planHandovers(fieldCash, input.now, input.timeZone, new Random(DEMO_SEED + 2));
	await insert(
		'cashHandovers',
		cashHandovers,
		handovers.map((h) => ({
			id: h.id,
			technicianId: staff.technician,
			expectedAmount: h.expectedAmount,
			amount: h.amount,
			countedAmount: h.countedAmount,
			status: h.status,
			handedOverAt: h.handedOverAt,
			confirmedBy: h.confirmedAt ? staff.office : null,
			confirmedAt: h.confirmedAt,
			version,
			createdAt: h.handedOverAt,
			updatedAt: h.confirmedAt ?? h.handedOverAt
		}))
	);
	await insert('handoverPayments', handoverPayments, handovers.flatMap((h) => h.paymentIds.map((paymentId) => ({ paymentId, handoverId: h.id }))));
	return counts;
}

/** Each subscription goes on the router serving its customer's area. */
function assignRouters(dataset: DemoDataset, routerOfArea: ReadonlyMap<string, string>, fallbackRouterId: string): void {
	const areaOfCustomer = new Map(dataset.customers.map((c) => [c.id, c.areaId]));
	for (const s of dataset.subscriptions) s.routerId = routerOfArea.get(areaOfCustomer.get(s.customerId)!) ?? fallbackRouterId;
}

function staffIdsByRole(rows: ReadonlyArray<{ id: string; role: Role }>): DemoStaffIds {
	const idOf = (role: Role) => rows.find((r) => r.role === role)!.id;
	return { admin: idOf('admin'), office: idOf('office'), technician: idOf('technician') };
}

async function insertInBatches<T extends MySqlTable>(tx: Tx, table: T, rows: MySqlInsertValue<T>[]): Promise<void> {
	for (let i = 0; i < rows.length; i += BATCH_SIZE) {
		await tx.insert(table).values(rows.slice(i, i + BATCH_SIZE));
	}
}

/**
 * Allocates customer codes, invoice numbers (per month of the period start) and receipt numbers
 * (per local month of receipt) in blocks, in time order so the numbers read chronologically.
 */
async function allocateDocumentNumbers(tx: Tx, dataset: DemoDataset, timeZone: string) {
	const firstCode = await allocateNumbers(tx, 'CUSTOMER', dataset.customers.length);
	const numberedCustomers = dataset.customers.map((c, i) => ({ ...c, code: formatCustomerCode(firstCode + i) }));

	const customerOrder = new Map(dataset.customers.map((c, i) => [c.id, i]));
	const invoicesInOrder = [...dataset.invoices].sort(
		(a, b) =>
			a.periodStart.localeCompare(b.periodStart) ||
			customerOrder.get(a.customerId)! - customerOrder.get(b.customerId)! ||
			a.subscriptionId.localeCompare(b.subscriptionId)
	);
	const invoiceNumbers = await numberByMonth(tx, 'INV', invoicesInOrder, (i) => yearMonthOf(i.periodStart));

	const paymentsInOrder = [...dataset.payments].sort(
		(a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id!.localeCompare(b.id!)
	);
	const receiptNumbers = await numberByMonth(tx, 'RCP', paymentsInOrder, (p) =>
		yearMonthOf(localDateOf(p.receivedAt, timeZone))
	);

	return {
		customers: numberedCustomers,
		invoices: dataset.invoices.map((i) => ({ ...i, number: invoiceNumbers.get(i)! })),
		payments: dataset.payments.map((p) => ({ ...p, receiptNumber: receiptNumbers.get(p)! }))
	};
}

/**
 * Numbers rows `PREFIX-YYYYMM-NNNNNN`, one block per month. Months are allocated in ascending
 * order so concurrent allocators lock counter rows in the same order and cannot deadlock.
 */
async function numberByMonth<T>(
	tx: Tx,
	prefix: string,
	rowsInOrder: readonly T[],
	yearMonthOfRow: (row: T) => string
): Promise<Map<T, string>> {
	const byMonth = new Map<string, T[]>();
	for (const row of rowsInOrder) {
		const ym = yearMonthOfRow(row);
		const group = byMonth.get(ym);
		if (group) group.push(row);
		else byMonth.set(ym, [row]);
	}
	const numbers = new Map<T, string>();
	for (const ym of [...byMonth.keys()].sort()) {
		const rows = byMonth.get(ym)!;
		const first = await allocateNumbers(tx, `${prefix}-${ym}`, rows.length);
		rows.forEach((row, i) => numbers.set(row, formatDocumentNumber(prefix, ym, first + i)));
	}
	return numbers;
}
