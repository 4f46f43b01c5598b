/**
 * Customers: the people billed. Admin and office read and write; a technician reads only the
 * customers of their assigned areas, and any other customer is "not found" to them. Only admin
 * deletes (soft), and only a customer with no live subscription and nothing owed.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNull, like, ne, or, sql, type SQL } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../db/index';
import { areas, auditLog, customers, invoices, packages, payments, routers, subscriptions, users } from '../db/schema';
import { nextVersion } from '../db/version';
import { allocateNumbers, formatCustomerCode } from '../db/counters';
import { paginate, type ListPage } from '../db/keyset';
import { isDuplicateKey } from '../db/errors';
import { likeContains } from '../db/search';
import { audit } from '../audit';
import { auditNames } from '../reports/audit-names';
import { FieldValidationError } from '../trpc/trpc';
import type { Actor } from '../trpc/actor';
import { notFound, visibleAreaIds } from './access';
import type { customerCreateInput, customerListInput, customerUpdateInput } from '../../shared/schemas/catalogue';
import type { CustomerStatus } from '../../shared/domain';

const SORT = { code: customers.code, name: customers.name };
/** The indexes behind SORT (schema.ts). */
const SORT_INDEXES = ['customers_code_uq', 'customers_name_idx'];
const OPEN_INVOICE = ['unpaid', 'partial'] as const;
const HISTORY_LIMIT = 50;
const RECENT_PAYMENTS = 20;

type CustomerFields = Omit<z.output<typeof customerUpdateInput>, 'id'>;
/** As stored: rows from before phones were required (imports, the phone app) may have none. */
type StoredFields = Omit<CustomerFields, 'phone'> & { phone: string | null };

const customerColumns = {
	id: customers.id,
	code: customers.code,
	name: customers.name,
	phone: customers.phone,
	email: customers.email,
	address: customers.address,
	areaId: customers.areaId,
	areaName: areas.name,
	latitude: customers.latitude,
	longitude: customers.longitude,
	status: customers.status,
	creditBalance: customers.creditBalance,
	notes: customers.notes,
	version: customers.version,
	createdAt: customers.createdAt,
	updatedAt: customers.updatedAt
};

const coordinate = (v: string | null): number | null => (v === null ? null : Number(v));

function fromRow<T extends { latitude: string | null; longitude: string | null }>(row: T) {
	return { ...row, latitude: coordinate(row.latitude), longitude: coordinate(row.longitude) };
}

/** What the audit trail keeps of a customer: every field the office edits. */
const snapshot = (c: StoredFields): StoredFields => ({
	name: c.name,
	phone: c.phone,
	email: c.email,
	address: c.address,
	areaId: c.areaId,
	latitude: c.latitude,
	longitude: c.longitude,
	status: c.status,
	notes: c.notes
});

/** The columns as written: DECIMAL coordinates go to the driver as exact strings. */
const toColumns = (c: CustomerFields) => ({
	...snapshot(c),
	latitude: c.latitude === null ? null : c.latitude.toFixed(6),
	longitude: c.longitude === null ? null : c.longitude.toFixed(6)
});

/**
 * "Search" matches name and service username always; code and phone (also typed with separators
 * or as +62…/62…) when the term has digits. Contains-matches scan the table, a few hundred
 * milliseconds at 100k customers; paging itself never scans (keyset).
 */
function searchCondition(term: string): SQL | undefined {
	const pattern = likeContains(term);
	const conditions: SQL[] = [
		like(customers.name, pattern),
		inArray(customers.id, sql`(SELECT ${subscriptions.customerId} FROM ${subscriptions} WHERE ${subscriptions.serviceUsername} LIKE ${pattern})`)
	];
	if (/^c?\d+$/i.test(term)) conditions.push(like(customers.code, pattern));
	// Phones are stored as bare 08… digits: match what was typed with separators or +62 too.
	const digits = term.replace(/[\s().-]/g, '');
	if (/^\+?\d{3,}$/.test(digits)) {
		conditions.push(like(customers.phone, likeContains(digits.replace(/^\+/, ''))));
		if (/^\+?62/.test(digits)) conditions.push(like(customers.phone, likeContains(`0${digits.replace(/^\+?62/, '')}`)));
	}
	return or(...conditions);
}

