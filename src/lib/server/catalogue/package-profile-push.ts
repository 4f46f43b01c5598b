/**
 * A package edit that changes what its router profile carries (rate limit, burst, priority) or
 * which profile it is (name, service type) reaches the routers by itself: in the edit's own
 * transaction, one `push-profile` job per router serving a live subscription of the package, so
 * "Paket 10 Mbps" made 20M is 20M on every router without anyone pressing a button.
 * A renamed profile also needs each account moved onto it, so a rename queues a `provision` of
 * every live subscription on a router too (convergence sets the account's profile and kicks a
 * session that connected under the old one).
 *
 * The dedupe keys carry the edit's sync version: a retried edit that changes nothing router-side
 * queues nothing (it is not router-relevant), and jobs of one edit are queued once.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/index';
import { nudgeRouterJobs } from '../router-jobs/nudge';
import type { ServiceType } from '../../shared/domain';

export interface PackageRouterFields {
	serviceType: ServiceType;
	routerProfile: string;
	rateLimit: string;
	burst: string | null;
	priority: number;
}

/** The fields the router's profile holds; price, name and "on sale" never touch a router. */
export function routerRelevantChange(before: PackageRouterFields, after: PackageRouterFields): { profile: boolean; rename: boolean } {
	const rename = before.routerProfile !== after.routerProfile || before.serviceType !== after.serviceType;
	const profile = rename || before.rateLimit !== after.rateLimit || (before.burst ?? null) !== (after.burst ?? null) || before.priority !== after.priority;
	return { profile, rename };
}

/**
 * Queues the jobs an edit needs (set-based: one INSERT … SELECT per kind, however many
 * subscriptions) and returns how many routers get the profile. Runs inside the edit's transaction.
 */
export async function queuePackageProfilePush(
	tx: Tx,
	packageId: string,
	before: PackageRouterFields,
	after: PackageRouterFields,
	version: number,
	requestedBy: string | null
): Promise<{ routers: number; provisions: number }> {
	const change = routerRelevantChange(before, after);
	if (!change.profile) return { routers: 0, provisions: 0 };
	let routersQueued = 0;
	let provisions = 0;
	// A static-IP package has no profile on the router: there is nothing to push.
	if (after.serviceType !== 'static') {
		const [res] = (await tx.execute(sql`
			INSERT INTO router_jobs (router_id, subscription_id, action, desired_state, payload, dedupe_key, requested_by)
			SELECT r.id, NULL, 'push-profile', NULL, JSON_OBJECT('packageId', ${packageId}, 'reason', 'package-edit'),
				CONCAT('push-profile:', r.id, ':', ${packageId}, ':edit-v', ${version}), ${requestedBy}
			FROM routers r
			WHERE r.deleted_at IS NULL
				AND EXISTS (SELECT 1 FROM subscriptions s
					WHERE s.router_id = r.id AND s.package_id = ${packageId}
						AND s.status <> 'terminated' AND s.deleted_at IS NULL)
			ON DUPLICATE KEY UPDATE router_jobs.id = router_jobs.id`)) as unknown as [{ affectedRows: number }];
		routersQueued = res.affectedRows;
	}
	if (change.rename) {
		const [res] = (await tx.execute(sql`
			INSERT INTO router_jobs (router_id, subscription_id, action, desired_state, payload, dedupe_key, requested_by)
			SELECT s.router_id, s.id, 'provision', s.desired_router_state, JSON_OBJECT('reason', 'package-edit'),
				CONCAT('provision:', s.id, ':package-edit-v', ${version}), ${requestedBy}
			FROM subscriptions s JOIN routers r ON r.id = s.router_id AND r.deleted_at IS NULL
			WHERE s.package_id = ${packageId} AND s.status <> 'terminated' AND s.deleted_at IS NULL
			ON DUPLICATE KEY UPDATE router_jobs.id = router_jobs.id`)) as unknown as [{ affectedRows: number }];
		provisions = res.affectedRows;
	}
	if (routersQueued + provisions > 0) nudgeRouterJobs();
	return { routers: routersQueued, provisions };
}
