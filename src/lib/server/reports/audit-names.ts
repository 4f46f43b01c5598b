/**
 * Names for the ids an audit row holds, so people read "Siti Aminah (C-000123)" and "Paket 20 Mbps"
 * instead of UUIDs: every UUID in the rows' entity ids and before/after values is looked up in the
 * tables that hold named records, in one query per table. Deleted records keep their names.
 */
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/index';
import { areas, customers, invoices, packages, payments, routers, subscriptions, users } from '../db/schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** More ids than this on one page are left as they are: a page shows at most a few hundred. */
const MAX_IDS = 2000;

function collect(value: unknown, into: Set<string>, depth = 0): void {
	if (into.size >= MAX_IDS || depth > 4) return;
	if (typeof value === 'string') {
		if (UUID.test(value)) into.add(value.toLowerCase());
	} else if (Array.isArray(value)) {
		for (const v of value) collect(v, into, depth + 1);
	} else if (value && typeof value === 'object') {
		for (const v of Object.values(value)) collect(v, into, depth + 1);
	}
}

export interface AuditLike {
	entityId?: string | null;
	before: unknown;
	after: unknown;
}

/** id → the name people know the record by, for every id found in the rows. */
export async function auditNames(db: DbOrTx, rows: readonly AuditLike[]): Promise<Record<string, string>> {
	const ids = new Set<string>();
	for (const r of rows) {
		collect(r.entityId, ids);
		collect(r.before, ids);
		collect(r.after, ids);
	}
	if (ids.size === 0) return {};
	const list = [...ids];
	const [c, p, a, u, ro, s, i, pay] = await Promise.all([
		db.select({ id: customers.id, name: customers.name, code: customers.code }).from(customers).where(inArray(customers.id, list)),
		db.select({ id: packages.id, name: packages.name }).from(packages).where(inArray(packages.id, list)),
		db.select({ id: areas.id, name: areas.name }).from(areas).where(inArray(areas.id, list)),
		db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, list)),
		db.select({ id: routers.id, name: routers.name }).from(routers).where(inArray(routers.id, list)),
		db
			.select({ id: subscriptions.id, customer: customers.name, packageName: packages.name })
			.from(subscriptions)
			.innerJoin(customers, eq(customers.id, subscriptions.customerId))
			.innerJoin(packages, eq(packages.id, subscriptions.packageId))
			.where(inArray(subscriptions.id, list)),
		db.select({ id: invoices.id, number: invoices.number }).from(invoices).where(inArray(invoices.id, list)),
		db.select({ id: payments.id, receipt: payments.receiptNumber }).from(payments).where(inArray(payments.id, list))
	]);
	const names: Record<string, string> = {};
	for (const r of c) names[r.id] = `${r.name} (${r.code})`;
	for (const r of p) names[r.id] = r.name;
	for (const r of a) names[r.id] = r.name;
	for (const r of u) names[r.id] = r.name;
	for (const r of ro) names[r.id] = r.name;
	for (const r of s) names[r.id] = `${r.customer} · ${r.packageName}`;
	for (const r of i) names[r.id] = r.number;
	for (const r of pay) if (r.receipt) names[r.id] = r.receipt;
	return names;
}