export type CustomerListRow = {
	id: string;
	code: string;
	name: string;
	phone: string | null;
	areaId: string;
	areaName: string;
	status: CustomerStatus;
	/** Open invoice amounts minus what was paid on them. */
	owed: number;
	serviceUsernames: string[];
};

export async function listCustomers(db: Db, input: z.output<typeof customerListInput>, actor: Actor): Promise<ListPage<CustomerListRow>> {
	const visible = await visibleAreaIds(db, actor);
	if (visible?.length === 0) return { rows: [], total: 0, nextCursor: null, prevCursor: null };
	const filter = and(
		isNull(customers.deletedAt),
		visible ? inArray(customers.areaId, visible) : undefined,
		input.areaId ? eq(customers.areaId, input.areaId) : undefined,
		input.status ? eq(customers.status, input.status) : undefined,
		input.search ? searchCondition(input.search) : undefined
	);
	const page = await paginate({
		input,
		columns: SORT,
		id: customers.id,
		filter,
		rows: ({ where, orderBy, limit }) =>
			db
				.select({
					id: customers.id,
					code: customers.code,
					name: customers.name,
					phone: customers.phone,
					areaId: customers.areaId,
					status: customers.status
				})
				// A search scans the table anyway; walking a sort index to find a few matches would add a
				// row lookup per customer (measured 2–3× slower at 100k), so sort the matches instead.
				.from(customers, input.search ? { ignoreIndex: SORT_INDEXES } : undefined)
				.where(where)
				.orderBy(...orderBy)
				.limit(limit),
		count: async (where) => (await db.select({ n: count() }).from(customers).where(where))[0].n
	});
	const ids = page.rows.map((c) => c.id);
	if (ids.length === 0) return { ...page, rows: [] };
	// Looked up afterwards: joining areas in the page query makes MariaDB start from areas and sort
	// the whole table instead of walking the sort index.
	const [areaRows, owedRows, usernameRows] = await Promise.all([
		db.select({ id: areas.id, name: areas.name }).from(areas).where(inArray(areas.id, [...new Set(page.rows.map((c) => c.areaId))])),
		db
			.select({ customerId: invoices.customerId, owed: sql<string>`SUM(${invoices.amount} - ${invoices.amountPaid})` })
			.from(invoices)
			.where(and(inArray(invoices.customerId, ids), inArray(invoices.status, OPEN_INVOICE), isNull(invoices.deletedAt)))
			.groupBy(invoices.customerId),
		db
			.select({ customerId: subscriptions.customerId, username: subscriptions.serviceUsername })
			.from(subscriptions)
			.where(and(inArray(subscriptions.customerId, ids), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt)))
			.orderBy(asc(subscriptions.serviceUsername))
	]);
	const owed = new Map(owedRows.map((r) => [r.customerId, Number(r.owed)]));
	const areaNames = new Map(areaRows.map((a) => [a.id, a.name]));
	return {
		...page,
		rows: page.rows.map((c) => ({
			...c,
			areaName: areaNames.get(c.areaId) ?? '',
			owed: owed.get(c.id) ?? 0,
			serviceUsernames: usernameRows.filter((u) => u.customerId === c.id && u.username).map((u) => u.username!)
		}))
	};
}

/** The customer if the actor may see it, else NOT_FOUND (deleted, unknown or outside their areas). */
async function visibleCustomer(db: DbOrTx, id: string, actor: Actor) {
	const [row] = await db
		.select(customerColumns)
		.from(customers)
		.innerJoin(areas, eq(areas.id, customers.areaId))
		.where(and(eq(customers.id, id), isNull(customers.deletedAt)))
		.limit(1);
	if (!row) throw notFound(actor);
	const visible = await visibleAreaIds(db, actor);
	if (visible && !visible.includes(row.areaId)) throw notFound(actor);
	return fromRow(row);
}

