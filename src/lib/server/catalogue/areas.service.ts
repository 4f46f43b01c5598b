/**
 * Areas: the collection routes customers belong to and technicians are assigned to. Everyone
 * signed in may read them; admin and office write; only admin deletes, and only an empty area.
 * An area may name the router serving it, so a field installation there is provisioned on it.
 */
import { and, asc, count, eq, inArray, isNull, like, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/index';
import { areas, customers, routers, userAreas } from '../db/schema';
import { paginate, type ListPage } from '../db/keyset';
import { likeContains } from '../db/search';
import { FieldValidationError } from '../trpc/trpc';
import type { Actor } from '../trpc/actor';
import { createNamed, deleteNamed, liveById, liveRow, updateNamed, type NamedCatalogue } from './named-rows';
import type { areaCreateInput, areaListInput, areaUpdateInput } from '../../shared/schemas/catalogue';

type AreaFields = z.output<typeof areaCreateInput>;
export type AreaRow = AreaFields & { id: string; routerName: string | null; version: number; updatedAt: Date };

// The router is read through the join, so one deleted since reads as none.
const areaColumns = {
	id: areas.id,
	name: areas.name,
	description: areas.description,
	routerId: routers.id,
	routerName: routers.name,
	version: areas.version,
	updatedAt: areas.updatedAt
};

function selectAreas(db: DbOrTx) {
	return db
		.select(areaColumns)
		.from(areas)
		.leftJoin(routers, and(eq(routers.id, areas.routerId), isNull(routers.deletedAt)));
}

async function customerCounts(db: DbOrTx, areaIds: string[]): Promise<Map<string, number>> {
	if (areaIds.length === 0) return new Map();
	const rows = await db
		.select({ areaId: customers.areaId, n: count() })
		.from(customers)
		.where(and(inArray(customers.areaId, areaIds), isNull(customers.deletedAt)))
		.groupBy(customers.areaId);
	return new Map(rows.map((r) => [r.areaId, r.n]));
}

const AREAS: NamedCatalogue<AreaFields, AreaRow> = {
	entity: 'area',
	table: areas,
	columns: { id: areas.id, name: areas.name, deletedAt: areas.deletedAt },
	nameKey: 'areas_name_uq',
	find: async (db, id) => (await selectAreas(db).where(liveById(AREAS, id)).limit(1))[0],
	insert: (tx, row) => tx.insert(areas).values(row),
	write: (tx, id, values) => tx.update(areas).set(values).where(eq(areas.id, id)),
	snapshot: (a) => ({ name: a.name, description: a.description, routerId: a.routerId }),
	async check(tx, fields, actor) {
		if (!fields.routerId) return;
		const [router] = await tx.select({ id: routers.id }).from(routers).where(and(eq(routers.id, fields.routerId), isNull(routers.deletedAt)));
		if (!router) throw new FieldValidationError({ routerId: [actor.t('validation.routerUnknown')] });
	},
	async refuseDelete(tx, id, actor) {
		const inUse = (await customerCounts(tx, [id])).get(id) ?? 0;
		return inUse > 0 ? new FieldValidationError({ id: [actor.t('validation.areaInUse', { count: inUse })] }) : null;
	},
	// An area nobody can see is not one a technician should still be sent to.
	async onDelete(tx, id) {
		const assigned = await tx.select({ userId: userAreas.userId }).from(userAreas).where(eq(userAreas.areaId, id));
		await tx.delete(userAreas).where(eq(userAreas.areaId, id));
		return { technicianIds: assigned.map((a) => a.userId) };
	}
};

export async function listAreas(db: Db, input: z.output<typeof areaListInput>): Promise<ListPage<AreaRow & { customers: number }>> {
	const search = input.search ? likeContains(input.search) : null;
	const page = await paginate({
		input,
		columns: { name: areas.name },
		id: areas.id,
		filter: and(isNull(areas.deletedAt), search ? or(like(areas.name, search), like(areas.description, search)) : undefined),
		rows: ({ where, orderBy, limit }) => selectAreas(db).where(where).orderBy(...orderBy).limit(limit),
		count: async (where) => (await db.select({ n: count() }).from(areas).where(where))[0].n
	});
	const counts = await customerCounts(db, page.rows.map((a) => a.id));
	return { ...page, rows: page.rows.map((a) => ({ ...a, customers: counts.get(a.id) ?? 0 })) };
}

/** Every live area, for pickers and filters. */
export async function areaOptions(db: Db): Promise<Array<{ id: string; name: string }>> {
	return db.select({ id: areas.id, name: areas.name }).from(areas).where(isNull(areas.deletedAt)).orderBy(asc(areas.name));
}

export async function getArea(db: Db, id: string, actor: Actor): Promise<AreaRow & { customers: number }> {
	const area = await liveRow(db, AREAS, id, actor);
	return { ...area, customers: (await customerCounts(db, [id])).get(id) ?? 0 };
}

export const createArea = (db: Db, input: AreaFields, actor: Actor) => createNamed(db, AREAS, input, actor);

export async function updateArea(db: Db, input: z.output<typeof areaUpdateInput>, actor: Actor): Promise<void> {
	const { id, ...fields } = input;
	await updateNamed(db, AREAS, id, fields, actor);
}

/** Soft delete, refused while live customers are in the area; technicians lose the assignment. */
export const deleteArea = (db: Db, id: string, actor: Actor) => deleteNamed(db, AREAS, id, actor);
