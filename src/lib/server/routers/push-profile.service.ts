/**
 * "Sync a package's profile to a router": the package's rate limit (and burst) written onto its
 * PPP or hotspot user profile there, as a `push-profile` router job. Nothing here talks to the
 * router; the job does, and reads the profile back before it is done.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index';
import { packages, routers } from '../db/schema';
import { audit } from '../audit';
import { enqueueRouterJobOnce } from '../router-jobs/enqueue';
import { conflict, invalidField, notFound } from '../errors';
import type { Actor } from '../trpc/actor';

export interface PushProfileRequest {
	routerId: string;
	packageId: string;
	/** A UUID naming the request: a resend queues one job (it fits the 128-character dedupe key). */
	requestId: string;
}

export async function pushPackageProfile(db: Db, input: PushProfileRequest, actor: Actor): Promise<{ jobId: number }> {
	return db.transaction(async (tx) => {
		const [router] = await tx.select({ id: routers.id }).from(routers).where(and(eq(routers.id, input.routerId), isNull(routers.deletedAt)));
		if (!router) throw notFound('validation.routerUnknown');
		const [pkg] = await tx
			.select({ id: packages.id, serviceType: packages.serviceType, routerProfile: packages.routerProfile })
			.from(packages)
			.where(and(eq(packages.id, input.packageId), isNull(packages.deletedAt)));
		if (!pkg) throw invalidField('packageId', 'validation.unknown');
		// A static-IP package has no profile on the router: the job could only fail.
		if (pkg.serviceType === 'static') throw conflict('validation.packageStatic');
		const { jobId, created } = await enqueueRouterJobOnce(tx, {
			routerId: router.id,
			subscriptionId: null,
			action: 'push-profile',
			desiredState: null,
			dedupeKey: `push-profile:${router.id}:${pkg.id}:${input.requestId}`,
			payload: { packageId: pkg.id }
		});
		// A resent request answers the job it queued; the decision is audited once.
		if (!created) return { jobId };
		await audit(tx, {
			userId: actor.userId,
			action: 'package.pushProfile',
			entity: 'package',
			entityId: pkg.id,
			after: { routerId: router.id, routerProfile: pkg.routerProfile, jobId },
			ipAddress: actor.ipAddress
		});
		return { jobId };
	});
}