/** A subscription as the office sees it (joined with packages and routers); never its password. */
export const subscriptionColumns = {
	id: subscriptions.id,
	packageId: subscriptions.packageId,
	packageName: packages.name,
	packagePrice: packages.price,
	serviceType: packages.serviceType,
	routerId: subscriptions.routerId,
	routerName: routers.name,
	serviceUsername: subscriptions.serviceUsername,
	staticIp: subscriptions.staticIp,
	billingDay: subscriptions.billingDay,
	startDate: subscriptions.startDate,
	paidThrough: subscriptions.paidThrough,
	status: subscriptions.status,
	desiredRouterState: subscriptions.desiredRouterState,
	confirmedRouterState: subscriptions.confirmedRouterState,
	autoRenew: subscriptions.autoRenew,
	complimentary: subscriptions.complimentary,
	terminatedAt: subscriptions.terminatedAt,
	version: subscriptions.version
};

/** Everything the customer page shows. The service password is never selected. */
export async function getCustomer(db: Db, id: string, actor: Actor) {
	const customer = await visibleCustomer(db, id, actor);
	const [subscriptionRows, openInvoices, recentPayments, invoiceIds, paymentIds] = await Promise.all([
		db
			.select(subscriptionColumns)
			.from(subscriptions)
			.innerJoin(packages, eq(packages.id, subscriptions.packageId))
			.leftJoin(routers, eq(routers.id, subscriptions.routerId))
			.where(and(eq(subscriptions.customerId, id), isNull(subscriptions.deletedAt)))
			.orderBy(sql`${subscriptions.status} = 'terminated'`, asc(subscriptions.startDate)),
		db
			.select({
				id: invoices.id,
				number: invoices.number,
				subscriptionId: invoices.subscriptionId,
				periodStart: invoices.periodStart,
				periodEnd: invoices.periodEnd,
				amount: invoices.amount,
				amountPaid: invoices.amountPaid,
				dueDate: invoices.dueDate,
				status: invoices.status,
				overdueSince: invoices.overdueSince
			})
			.from(invoices)
			.where(and(eq(invoices.customerId, id), inArray(invoices.status, OPEN_INVOICE), isNull(invoices.deletedAt)))
			.orderBy(asc(invoices.dueDate), asc(invoices.number)),
		db
			.select({
				id: payments.id,
				receiptNumber: payments.receiptNumber,
				amount: payments.amount,
				method: payments.method,
				receivedAt: payments.receivedAt,
				collectedByName: users.name,
				invoiceNumber: invoices.number,
				voidsPaymentId: payments.voidsPaymentId,
				flag: payments.flag,
				note: payments.note
			})
			.from(payments)
			.leftJoin(users, eq(users.id, payments.collectedBy))
			.leftJoin(invoices, eq(invoices.id, payments.invoiceId))
			.where(eq(payments.customerId, id))
			.orderBy(desc(payments.receivedAt), desc(payments.id))
			.limit(RECENT_PAYMENTS),
		db.select({ id: invoices.id }).from(invoices).where(eq(invoices.customerId, id)),
		db.select({ id: payments.id }).from(payments).where(eq(payments.customerId, id))
	]);
	const owed = openInvoices.reduce((sum, i) => sum + i.amount - i.amountPaid, 0);
	const history = await customerHistory(db, id, {
		subscription: subscriptionRows.map((s) => s.id),
		invoice: invoiceIds.map((i) => i.id),
		payment: paymentIds.map((p) => p.id)
	});
	return {
		customer,
		subscriptions: subscriptionRows,
		openInvoices,
		recentPayments,
		balance: { owed, credit: customer.creditBalance, net: owed - customer.creditBalance },
		history,
		historyNames: await auditNames(db, history)
	};
}

/**
 * The newest audit rows of the customer and of its subscriptions, invoices and payments. Each
 * (entity, id) pair is a lookup on audit_log_entity_idx, so this stays cheap for a long history.
 */
async function customerHistory(db: Db, customerId: string, related: Record<'subscription' | 'invoice' | 'payment', string[]>) {
	const about = [and(eq(auditLog.entity, 'customer'), eq(auditLog.entityId, customerId))];
	for (const [entity, ids] of Object.entries(related)) {
		if (ids.length) about.push(and(eq(auditLog.entity, entity), inArray(auditLog.entityId, ids)));
	}
	return db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			userName: users.name,
			action: auditLog.action,
			entity: auditLog.entity,
			entityId: auditLog.entityId,
			before: auditLog.before,
			after: auditLog.after
		})
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.userId))
		.where(or(...about))
		.orderBy(desc(auditLog.id))
		.limit(HISTORY_LIMIT);
}

