/**
 * Routers: the MikroTik boxes Lunas manages. Admin and office read them; only admin writes.
 * The API password is encrypted at rest (crypto/secret-box.ts) and never leaves the server: reads
 * return `hasPassword` instead, and an edit with an empty password keeps the stored one.
 *
 * Nothing here talks to a router. "Test connection" enqueues a 'probe' router job; status,
 * resources, sessions and traffic come from what the monitor stored (router_snapshots).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../db/index';
import { routerJobs, routers, routerSnapshots, subscriptions } from '../db/schema';
import { isDuplicateKey } from '../db/errors';
import { encryptSecret } from '../crypto/secret-box';
import { audit } from '../audit';
import { enqueueRouterJob } from '../router-jobs/enqueue';
import { nudgeRouterJobs } from '../router-jobs/nudge';
import { FieldValidationError } from '../trpc/trpc';
import type { Actor } from '../trpc/actor';
import { notFound } from '../catalogue/access';
import { readSnapshots } from './router-status';
import type {
	InterfacesSnapshot,
	OnlineSnapshot,
	ResourceSnapshot,
	TrafficSnapshot
} from '../../shared/router-snapshots';
import type { routerCreateInput, routerUpdateInput } from '../../shared/schemas/routers';

type RouterCreate = z.output<typeof routerCreateInput>;
type RouterUpdate = z.output<typeof routerUpdateInput>;

/** How long one poll of the live-traffic chart keeps the monitor sampling. */
export const WATCH_EXTENSION_MS = 30_000;

/** Everything about a router the office may see: never the password, encrypted or not. */
const publicColumns = {
	id: routers.id,
	name: routers.name,
	host: routers.host,
	apiPort: routers.apiPort,
	useTls: routers.useTls,
	username: routers.username,
	isolationMethod: routers.isolationMethod,
	isolirProfile: routers.isolirProfile,
	isolirAddressList: routers.isolirAddressList,
	autoFixDrift: routers.autoFixDrift,
	status: routers.status,
	lastError: routers.lastError,
	lastSeenAt: routers.lastSeenAt,
	lastCheckedAt: routers.lastCheckedAt,
	rosVersion: routers.rosVersion,
	rosMajor: routers.rosMajor,
	boardName: routers.boardName,
	watchInterface: routers.watchInterface
};

async function findRouter(db: DbOrTx, id: string, lock = false) {
	const query = db
		.select(publicColumns)
		.from(routers)
		.where(and(eq(routers.id, id), isNull(routers.deletedAt)))
		.limit(1);
	const [row] = lock ? await query.for('update') : await query;
	return row;
}

async function liveRouter(db: DbOrTx, id: string, actor: Actor, lock = false) {
	const row = await findRouter(db, id, lock);
	if (!row) throw notFound(actor);
	return row;
}

/** Subscriptions that still need their router (terminated ones do not). */
async function liveSubscriptionCounts(db: DbOrTx, routerIds: string[]): Promise<Map<string, number>> {
	if (routerIds.length === 0) return new Map();
	const rows = await db
		.select({ routerId: subscriptions.routerId, n: count() })
		.from(subscriptions)
		.where(and(inArray(subscriptions.routerId, routerIds), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt)))
		.groupBy(subscriptions.routerId);
	return new Map(rows.map((r) => [r.routerId as string, r.n]));
}

/** What the audit trail keeps of a router: the settings, and whether the password changed. */
function auditFields(r: Omit<RouterCreate, 'password'>) {
	return {
		name: r.name,
		host: r.host,
		apiPort: r.apiPort,
		useTls: r.useTls,
		username: r.username,
		isolationMethod: r.isolationMethod,
		isolirProfile: r.isolirProfile,
		isolirAddressList: r.isolirAddressList,
		autoFixDrift: r.autoFixDrift
	};
}

function nameTaken(deleted: boolean, actor: Actor): FieldValidationError {
	return new FieldValidationError({ name: [actor.t(deleted ? 'validation.takenDeleted' : 'validation.taken')] });
}

async function nameHolder(tx: Tx, name: string, exceptId?: string): Promise<{ id: string; deleted: boolean } | null> {
	const where = exceptId ? and(eq(routers.name, name), ne(routers.id, exceptId)) : eq(routers.name, name);
	const [row] = await tx.select({ id: routers.id, deletedAt: routers.deletedAt }).from(routers).where(where).limit(1).for('update');
	return row ? { id: row.id, deleted: row.deletedAt !== null } : null;
}

/** What a router learnt from its box; reset when the row starts describing another box. */
const UNKNOWN_STATE = {
	status: 'unknown' as const,
	lastError: null,
	lastSeenAt: null,
	lastCheckedAt: null,
	rosVersion: null,
	rosMajor: null,
	boardName: null,
	watchInterface: null,
	watchUntil: null
};

