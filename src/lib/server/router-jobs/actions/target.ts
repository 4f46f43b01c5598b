/** What a subscription should look like on one router, read from the database at job time. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/index';
import { customers, packages, subscriptions } from '../../db/schema';
import { decryptSecret } from '../../crypto/secret-box';
import type { RouterState } from '../../../shared/domain';
import { PermanentJobError, type RouterJobContext } from '../job-context';

export type PackageRow = typeof packages.$inferSelect;

export interface SubscriptionTarget {
	subscriptionId: string;
	/** Whether the subscription still belongs to this job's router (it may have moved). */
	onThisRouter: boolean;
	/**
	 * The state to converge to: the subscription's CURRENT desired state, not the one the job was
	 * enqueued with; "absent" when it was deleted or moved to another router.
	 */
	desired: RouterState;
	confirmed: RouterState | 'unknown';
	username: string | null;
	/** Null when none is stored (e.g. imported accounts): the router's password is left as it is. */
	password: string | null;
	staticIp: string | null;
	/** Identifies the customer on the router: code and name (UTF-8). */
	comment: string;
	pkg: PackageRow;
}

export async function loadTarget(db: Db, ctx: Pick<RouterJobContext, 'job' | 'router' | 'secretsKey'>): Promise<SubscriptionTarget> {
	const subscriptionId = ctx.job.subscriptionId;
	if (!subscriptionId) throw new PermanentJobError(`a ${ctx.job.action} job needs a subscription`);
	const [row] = await db
		.select({ sub: subscriptions, pkg: packages, code: customers.code, name: customers.name })
		.from(subscriptions)
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.innerJoin(customers, eq(customers.id, subscriptions.customerId))
		.where(eq(subscriptions.id, subscriptionId));
	if (!row) throw new PermanentJobError(`subscription ${subscriptionId} does not exist`);
	const { sub, pkg } = row;
	const onThisRouter = sub.routerId === ctx.router.id && !sub.deletedAt;
	let password: string | null = null;
	if (sub.servicePasswordEnc) {
		try {
			password = decryptSecret(sub.servicePasswordEnc, ctx.secretsKey);
		} catch {
			throw new PermanentJobError('the stored service password cannot be decrypted (was SECRETS_KEY changed?)');
		}
	}
	return {
		subscriptionId,
		onThisRouter,
		desired: onThisRouter ? sub.desiredRouterState : 'absent',
		confirmed: sub.confirmedRouterState,
		username: sub.serviceUsername,
		password,
		staticIp: sub.staticIp,
		comment: `${row.code} ${row.name}`,
		pkg
	};
}
