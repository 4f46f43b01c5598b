/**
 * What the monitor and the probe job write after talking to a router: its up/down status on the
 * routers row, and the latest reading per kind in router_snapshots (one row per router and kind,
 * replaced each time). Pages read only these, so a dead router never slows a page.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/index';
import { routers, routerSnapshots } from '../db/schema';
import type { ResourceSnapshot, SnapshotKind } from '../../shared/router-snapshots';

/** routers.last_error is VARCHAR(500). */
const MAX_ERROR = 500;

export async function writeSnapshot(db: DbOrTx, routerId: string, kind: SnapshotKind, data: unknown, takenAt: Date): Promise<void> {
	await db
		.insert(routerSnapshots)
		.values({ routerId, kind, data, takenAt })
		.onDuplicateKeyUpdate({ set: { data, takenAt } });
}

export async function readSnapshots(db: DbOrTx, routerId: string, kinds: readonly SnapshotKind[]) {
	const rows = await db
		.select({ kind: routerSnapshots.kind, data: routerSnapshots.data, takenAt: routerSnapshots.takenAt })
		.from(routerSnapshots)
		.where(and(eq(routerSnapshots.routerId, routerId), inArray(routerSnapshots.kind, [...kinds])));
	return new Map(rows.map((r) => [r.kind as SnapshotKind, { data: r.data, takenAt: r.takenAt }]));
}

/** The router answered: it is up, and this is what it runs. */
export async function markRouterUp(db: DbOrTx, routerId: string, resource: ResourceSnapshot, at: Date): Promise<void> {
	await db
		.update(routers)
		.set({
			status: 'up',
			lastError: null,
			lastSeenAt: at,
			lastCheckedAt: at,
			rosVersion: resource.version ? resource.version.slice(0, 32) : null,
			rosMajor: resource.rosMajor,
			boardName: resource.board ? resource.board.slice(0, 64) : null
		})
		.where(eq(routers.id, routerId));
}

/** The router did not answer (or refused us): down, with why. Its last readings stay for reference. */
export async function markRouterDown(db: DbOrTx, routerId: string, error: string, at: Date): Promise<void> {
	await db
		.update(routers)
		.set({ status: 'down', lastError: error.slice(0, MAX_ERROR) || 'error', lastCheckedAt: at })
		.where(eq(routers.id, routerId));
}
