/**
 * What the office pages of a router's drift, import and isolir script ask for. Nothing here talks
 * to a router: work on the router is enqueued as a job and the pages follow the job.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/index';
import { areas, customers, packages, routerDrift, routerJobs, routers, subscriptions } from '../db/schema';
import { audit } from '../audit';
import { FieldValidationError } from '../trpc/trpc';
import type { Actor } from '../trpc/actor';
import { enqueueJob, jobView, latestJob, pendingJob } from './jobs';
import { fixActionOf } from './drift';
import { isolirScript } from './isolir-script';
import type { DriftKind, ImportStartInput } from '../../shared/schemas/router-sync';

export class RouterNotFoundError extends Error {
	constructor() {
		super('router not found');
		this.name = 'RouterNotFoundError';
	}
}

export async function liveRouter(db: Db, routerId: string) {
	const [router] = await db.select().from(routers).where(and(eq(routers.id, routerId), isNull(routers.deletedAt)));
	if (!router) throw new RouterNotFoundError();
	return router;
}

/** The router as these pages show it; never its password. */
function routerSummary(router: typeof routers.$inferSelect) {
	return {
		id: router.id,
		name: router.name,
		host: router.host,
		status: router.status,
		isolationMethod: router.isolationMethod,
		isolirProfile: router.isolirProfile,
		isolirAddressList: router.isolirAddressList,
		autoFixDrift: router.autoFixDrift
	};
}

/** Starts a job of this router, or joins the one of the same action already queued or running. */
async function startJob(db: Db, routerId: string, action: 'reconcile' | 'import-preview', actor: Actor): Promise<{ jobId: number; joined: boolean }> {
	await liveRouter(db, routerId);
	const pending = await pendingJob(db, routerId, action);
	if (pending) return { jobId: pending, joined: true };
	const jobId = await db.transaction(async (tx) => {
		const id = await enqueueJob(tx, { routerId, subscriptionId: null, action, desiredState: null, dedupeKey: `${action}:${routerId}:${randomUUID()}` }, actor.userId);
		await audit(tx, { userId: actor.userId, action: action === 'reconcile' ? 'router.reconcile' : 'router.importPreview', entity: 'router', entityId: routerId, after: { jobId: id }, ipAddress: actor.ipAddress });
		return id;
	});
	return { jobId, joined: false };
}

export const startReconcile = (db: Db, routerId: string, actor: Actor) => startJob(db, routerId, 'reconcile', actor);
export const startImportPreview = (db: Db, routerId: string, actor: Actor) => startJob(db, routerId, 'import-preview', actor);

export async function syncJob(db: Db, routerId: string, jobId: number) {
	const job = await jobView(db, routerId, jobId);
	if (!job) throw new RouterNotFoundError();
	return job;
}

export async function driftPage(db: Db, routerId: string) {
	const router = await liveRouter(db, routerId);
	const [rows, last, running] = await Promise.all([
		db
			.select({
				id: routerDrift.id,
				kind: routerDrift.kind,
				serviceUsername: routerDrift.serviceUsername,
				subscriptionId: routerDrift.subscriptionId,
				detail: routerDrift.detail,
				detectedAt: routerDrift.detectedAt,
				fixJobId: routerDrift.fixJobId,
				fixStatus: routerJobs.status,
				customerId: customers.id,
				customerCode: customers.code,
				customerName: customers.name
			})
			.from(routerDrift)
			.leftJoin(routerJobs, eq(routerJobs.id, routerDrift.fixJobId))
			.leftJoin(subscriptions, eq(subscriptions.id, routerDrift.subscriptionId))
			.leftJoin(customers, eq(customers.id, subscriptions.customerId))
			.where(eq(routerDrift.routerId, routerId))
			.orderBy(asc(routerDrift.kind), asc(routerDrift.serviceUsername)),
		latestJob(db, routerId, 'reconcile'),
		pendingJob(db, routerId, 'reconcile')
	]);
	return {
		router: routerSummary(router),
		lastReconcile: last
			? { id: last.id, status: last.status, finishedAt: last.finishedAt, createdAt: last.createdAt, result: last.result as Record<string, unknown> | null, lastError: last.lastError }
			: null,
		runningJobId: running,
		rows: rows.map((r) => ({ ...r, fixable: r.subscriptionId !== null && fixActionOf(r.kind as DriftKind) !== null }))
	};
}

export async function setAutoFix(db: Db, routerId: string, autoFixDrift: boolean, actor: Actor): Promise<void> {
	await db.transaction(async (tx) => {
		const [before] = await tx.select({ autoFixDrift: routers.autoFixDrift }).from(routers).where(and(eq(routers.id, routerId), isNull(routers.deletedAt))).for('update');
		if (!before) throw new RouterNotFoundError();
		await tx.update(routers).set({ autoFixDrift }).where(eq(routers.id, routerId));
		await audit(tx, { userId: actor.userId, action: 'router.autoFixDrift', entity: 'router', entityId: routerId, before, after: { autoFixDrift }, ipAddress: actor.ipAddress });
	});
}