async function assertLiveArea(tx: DbOrTx, areaId: string, actor: Actor): Promise<void> {
	const [area] = await tx.select({ id: areas.id }).from(areas).where(and(eq(areas.id, areaId), isNull(areas.deletedAt))).limit(1);
	if (!area) throw new FieldValidationError({ areaId: [actor.t('validation.unknown')] });
}

/** A resend carries the same id and the same person; anything else reusing the id is a conflict. */
function sameCustomer(existing: StoredFields, input: CustomerFields): boolean {
	return existing.name === input.name && existing.phone === input.phone && existing.areaId === input.areaId && existing.address === input.address;
}

/**
 * Creates a customer with the next gap-free code. With a client-generated `id` the create is
 * idempotent: the PRIMARY KEY refuses the resend, and the customer it made first is returned.
 */
/**
 * A new customer written inside the caller's transaction, audited, its code allocated: the one
 * insert behind the form (createCustomer) and the sheet import (a batch per transaction).
 */
export async function insertCustomer(tx: Tx, id: string, fields: CustomerFields, actor: Actor): Promise<string> {
	// Version first (as the demo seed does): writers of cached tables queue on it, so the area
	// check below sees committed rows and the counter lock is taken in the same order everywhere.
	const version = await nextVersion(tx);
	await assertLiveArea(tx, fields.areaId, actor);
	const code = formatCustomerCode(await allocateNumbers(tx, 'CUSTOMER'));
	await tx.insert(customers).values({ id, code, ...toColumns(fields), createdBy: actor.userId, version });
	await audit(tx, { userId: actor.userId, action: 'customer.create', entity: 'customer', entityId: id, after: { code, ...snapshot(fields) }, ipAddress: actor.ipAddress });
	return code;
}

export async function createCustomer(
	db: Db,
	input: z.output<typeof customerCreateInput>,
	actor: Actor
): Promise<{ id: string; code: string; created: boolean }> {
	const { id: requestedId, ...fields } = input;
	const id = requestedId ?? randomUUID();
	try {
		return await db.transaction(async (tx) => ({ id, code: await insertCustomer(tx, id, fields, actor), created: true }));
	} catch (err) {
		if (!isDuplicateKey(err, 'PRIMARY')) throw err;
		const [existing] = await db.select(customerColumns).from(customers).innerJoin(areas, eq(areas.id, customers.areaId)).where(eq(customers.id, id));
		if (existing && sameCustomer(fromRow(existing), fields)) return { id, code: existing.code, created: false };
		throw new TRPCError({ code: 'CONFLICT', message: actor.t('customer.idConflict') });
	}
}

export async function updateCustomer(db: Db, input: z.output<typeof customerUpdateInput>, actor: Actor): Promise<void> {
	const { id, ...fields } = input;
	await db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const before = await visibleCustomer(tx, id, actor);
		if (fields.areaId !== before.areaId) await assertLiveArea(tx, fields.areaId, actor);
		await tx.update(customers).set({ ...toColumns(fields), version }).where(eq(customers.id, id));
		await audit(tx, { userId: actor.userId, action: 'customer.update', entity: 'customer', entityId: id, before: snapshot(before), after: snapshot(fields), ipAddress: actor.ipAddress });
	});
}

/** Soft delete, refused while a subscription is live or an invoice is open: that debt must stay visible. */
export async function deleteCustomer(db: Db, id: string, actor: Actor): Promise<void> {
	await db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const before = await visibleCustomer(tx, id, actor);
		const [live] = await tx
			.select({ n: count() })
			.from(subscriptions)
			.where(and(eq(subscriptions.customerId, id), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt)));
		const [open] = await tx
			.select({ n: count() })
			.from(invoices)
			.where(and(eq(invoices.customerId, id), inArray(invoices.status, OPEN_INVOICE), isNull(invoices.deletedAt)));
		if (live.n > 0 || open.n > 0) throw new FieldValidationError({ id: [actor.t('validation.customerInUse')] });
		await tx.update(customers).set({ deletedAt: new Date(), version }).where(eq(customers.id, id));
		await audit(tx, { userId: actor.userId, action: 'customer.delete', entity: 'customer', entityId: id, before: { code: before.code, ...snapshot(before) }, ipAddress: actor.ipAddress });
	});
}
