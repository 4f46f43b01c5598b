/** What the report filters offer: the areas, and the staff who may have collected money. */
import { asc, isNull } from 'drizzle-orm';
import type { Db } from '../db/index';
import { areas, users } from '../db/schema';

export async function reportFilterOptions(db: Db) {
	const [areaRows, staff] = await Promise.all([
		db.select({ id: areas.id, name: areas.name }).from(areas).where(isNull(areas.deletedAt)).orderBy(asc(areas.name)),
		db.select({ id: users.id, name: users.name, role: users.role, active: users.active }).from(users).orderBy(asc(users.name))
	]);
	return { areas: areaRows, staff };
}