export async function importPage(db: Db, routerId: string) {
	const router = await liveRouter(db, routerId);
	const [areaRows, packageRows, preview, importing, lastImport] = await Promise.all([
		db.select({ id: areas.id, name: areas.name, routerId: areas.routerId }).from(areas).where(isNull(areas.deletedAt)).orderBy(asc(areas.name)),
		db
			.select({ id: packages.id, name: packages.name, price: packages.price, serviceType: packages.serviceType, routerProfile: packages.routerProfile })
			.from(packages)
			.where(and(eq(packages.active, true), isNull(packages.deletedAt)))
			.orderBy(asc(packages.name)),
		latestJob(db, routerId, 'import-preview'),
		pendingJob(db, routerId, 'import'),
		latestJob(db, routerId, 'import')
	]);
	// The areas this router serves come first; the area of new customers is preset only when it is
	// the one such area. With several (or none) the office must choose: a guess would bill people
	// in the wrong area, as the alphabetically first area once did.
	const served = areaRows.filter((a) => a.routerId === routerId);
	return {
		router: routerSummary(router),
		areas: [...served, ...areaRows.filter((a) => a.routerId !== routerId)].map((a) => ({ id: a.id, name: a.name, servedHere: a.routerId === routerId })),
		defaultAreaId: served.length === 1 ? served[0].id : null,
		packages: packageRows,
		previewJobId: preview?.id ?? null,
		importJobId: importing ?? lastImport?.id ?? null
	};
}

/**
 * Queues the import of a finished preview. One import per preview (the dedupe key names it), so
 * a double click or a resent form starts it once; importing again needs a fresh preview.
 */
export async function startImport(db: Db, input: ImportStartInput, actor: Actor): Promise<{ jobId: number }> {
	await liveRouter(db, input.routerId);
	const preview = await jobView(db, input.routerId, input.previewJobId);
	if (!preview || preview.action !== 'import-preview' || preview.status !== 'done') {
		throw new FieldValidationError({ previewJobId: [actor.t('sync.previewNotReady')] });
	}
	const [area] = await db.select({ id: areas.id }).from(areas).where(and(eq(areas.id, input.areaId), isNull(areas.deletedAt)));
	if (!area) throw new FieldValidationError({ areaId: [actor.t('validation.unknown')] });
	const chosen = input.mapping.filter((m) => m.packageId !== null);
	if (chosen.length === 0) throw new FieldValidationError({ mapping: [actor.t('sync.noPackageChosen')] });
	const ids = [...new Set(chosen.map((m) => m.packageId!))];
	const found = await db
		.select({ id: packages.id, serviceType: packages.serviceType })
		.from(packages)
		.where(and(inArray(packages.id, ids), eq(packages.active, true), isNull(packages.deletedAt)));
	const serviceOf = new Map(found.map((p) => [p.id, p.serviceType]));
	const wrong = chosen.find((m) => serviceOf.get(m.packageId!) !== m.service);
	if (wrong) throw new FieldValidationError({ [`mapping.${wrong.service}:${wrong.profile}`]: [actor.t('sync.packageWrongService', { profile: wrong.profile })] });

	const { routerId, previewJobId, ...payload } = input;
	const jobId = await db.transaction(async (tx) => {
		const id = await enqueueJob(
			tx,
			{ routerId, subscriptionId: null, action: 'import', desiredState: null, dedupeKey: `import:${routerId}:${previewJobId}`, payload: { ...payload, previewJobId } },
			actor.userId
		);
		await audit(tx, { userId: actor.userId, action: 'router.import', entity: 'router', entityId: routerId, after: { jobId: id, previewJobId, ...payload }, ipAddress: actor.ipAddress });
		return id;
	});
	return { jobId };
}

export async function isolirScriptOf(db: Db, routerId: string, baseUrl: string, hotspot?: boolean) {
	const router = await liveRouter(db, routerId);
	// Hotspot parts by default only where the router carries hotspot customers.
	const withHotspot =
		hotspot ??
		(
			await db
				.select({ id: subscriptions.id })
				.from(subscriptions)
				.innerJoin(packages, eq(packages.id, subscriptions.packageId))
				.where(and(eq(subscriptions.routerId, routerId), eq(packages.serviceType, 'hotspot'), isNull(subscriptions.deletedAt)))
				.limit(1)
		).length > 0;
	return {
		router: routerSummary(router),
		hotspot: withHotspot,
		baseUrl,
		script: isolirScript({
			routerName: router.name,
			method: router.isolationMethod,
			isolirProfile: router.isolirProfile,
			isolirAddressList: router.isolirAddressList,
			baseUrl,
			hotspot: withHotspot
		})
	};
}
