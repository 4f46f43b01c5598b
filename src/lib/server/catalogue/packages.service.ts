/**
 * Packages: what the ISP sells (price, service type, the router profile carrying the speed).
 * Everyone signed in may read them; admin and office write; only admin deletes, and only a
 * package no live subscription uses.
 */
import { and, asc, count, eq, inArray, isNull, like, ne, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/index';
import { packages, subscriptions } from '../db/schema';
import { paginate, type ListPage } from '../db/keyset';
import { likeContains } from '../db/search';
import { FieldValidationError } from '../trpc/trpc';
import type { Actor } from '../trpc/actor';
import { queuePackageProfilePush } from './package-profile-push';
import { createNamed, deleteNamed, liveById, liveRow, updateNamed, type NamedCatalogue } from './named-rows';
import type { packageCreateInput, packageListInput, packageUpdateInput } from '../../shared/schemas/catalogue';

type PackageFields = z.output<typeof packageCreateInput>;
export type PackageRow = PackageFields & { id: string; version: number; updatedAt: Date };

const packageColumns = {
	id: packages.id,
	name: packages.name,
	price: packages.price,
	serviceType: packages.serviceType,
	routerProfile: packages.routerProfile,
	rateLimit: packages.rateLimit,
	burst: packages.burst,
	priority: packages.priority,
	active: packages.active,
	version: packages.version,
	updatedAt: packages.updatedAt
};

/** Subscriptions that still need the package on a router (terminated ones do not). */
async function liveSubscriptionCounts(db: DbOrTx, packageIds: string[]): Promise<Map<string, number>> {
	if (packageIds.length === 0) return new Map();
	const rows = await db
		.select({ packageId: subscriptions.packageId, n: count() })
		.from(subscriptions)
		.where(and(inArray(subscriptions.packageId, packageIds), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt)))
		.groupBy(subscriptions.packageId);
	return new Map(rows.map((r) => [r.packageId, r.n]));
}

const PACKAGES: NamedCatalogue<PackageFields, PackageRow> = {
	entity: 'package',
	table: packages,
	columns: { id: packages.id, name: packages.name, deletedAt: packages.deletedAt },
	nameKey: 'packages_name_uq',
	find: async (db, id) => (await db.select(packageColumns).from(packages).where(liveById(PACKAGES, id)).limit(1))[0],
	insert: (tx, row) => tx.insert(packages).values(row),
	write: (tx, id, values) => tx.update(packages).set(values).where(eq(packages.id, id)),
	snapshot: (p) => ({
		name: p.name,
		price: p.price,
		serviceType: p.serviceType,
		routerProfile: p.routerProfile,
		rateLimit: p.rateLimit,
		burst: p.burst,
		priority: p.priority,
		active: p.active
	}),
	// A rate limit, burst, priority or profile changed: the routers serving it get the profile.
	onUpdate: (tx, id, before, fields, version, actor) => queuePackageProfilePush(tx, id, before, fields, version, actor.userId),
	async refuseDelete(tx, id, actor) {
		const inUse = (await liveSubscriptionCounts(tx, [id])).get(id) ?? 0;
		return inUse > 0 ? new FieldValidationError({ id: [actor.t('validation.packageInUse', { count: inUse })] }) : null;
	}
};

export async function listPackages(db: Db, input: z.output<typeof packageListInput>): Promise<ListPage<PackageRow & { subscriptions: number }>> {
	const search = input.search ? likeContains(input.search) : null;
	const page = await paginate({
		input,
		columns: { name: packages.name, price: packages.price },
		id: packages.id,
		filter: and(isNull(packages.deletedAt), search ? or(like(packages.name, search), like(packages.routerProfile, search)) : undefined),
		rows: ({ where, orderBy, limit }) => db.select(packageColumns).from(packages).where(where).orderBy(...orderBy).limit(limit),
		count: async (where) => (await db.select({ n: count() }).from(packages).where(where))[0].n
	});
	const counts = await liveSubscriptionCounts(db, page.rows.map((p) => p.id));
	return { ...page, rows: page.rows.map((p) => ({ ...p, subscriptions: counts.get(p.id) ?? 0 })) };
}

/** Live packages on sale, for choosing one for a subscription. */
export async function packageOptions(db: Db) {
	return db
		.select({ id: packages.id, name: packages.name, price: packages.price, serviceType: packages.serviceType })
		.from(packages)
		.where(and(isNull(packages.deletedAt), eq(packages.active, true)))
		.orderBy(asc(packages.price), asc(packages.name));
}

export async function getPackage(db: Db, id: string, actor: Actor): Promise<PackageRow & { subscriptions: number }> {
	const pkg = await liveRow(db, PACKAGES, id, actor);
	return { ...pkg, subscriptions: (await liveSubscriptionCounts(db, [id])).get(id) ?? 0 };
}

export const createPackage = (db: Db, input: PackageFields, actor: Actor) => createNamed(db, PACKAGES, input, actor);

/** Answers how many routers get the new profile (and accounts moved, on a rename), for the notice. */
export async function updatePackage(db: Db, input: z.output<typeof packageUpdateInput>, actor: Actor): Promise<{ routers: number; provisions: number }> {
	const { id, ...fields } = input;
	const queued = await updateNamed(db, PACKAGES, id, fields, actor);
	return { routers: queued.routers ?? 0, provisions: queued.provisions ?? 0 };
}

/** Soft delete, refused while a live subscription uses the package. */
export const deletePackage = (db: Db, id: string, actor: Actor) => deleteNamed(db, PACKAGES, id, actor);