function connectionChanged(before: { host: string; apiPort: number; useTls: boolean; username: string }, after: RouterUpdate): boolean {
	return before.host !== after.host || before.apiPort !== after.apiPort || before.useTls !== after.useTls || before.username !== after.username || after.password !== null;
}

// Reads -------------------------------------------------------------------------------------------

export async function listRouters(db: Db) {
	const rows = await db
		.select({
			...publicColumns,
			// The monitor's last count of people online; null before it has read the router.
			online: sql<number | null>`JSON_LENGTH(${routerSnapshots.data}, '$.sessions')`.mapWith((v) => (v === null ? null : Number(v))),
			onlineAt: routerSnapshots.takenAt
		})
		.from(routers)
		.leftJoin(routerSnapshots, and(eq(routerSnapshots.routerId, routers.id), eq(routerSnapshots.kind, 'online')))
		.where(isNull(routers.deletedAt))
		.orderBy(asc(routers.name));
	const counts = await liveSubscriptionCounts(db, rows.map((r) => r.id));
	return rows.map((r) => ({ ...r, hasPassword: true as const, subscriptions: counts.get(r.id) ?? 0 }));
}

export async function getRouter(db: Db, id: string, actor: Actor) {
	const router = await liveRouter(db, id, actor);
	const subscriptionCount = (await liveSubscriptionCounts(db, [id])).get(id) ?? 0;
	return { ...router, hasPassword: true as const, subscriptions: subscriptionCount };
}

/** The router with the monitor's latest readings, each with when it was taken (null: never). */
export async function routerDetail(db: Db, id: string, actor: Actor) {
	const router = await getRouter(db, id, actor);
	const snapshots = await readSnapshots(db, id, ['resource', 'online', 'interfaces', 'traffic']);
	const of = <T>(kind: 'resource' | 'online' | 'interfaces' | 'traffic') => {
		const s = snapshots.get(kind);
		return s ? { data: s.data as T, takenAt: s.takenAt } : null;
	};
	return {
		router,
		resource: of<ResourceSnapshot>('resource'),
		online: of<OnlineSnapshot>('online'),
		interfaces: of<InterfacesSnapshot>('interfaces'),
		traffic: of<TrafficSnapshot>('traffic')
	};
}

// Writes ------------------------------------------------------------------------------------------

export async function createRouter(db: Db, input: RouterCreate, secretsKey: string, actor: Actor): Promise<{ id: string }> {
	const { password, ...fields } = input;
	const passwordEnc = encryptSecret(password, secretsKey);
	const entry = { userId: actor.userId, entity: 'router', ipAddress: actor.ipAddress };
	try {
		return await db.transaction(async (tx) => {
			const holder = await nameHolder(tx, fields.name);
			if (holder && !holder.deleted) throw nameTaken(false, actor);
			if (holder) {
				// A deleted router's name comes back with its id, as areas and packages do; it is a new box now.
				await tx.update(routers).set({ ...fields, passwordEnc, ...UNKNOWN_STATE, deletedAt: null }).where(eq(routers.id, holder.id));
				await tx.delete(routerSnapshots).where(eq(routerSnapshots.routerId, holder.id));
				await audit(tx, { ...entry, action: 'router.restore', entityId: holder.id, after: auditFields(fields) });
				return { id: holder.id };
			}
			const id = randomUUID();
			await tx.insert(routers).values({ id, ...fields, passwordEnc });
			await audit(tx, { ...entry, action: 'router.create', entityId: id, after: auditFields(fields) });
			return { id };
		});
	} catch (err) {
		if (isDuplicateKey(err, 'routers_name_uq')) throw nameTaken(false, actor);
		throw err;
	}
}

/**
 * Saves a router's settings. Resolves with whether the way to reach it changed, so the caller
 * drops the pooled connection and the next job or monitor cycle dials with the new settings.
 */
export async function updateRouter(db: Db, input: RouterUpdate, secretsKey: string, actor: Actor): Promise<{ reconnect: boolean }> {
	const { id, password, ...fields } = input;
	try {
		return await db.transaction(async (tx) => {
			const before = await liveRouter(tx, id, actor, true);
			const holder = await nameHolder(tx, fields.name, id);
			if (holder) throw nameTaken(holder.deleted, actor);
			const reconnect = connectionChanged(before, input);
			const otherBox = before.host !== fields.host || before.apiPort !== fields.apiPort;
			await tx
				.update(routers)
				.set({
					...fields,
					...(password !== null ? { passwordEnc: encryptSecret(password, secretsKey) } : {}),
					// Another address may be another box: what we knew of the old one no longer holds.
					...(otherBox ? UNKNOWN_STATE : {})
				})
				.where(eq(routers.id, id));
			if (otherBox) await tx.delete(routerSnapshots).where(eq(routerSnapshots.routerId, id));
			await audit(tx, {
				userId: actor.userId,
				action: 'router.update',
				entity: 'router',
				entityId: id,
				before: auditFields(before),
				after: { ...auditFields(fields), passwordChanged: password !== null },
				ipAddress: actor.ipAddress
			});
			return { reconnect };
		});
	} catch (err) {
		if (isDuplicateKey(err, 'routers_name_uq')) throw nameTaken(false, actor);
		throw err;
	}
}

