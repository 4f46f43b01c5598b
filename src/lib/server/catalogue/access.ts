import { eq } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import type { DbOrTx } from '../db/index';
import { userAreas } from '../db/schema';
import type { Actor } from '../trpc/actor';

/**
 * The areas whose customers the actor may see: null for all (admin, office), else a technician's
 * assigned areas (possibly none), or the areas an API key is limited to.
 */
export async function visibleAreaIds(db: DbOrTx, actor: Actor): Promise<string[] | null> {
	if (actor.areaIds) return actor.areaIds;
	if (actor.role !== 'technician') return null;
	const rows = await db.select({ areaId: userAreas.areaId }).from(userAreas).where(eq(userAreas.userId, actor.userId));
	return rows.map((r) => r.areaId);
}

/** The same answer for "no such row", "deleted" and "not yours to see", so none is revealed. */
export function notFound(actor: Actor): TRPCError {
	return new TRPCError({ code: 'NOT_FOUND', message: actor.t('catalogue.notFound') });
}
