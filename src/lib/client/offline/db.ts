/**
 * The technician phone's local database (DESIGN §7): a copy of the rows of the technician's areas
 * as sync pull sends them (src/lib/shared/sync/rows.ts), the visit log, the outbox of operations
 * waiting to be pushed, and a small key/value `meta` table for the sync state.
 *
 * Rows created on the phone and not yet confirmed by the server carry `pending: true`; the next
 * pull overwrites them with the server's rows (same client-generated UUID), and the engine then
 * re-applies the local effects of operations that are still waiting.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { SyncOperation } from '$lib/shared/sync/operations';
import type {
	PulledArea,
	PulledCustomer,
	PulledHandover,
	PulledInvoice,
	PulledPackage,
	PulledPayment,
	PulledSubscription,
	PullOutput
} from '$lib/shared/sync/rows';

export interface PendingMark {
	/** Set on rows the phone made or changed itself that the server has not sent back yet. */
	pending?: boolean;
	/**
	 * The queued operations whose effect this row already shows, by the operation's own id (e.g. a
	 * cash payment's paymentId), with the amount it added (to amountPaid or creditBalance).
	 * Re-applying an operation after a pull skips rows that list it; a pulled row replaces the whole
	 * row and so drops the map, and the effect is applied again on the server's values.
	 */
	localOps?: Record<string, number>;
}

export type LocalArea = PulledArea;
export type LocalPackage = PulledPackage;
export type LocalCustomer = PulledCustomer & PendingMark;
export type LocalSubscription = PulledSubscription & PendingMark;
export type LocalInvoice = PulledInvoice & PendingMark;
export type LocalPayment = PulledPayment & PendingMark;
export type LocalHandover = PulledHandover & PendingMark;

/** The phone's own visit log (the server keeps visits too, but pull does not send them back). */
export interface LocalVisit {
	id: string;
	customerId: string;
	outcome: 'not-home' | 'promised' | 'refused';
	promisedDate: string | null;
	note: string | null;
	visitedAt: string;
	pending: boolean;
}

export type OutboxStatus = 'pending' | 'applied' | 'rejected';

export interface OutboxEntry {
	/** Per-device sequence, 1, 2, 3 … with no gaps; the server applies in this order. */
	seq: number;
	/** Client UUID of the operation; a resend with the same opId returns the stored result. */
	opId: string;
	op: SyncOperation;
	/** ISO instant the technician made it. */
	createdAt: string;
	status: OutboxStatus;
	/** The server's answer for an applied operation (receipt number, credit created, flags …). */
	result?: Record<string, unknown>;
	/** Why the server rejected it: an i18n key with params, shown in the phone's language. */
	error?: { key: string; params?: Record<string, string | number> };
	/** Push attempts so far (a retry or a lost reply counts). */
	attempts: number;
}

/**
 * Why syncing stopped until the technician signs in again: the session is gone, the server refused
 * the account or device, or another account signed in while this phone holds someone's queue.
 */
export type AuthProblem = 'unauthorized' | 'forbidden' | 'other-user';

/** What the phone last learnt about persistent storage (navigator.storage.persist()). */
export type PersistenceOutcome = 'granted' | 'refused' | 'unsupported';

/** Everything `meta` holds, by key. */
export interface MetaValues {
	/** A UUID made once per install; the server registers the device on first push/pull. */
	deviceId: string;
	/** Highest row version fully stored; the next pull starts here. */
	cursor: number;
	/** ISO instant of the last sync that pushed and pulled without error. */
	lastSyncAt: string;
	/** The last sync's failure as an i18n key with params; null after a success. */
	lastError: { key: string; params?: Record<string, string | number> } | null;
	/** ISO instant until which the phone may work offline without signing in again. */
	offlineUntil: string;
	user: PullOutput['user'];
	/**
	 * The ISP's name and receipt template as the last pull (or an online page, name only) gave
	 * them, for receipts made offline; a phone last synced before templates came has none.
	 */
	isp: Omit<PullOutput['isp'], 'receiptTemplate'> & Partial<Pick<PullOutput['isp'], 'receiptTemplate'>>;
	/**
	 * What this technician still owed the office at the last pull (the server's running balance);
	 * cash recorded on the phone since then comes on top (client/tech/cash.ts).
	 */
	cashOwed: number;
	/** The seq the next enqueued operation gets. */
	nextSeq: number;
	/** Set when the server refused the session or the account; cleared by a successful sync. */
	authProblem: AuthProblem | null;
	persistence: PersistenceOutcome;
}
export type MetaKey = keyof MetaValues;

export interface MetaRow<K extends MetaKey = MetaKey> {
	key: K;
	value: MetaValues[K];
}

export type OfflineDb = Dexie & {
	areas: EntityTable<LocalArea, 'id'>;
	packages: EntityTable<LocalPackage, 'id'>;
	customers: EntityTable<LocalCustomer, 'id'>;
	subscriptions: EntityTable<LocalSubscription, 'id'>;
	invoices: EntityTable<LocalInvoice, 'id'>;
	payments: EntityTable<LocalPayment, 'id'>;
	handovers: EntityTable<LocalHandover, 'id'>;
	visits: EntityTable<LocalVisit, 'id'>;
	outbox: EntityTable<OutboxEntry, 'seq'>;
	meta: EntityTable<MetaRow, 'key'>;
};

/** The tables a pull fills; wiped on `reset` (the outbox, visits and meta stay). */
export const PULLED_TABLES = ['areas', 'packages', 'customers', 'subscriptions', 'invoices', 'payments', 'handovers'] as const;

export const OFFLINE_DB_NAME = 'lunas-tech';

/** Opens (or creates) the database; exported for tests, which pass their own name. */
export function openOfflineDb(name = OFFLINE_DB_NAME): OfflineDb {
	const db = new Dexie(name) as OfflineDb;
	// Only the indexes the screens query: each one is another write per row on a 5,000-customer pull.
	db.version(2).stores({
		areas: 'id, name',
		packages: 'id',
		customers: 'id',
		subscriptions: 'id, customerId',
		invoices: 'id, customerId',
		payments: 'id, customerId',
		handovers: 'id, createdAt',
		visits: 'id, customerId',
		outbox: 'seq, &opId, status',
		meta: 'key'
	});
	return db;
}

let instance: OfflineDb | null = null;

/** The phone's database, opened once per page (browser only). */
export function offlineDb(): OfflineDb {
	instance ??= openOfflineDb();
	return instance;
}

export async function getMeta<K extends MetaKey>(db: OfflineDb, key: K): Promise<MetaValues[K] | undefined> {
	const row = await db.meta.get(key);
	return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(db: OfflineDb, key: K, value: MetaValues[K]): Promise<void> {
	await db.meta.put({ key, value } as MetaRow);
}