/** Soft delete, refused while a live subscription is provisioned on the router. */
export async function deleteRouter(db: Db, id: string, actor: Actor): Promise<void> {
	await db.transaction(async (tx) => {
		const before = await liveRouter(tx, id, actor, true);
		const inUse = (await liveSubscriptionCounts(tx, [id])).get(id) ?? 0;
		if (inUse > 0) throw new FieldValidationError({ id: [actor.t('validation.routerInUse', { count: inUse })] });
		await tx.update(routers).set({ deletedAt: new Date(), watchUntil: null }).where(eq(routers.id, id));
		await tx.delete(routerSnapshots).where(eq(routerSnapshots.routerId, id));
		await audit(tx, { userId: actor.userId, action: 'router.delete', entity: 'router', entityId: id, before: auditFields(before), ipAddress: actor.ipAddress });
	});
}

// Test connection ---------------------------------------------------------------------------------

/**
 * Enqueues a 'probe' job and returns its id at once; the page polls probeStatus. One attempt only:
 * someone is waiting for the answer, and "it failed, here is why" beats minutes of retries.
 */
export async function enqueueProbe(db: Db, routerId: string, requestId: string, actor: Actor): Promise<{ jobId: number }> {
	const dedupeKey = `probe:${requestId}`;
	const queued = await db.transaction(async (tx) => {
		await liveRouter(tx, routerId, actor);
		await enqueueRouterJob(tx, { routerId, subscriptionId: null, action: 'probe', desiredState: null, dedupeKey });
		const [job] = await tx
			.select({ id: routerJobs.id, routerId: routerJobs.routerId, action: routerJobs.action, attempts: routerJobs.attempts })
			.from(routerJobs)
			.where(eq(routerJobs.dedupeKey, dedupeKey));
		// A request id reused for another router is not this router's job.
		if (!job || job.routerId !== routerId || job.action !== 'probe') throw notFound(actor);
		if (job.attempts === 0) {
			await tx
				.update(routerJobs)
				.set({ maxAttempts: 1, requestedBy: actor.userId })
				.where(and(eq(routerJobs.id, job.id), eq(routerJobs.attempts, 0)));
		}
		return { jobId: job.id };
	});
	nudgeRouterJobs();
	return queued;
}

export interface ProbeStatus {
	status: 'queued' | 'running' | 'done' | 'dead';
	attempts: number;
	lastError: string | null;
	resource: ResourceSnapshot | null;
	finishedAt: Date | null;
}

export async function probeStatus(db: Db, routerId: string, jobId: number, actor: Actor): Promise<ProbeStatus> {
	const [job] = await db
		.select({
			status: routerJobs.status,
			attempts: routerJobs.attempts,
			lastError: routerJobs.lastError,
			result: routerJobs.result,
			finishedAt: routerJobs.finishedAt
		})
		.from(routerJobs)
		.where(and(eq(routerJobs.id, jobId), eq(routerJobs.routerId, routerId), eq(routerJobs.action, 'probe')));
	if (!job) throw notFound(actor);
	const result = job.result as { resource?: ResourceSnapshot } | null;
	return {
		status: job.status,
		attempts: job.attempts,
		lastError: job.lastError,
		resource: job.status === 'done' ? (result?.resource ?? null) : null,
		finishedAt: job.finishedAt
	};
}

// Live traffic ------------------------------------------------------------------------------------

/**
 * The traffic chart's poll: asks the monitor to keep sampling `iface` for another
 * WATCH_EXTENSION_MS and returns the samples it has so far for that interface. When the page
 * closes the polls stop and the monitor stops sampling soon after.
 */
export async function watchTraffic(db: Db, routerId: string, iface: string, actor: Actor, now = new Date()): Promise<TrafficSnapshot & { takenAt: Date | null }> {
	const [result] = await db
		.update(routers)
		.set({ watchInterface: iface, watchUntil: new Date(now.getTime() + WATCH_EXTENSION_MS) })
		.where(and(eq(routers.id, routerId), isNull(routers.deletedAt)));
	if (result.affectedRows === 0) throw notFound(actor);
	const traffic = (await readSnapshots(db, routerId, ['traffic'])).get('traffic');
	const data = traffic?.data as TrafficSnapshot | undefined;
	if (!traffic || data?.interface !== iface) return { interface: iface, samples: [], takenAt: null };
	return { ...data, takenAt: traffic.takenAt };
}

