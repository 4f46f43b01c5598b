/**
 * What a signed-in customer may change: the service password (applied by a router job and
 * confirmed by its read-back), a problem report, and whether reminders are sent. Every write is
 * scoped by the session's customer id; an id from the form that is not theirs changes nothing.
 */
import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { customers, packages, routerJobs, subscriptions, tickets } from '../db/schema';
import { encryptSecret } from '../crypto/secret-box';
import { nextVersion } from '../db/version';
import { enqueueRouterJob } from '../router-jobs/enqueue';
import { audit } from '../audit';
import { DomainError, invalidField } from '../errors';
import type { reportInput, servicePasswordInput } from './inputs';

const passwordJobKey = (requestId: string) => `portal-password:${requestId}`;

/**
 * Seals the new password on the subscription and queues the router job that sets it, in one
 * transaction. The job converges the account to what is stored and reads it back (router-jobs/
 * actions/converge.ts); a retried form (same requestId) queues nothing more.
 */
export async function changeServicePassword(db: Db, customerId: string, input: z.output<typeof servicePasswordInput>, secretsKey: string, ipAddress: string | null): Promise<void> {
	if (input.password !== input.confirm) throw invalidField('confirm', 'portal.passwordMismatch');
	await db.transaction(async (tx) => {
		const [done] = await tx.select({ id: routerJobs.id }).from(routerJobs).where(eq(routerJobs.dedupeKey, passwordJobKey(input.requestId)));
		if (done) return;
		const [sub] = await tx
			.select({ id: subscriptions.id, routerId: subscriptions.routerId, username: subscriptions.serviceUsername, desired: subscriptions.desiredRouterState, serviceType: packages.serviceType })
			.from(subscriptions)
			.innerJoin(packages, eq(packages.id, subscriptions.packageId))
			.where(and(eq(subscriptions.id, input.subscriptionId), eq(subscriptions.customerId, customerId), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt)))
			.for('update');
		if (!sub || !sub.routerId || !sub.username || sub.serviceType === 'static') throw invalidField('subscriptionId', 'portal.pickService');
		if (input.password === sub.username) throw invalidField('password', 'portal.passwordIsUsername');
		const version = await nextVersion(tx);
		await tx.update(subscriptions).set({ servicePasswordEnc: encryptSecret(input.password, secretsKey), version }).where(eq(subscriptions.id, sub.id));
		await enqueueRouterJob(tx, {
			routerId: sub.routerId,
			subscriptionId: sub.id,
			action: 'provision',
			desiredState: sub.desired,
			dedupeKey: passwordJobKey(input.requestId),
			payload: { reason: 'portal-password' }
		});
		await audit(tx, { userId: null, action: 'subscription.portalPassword', entity: 'subscription', entityId: sub.id, after: { by: 'customer' }, ipAddress });
	});
}

export type PasswordProgress = 'queued' | 'applying' | 'done' | 'failed';

/** How far the router job of one password change is; null when it is not this customer's. */
export async function passwordProgress(db: Db, customerId: string, requestId: string): Promise<PasswordProgress | null> {
	const [job] = await db
		.select({ status: routerJobs.status, attempts: routerJobs.attempts })
		.from(routerJobs)
		.innerJoin(subscriptions, eq(subscriptions.id, routerJobs.subscriptionId))
		.where(and(eq(routerJobs.dedupeKey, passwordJobKey(requestId)), eq(subscriptions.customerId, customerId)));
	if (!job) return null;
	switch (job.status) {
		case 'done':
			return 'done';
		case 'queued':
			return job.attempts > 0 ? 'applying' : 'queued';
		case 'running':
			return 'applying';
		default:
			return 'failed';
	}
}

/** Stores a report; the same form posted twice (same id) stores one. */
export async function reportProblem(db: Db, customerId: string, input: z.output<typeof reportInput>): Promise<void> {
	if (input.subscriptionId) {
		const [own] = await db
			.select({ id: subscriptions.id })
			.from(subscriptions)
			.where(and(eq(subscriptions.id, input.subscriptionId), eq(subscriptions.customerId, customerId)));
		if (!own) throw invalidField('subscriptionId', 'portal.pickService');
	}
	const [existing] = await db.select({ customerId: tickets.customerId }).from(tickets).where(eq(tickets.id, input.id));
	if (existing) {
		// Another customer's id (guessed or replayed) is refused, not silently "done".
		if (existing.customerId !== customerId) throw new DomainError('invalid', { key: 'portal.formExpired' });
		return;
	}
	await db
		.insert(tickets)
		.values({ id: input.id, customerId, subscriptionId: input.subscriptionId, category: input.category, description: input.description })
		.onDuplicateKeyUpdate({ set: { id: input.id } });
}

export async function customerTickets(db: Db, customerId: string) {
	return db
		.select({ id: tickets.id, category: tickets.category, description: tickets.description, status: tickets.status, createdAt: tickets.createdAt })
		.from(tickets)
		.where(eq(tickets.customerId, customerId))
		.orderBy(desc(tickets.createdAt))
		.limit(20);
}

export async function setReminderOptOut(db: Db, customerId: string, optOut: boolean): Promise<void> {
	await db.update(customers).set({ whatsappOptOut: optOut }).where(eq(customers.id, customerId));
}
