/**
 * Subscription actions the office takes: create, change package, isolate or restore by hand,
 * terminate. Each sets the desired router state and queues the router job in the same
 * transaction; the MikroTik worker carries the job out and confirms it.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gte, isNull, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Tx } from '../db/index';
import { billingAdjustments, customers, invoices, packages, routers, subscriptions } from '../db/schema';
import { nextVersion } from '../db/version';
import { encryptSecret } from '../crypto/secret-box';
import { audit } from '../audit';
import { enqueueRouterJob, enqueueRouterJobId, enqueueRouterJobOnce } from '../router-jobs/enqueue';
import { FieldValidationError } from '../trpc/trpc';
import { addDays, daysBetween } from '../../shared/dates';
import type { assignRouterInput, changePackageInput, isolateInput, kickInput, provisionInput, restoreInput, setStaticIpInput, subscriptionCreateInput, terminateInput } from '../../shared/schemas/billing';
import { conflict, invalidField, notFound } from '../errors';
import { todayOf, type LedgerContext } from './payments';
import { billingDayFor, periodFrom, prorate } from './periods';
import { runBilling } from './billing-run';
import { isDuplicateKey } from '../db/errors';
import { emitWebhookEvents } from '../webhooks/emit';
import { subscriptionIsolated, subscriptionRestored } from '../webhooks/events';

export interface SubscriptionContext extends LedgerContext {
	secretsKey: string;
}


async function lockSubscription(tx: Tx, id: string, ctx: SubscriptionContext) {
	const [row] = await tx.select().from(subscriptions).where(and(eq(subscriptions.id, id), isNull(subscriptions.deletedAt))).for('update');
	if (!row) throw new FieldValidationError({ subscriptionId: [ctx.t('validation.unknown')] });
	return row;
}

export async function createSubscription(
	db: Db,
	input: z.output<typeof subscriptionCreateInput>,
	ctx: SubscriptionContext
): Promise<{ id: string; duplicate: boolean }> {
	const today = todayOf(ctx);
	const id = input.id ?? randomUUID();
	const [existing] = await db.select({ customerId: subscriptions.customerId }).from(subscriptions).where(eq(subscriptions.id, id));
	if (existing) {
		if (existing.customerId !== input.customerId) throw new FieldValidationError({ id: [ctx.t('validation.taken')] });
		return { id, duplicate: true };
	}
	if (input.paidThrough) {
		if (input.paidThrough < addDays(input.startDate, -1) || input.paidThrough > addDays(today, 366)) {
			throw new FieldValidationError({ paidThrough: [ctx.t('validation.paidThroughRange')] });
		}
	} else if (input.startDate < addDays(today, -31) || input.startDate > addDays(today, 90)) {
		throw new FieldValidationError({ startDate: [ctx.t('validation.startDateRange')] });
	}

	try {
		await db.transaction(async (tx) => {
			const version = await nextVersion(tx);
			const [customer] = await tx.select().from(customers).where(and(eq(customers.id, input.customerId), isNull(customers.deletedAt)));
			if (!customer) throw new FieldValidationError({ customerId: [ctx.t('validation.unknown')] });
			if (customer.status !== 'active') throw new FieldValidationError({ customerId: [ctx.t('validation.customerInactive')] });
			const [pkg] = await tx.select().from(packages).where(and(eq(packages.id, input.packageId), isNull(packages.deletedAt)));
			if (!pkg) throw new FieldValidationError({ packageId: [ctx.t('validation.unknown')] });
			if (!pkg.active) throw new FieldValidationError({ packageId: [ctx.t('validation.packageInactive')] });
			if (input.routerId) {
				const [router] = await tx.select({ id: routers.id }).from(routers).where(and(eq(routers.id, input.routerId), isNull(routers.deletedAt)));
				if (!router) throw new FieldValidationError({ routerId: [ctx.t('validation.routerUnknown')] });
			}
			if (pkg.serviceType === 'static' && !input.staticIp) throw new FieldValidationError({ staticIp: [ctx.t('validation.staticIpRequired')] });
			if (pkg.serviceType !== 'static' && (!input.serviceUsername || !input.servicePassword)) {
				throw new FieldValidationError({ serviceUsername: [ctx.t('validation.serviceCredentials')] });
			}
			await tx.insert(subscriptions).values({
				id,
				customerId: input.customerId,
				packageId: input.packageId,
				routerId: input.routerId ?? null,
				serviceUsername: input.serviceUsername ?? null,
				liveServiceUsername: input.serviceUsername ?? null,
				servicePasswordEnc: input.servicePassword ? encryptSecret(input.servicePassword, ctx.secretsKey) : null,
				staticIp: input.staticIp ?? null,
				billingDay: input.billingDay ?? billingDayFor(input.startDate),
				startDate: input.startDate,
				paidThrough: input.paidThrough ?? null,
				autoRenew: input.autoRenew,
				status: 'active',
				desiredRouterState: 'active',
				version
			});
			if (input.routerId) {
				await enqueueRouterJob(tx, {
					routerId: input.routerId,
					subscriptionId: id,
					action: 'provision',
					desiredState: 'active',
					dedupeKey: `provision:${id}:create`
				});
			}
			await audit(tx, {
				userId: ctx.actorUserId,
				action: 'subscription.create',
				entity: 'subscription',
				entityId: id,
				after: { ...input, servicePassword: undefined, id },
				ipAddress: ctx.ipAddress
			});
		});
	} catch (err) {
		if (isDuplicateKey(err, 'PRIMARY')) return { id, duplicate: true };
		if (isDuplicateKey(err, 'subscriptions_router_username_uq')) throw new FieldValidationError({ serviceUsername: [ctx.t('validation.taken')] });
		throw err;
	}
	// The first invoice now rather than at tonight's run; if this fails the nightly run issues it.
	await runBilling(db, { today, rules: ctx.rules, subscriptionIds: [id], now: ctx.now });
	return { id, duplicate: false };
}

/**
 * The price difference for the rest of the current period, and for periods already invoiced
 * ahead, becomes an adjustment on the next invoice (prorated by day, rounded half up).
 */
async function packageChangeAdjustment(
	tx: Tx,
	sub: typeof subscriptions.$inferSelect,
	oldPrice: number,
	newPrice: number,
	effective: string
): Promise<{ amount: number; detail: string[] }> {
	const issued = await tx
		.select({ periodStart: invoices.periodStart, periodEnd: invoices.periodEnd, number: invoices.number })
		.from(invoices)
		.where(and(eq(invoices.subscriptionId, sub.id), ne(invoices.status, 'void'), gte(invoices.periodEnd, effective)))
		.orderBy(invoices.periodStart);
	let amount = 0;
	const detail: string[] = [];
	for (const inv of issued) {
		const from = inv.periodStart > effective ? inv.periodStart : effective;
		const days = daysBetween(from, inv.periodEnd) + 1;
		const fullDays = periodFrom(inv.periodStart, sub.billingDay).fullDays;
		const diff = prorate(newPrice, days, fullDays) - prorate(oldPrice, days, fullDays);
		amount += diff;
		detail.push(`${inv.number}: ${days}/${fullDays} hari`);
	}
	return { amount, detail };
}

export async function changePackage(db: Db, input: z.output<typeof changePackageInput>, ctx: SubscriptionContext): Promise<{ adjustment: number }> {
	const effective = input.effectiveDate ?? todayOf(ctx);
	return db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const sub = await lockSubscription(tx, input.subscriptionId, ctx);
		if (sub.status === 'terminated') throw new FieldValidationError({ subscriptionId: [ctx.t('validation.terminated')] });
		if (sub.packageId === input.packageId) throw new FieldValidationError({ packageId: [ctx.t('validation.samePackage')] });
		const [[oldPkg], [newPkg]] = await Promise.all([
			tx.select().from(packages).where(eq(packages.id, sub.packageId)),
			tx.select().from(packages).where(and(eq(packages.id, input.packageId), isNull(packages.deletedAt)))
		]);
		if (!newPkg) throw new FieldValidationError({ packageId: [ctx.t('validation.unknown')] });
		if (!newPkg.active) throw new FieldValidationError({ packageId: [ctx.t('validation.packageInactive')] });
		if (effective < addDays(todayOf(ctx), -31) || effective > addDays(todayOf(ctx), 31)) {
			throw new FieldValidationError({ effectiveDate: [ctx.t('validation.date')] });
		}

		// A complimentary subscription is never invoiced, so a package change owes nothing either way.
		const adjustment = sub.complimentary ? { amount: 0, detail: [] } : await packageChangeAdjustment(tx, sub, oldPkg.price, newPkg.price, effective);
		if (adjustment.amount !== 0) {
			await tx.insert(billingAdjustments).values({
				id: randomUUID(),
				subscriptionId: sub.id,
				amount: adjustment.amount,
				description: `Ganti paket ${oldPkg.name} → ${newPkg.name} mulai ${effective} (${adjustment.detail.join('; ')})`,
				sourceKey: `package-change:${sub.id}:${version}`,
				createdBy: ctx.actorUserId
			});
		}
		await tx.update(subscriptions).set({ packageId: newPkg.id, version }).where(eq(subscriptions.id, sub.id));
		if (sub.routerId) {
			await enqueueRouterJob(tx, {
				routerId: sub.routerId,
				subscriptionId: sub.id,
				action: 'provision',
				desiredState: sub.desiredRouterState,
				dedupeKey: `provision:${sub.id}:${version}`,
				payload: { reason: 'package-change', packageId: newPkg.id }
			});
		}
		await audit(tx, {
			userId: ctx.actorUserId,
			action: 'subscription.changePackage',
			entity: 'subscription',
			entityId: sub.id,
			before: { packageId: oldPkg.id, packageName: oldPkg.name, price: oldPkg.price },
			after: { packageId: newPkg.id, packageName: newPkg.name, price: newPkg.price, effective, adjustment: adjustment.amount },
			ipAddress: ctx.ipAddress
		});
		return { adjustment: adjustment.amount };
	});
}

/**
 * Gives, changes or takes away a subscription's static IP. The router job that follows carries the
 * address taken away, so the router's `remote-address` (and an isolir address-list entry) of
 * that address is cleared — Lunas removes on the router what it removes here, and only that.
 */
export async function setStaticIp(db: Db, input: z.output<typeof setStaticIpInput>, ctx: SubscriptionContext): Promise<{ changed: boolean }> {
	return db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const [sub] = await tx.select().from(subscriptions).where(and(eq(subscriptions.id, input.subscriptionId), isNull(subscriptions.deletedAt))).for('update');
		if (!sub) throw notFound('validation.unknown');
		if (sub.status === 'terminated') throw conflict('validation.terminated');
		if (sub.staticIp === input.staticIp) return { changed: false };
		const [pkg] = await tx.select({ serviceType: packages.serviceType }).from(packages).where(eq(packages.id, sub.packageId));
		if (pkg?.serviceType === 'static' && !input.staticIp) throw invalidField('staticIp', 'validation.staticIpRequired');
		await tx.update(subscriptions).set({ staticIp: input.staticIp, version }).where(eq(subscriptions.id, sub.id));
		if (sub.routerId) {
			await enqueueRouterJob(tx, {
				routerId: sub.routerId,
				subscriptionId: sub.id,
				action: 'provision',
				desiredState: sub.desiredRouterState,
				dedupeKey: `static-ip:${sub.id}:${version}`,
				payload: { reason: 'static-ip', formerStaticIp: sub.staticIp }
			});
		}
		await audit(tx, {
			userId: ctx.actorUserId,
			action: 'subscription.setStaticIp',
			entity: 'subscription',
			entityId: sub.id,
			before: { staticIp: sub.staticIp },
			after: { staticIp: input.staticIp },
			ipAddress: ctx.ipAddress
		});
		return { changed: true };
	});
}

/** Returns the router job that carries it out (null: no router serves the subscription yet). */
export async function isolateByHand(db: Db, input: z.output<typeof isolateInput>, ctx: SubscriptionContext): Promise<{ jobId: number | null }> {
	return db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const sub = await lockSubscription(tx, input.subscriptionId, ctx);
		if (sub.status === 'terminated') throw new FieldValidationError({ subscriptionId: [ctx.t('validation.terminated')] });
		if (sub.status === 'isolated') throw new FieldValidationError({ subscriptionId: [ctx.t('validation.alreadyIsolated')] });
		await tx
			.update(subscriptions)
			.set({ status: 'isolated', desiredRouterState: 'isolated', isolationReason: 'manual', isolatedAt: ctx.now ?? new Date(), version })
			.where(eq(subscriptions.id, sub.id));
		const jobId = sub.routerId
			? await enqueueRouterJobId(tx, { routerId: sub.routerId, subscriptionId: sub.id, action: 'isolate', desiredState: 'isolated', dedupeKey: `isolate:${sub.id}:manual:${version}` })
			: null;
		await audit(tx, {
			userId: ctx.actorUserId,
			action: 'subscription.isolate',
			entity: 'subscription',
			entityId: sub.id,
			before: { status: sub.status },
			after: { status: 'isolated', reason: input.reason },
			ipAddress: ctx.ipAddress
		});
		await emitWebhookEvents(tx, [subscriptionIsolated({ subscriptionId: sub.id, customerId: sub.customerId, reason: 'manual', version })]);
		return { jobId };
	});
}

/** Returns the router job that carries it out (null: no router serves the subscription yet). */
export async function restoreByHand(db: Db, input: z.output<typeof restoreInput>, ctx: SubscriptionContext): Promise<{ jobId: number | null }> {
	const today = todayOf(ctx);
	if (input.holdUntil && (input.holdUntil < today || input.holdUntil > addDays(today, 31))) {
		throw new FieldValidationError({ holdUntil: [ctx.t('validation.holdRange')] });
	}
	return db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const sub = await lockSubscription(tx, input.subscriptionId, ctx);
		if (sub.status !== 'isolated') throw new FieldValidationError({ subscriptionId: [ctx.t('validation.notIsolated')] });
		await tx
			.update(subscriptions)
			.set({
				status: 'active',
				desiredRouterState: 'active',
				isolationReason: null,
				isolatedAt: null,
				isolationHoldUntil: input.holdUntil ?? null,
				version
			})
			.where(eq(subscriptions.id, sub.id));
		const jobId = sub.routerId
			? await enqueueRouterJobId(tx, { routerId: sub.routerId, subscriptionId: sub.id, action: 'restore', desiredState: 'active', dedupeKey: `restore:${sub.id}:manual:${version}` })
			: null;
		await audit(tx, {
			userId: ctx.actorUserId,
			action: 'subscription.restore',
			entity: 'subscription',
			entityId: sub.id,
			before: { status: sub.status, isolationReason: sub.isolationReason },
			after: { status: 'active', reason: input.reason, holdUntil: input.holdUntil ?? null },
			ipAddress: ctx.ipAddress
		});
		await emitWebhookEvents(tx, [subscriptionRestored({ subscriptionId: sub.id, customerId: sub.customerId, reason: 'manual', version })]);
		return { jobId };
	});
}

/** Ends the service: the router account is removed and no further invoices are issued. */
export async function terminate(db: Db, input: z.output<typeof terminateInput>, ctx: SubscriptionContext): Promise<void> {
	await db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const sub = await lockSubscription(tx, input.subscriptionId, ctx);
		if (sub.status === 'terminated') throw new FieldValidationError({ subscriptionId: [ctx.t('validation.terminated')] });
		await tx
			.update(subscriptions)
			.set({
				status: 'terminated',
				desiredRouterState: 'absent',
				liveServiceUsername: null,
				autoRenew: false,
				terminatedAt: ctx.now ?? new Date(),
				version
			})
			.where(eq(subscriptions.id, sub.id));
		if (sub.routerId) {
			await enqueueRouterJob(tx, { routerId: sub.routerId, subscriptionId: sub.id, action: 'remove', desiredState: 'absent', dedupeKey: `remove:${sub.id}` });
		}
		await audit(tx, {
			userId: ctx.actorUserId,
			action: 'subscription.terminate',
			entity: 'subscription',
			entityId: sub.id,
			before: { status: sub.status },
			after: { status: 'terminated', reason: input.reason },
			ipAddress: ctx.ipAddress
		});
	});
}

/**
 * Puts a subscription that has none on a router (a field installation in an area no router
 * serves) and queues its provisioning in the same transaction. Moving a subscription between
 * routers is not offered here: the account on the old router would have to go first.
 */
export async function assignRouter(db: Db, input: z.output<typeof assignRouterInput>, ctx: SubscriptionContext): Promise<{ duplicate: boolean }> {
	try {
		return await db.transaction(async (tx) => {
			const version = await nextVersion(tx);
			const sub = await lockSubscription(tx, input.subscriptionId, ctx);
			// A resent assign (double click, lost answer) finds its own work done.
			if (sub.routerId === input.routerId) return { duplicate: true };
			await putOnRouter(tx, sub, input.routerId, version, ctx);
			return { duplicate: false };
		});
	} catch (err) {
		if (isDuplicateKey(err, 'subscriptions_router_username_uq')) throw new FieldValidationError({ routerId: [ctx.t('validation.usernameOnRouter')] });
		throw err;
	}
}

/** assignRouter's work inside the caller's transaction, the subscription row locked; the provisioning job's id. */
async function putOnRouter(tx: Tx, sub: typeof subscriptions.$inferSelect, routerId: string, version: number, ctx: SubscriptionContext): Promise<number> {
	if (sub.routerId) throw new FieldValidationError({ routerId: [ctx.t('validation.routerAlreadySet')] });
	if (sub.status === 'terminated') throw new FieldValidationError({ subscriptionId: [ctx.t('validation.terminated')] });
	const [router] = await tx
		.select({ id: routers.id, name: routers.name })
		.from(routers)
		.where(and(eq(routers.id, routerId), isNull(routers.deletedAt)));
	if (!router) throw new FieldValidationError({ routerId: [ctx.t('validation.routerUnknown')] });
	await tx
		.update(subscriptions)
		.set({ routerId: router.id, liveServiceUsername: sub.serviceUsername, version })
		.where(eq(subscriptions.id, sub.id));
	const jobId = await enqueueRouterJobId(tx, {
		routerId: router.id,
		subscriptionId: sub.id,
		action: 'provision',
		desiredState: sub.desiredRouterState,
		dedupeKey: `provision:${sub.id}:assign:${router.id}`
	});
	await audit(tx, {
		userId: ctx.actorUserId,
		action: 'subscription.assignRouter',
		entity: 'subscription',
		entityId: sub.id,
		before: { routerId: null },
		after: { routerId: router.id, routerName: router.name },
		ipAddress: ctx.ipAddress
	});
	return jobId;
}

/**
 * Converges a subscription's account on its router to what Lunas wants (after the router was
 * reset, or an integration suspects it differs): one provision job, the router untouched here.
 * A subscription with no router yet is put on `routerId` as assignRouter does. The request id
 * makes a resend queue one job; the job is returned to be followed.
 */
export async function provisionSubscription(db: Db, input: z.output<typeof provisionInput>, ctx: SubscriptionContext): Promise<{ jobId: number }> {
	try {
		return await db.transaction(async (tx) => {
			const version = await nextVersion(tx);
			const sub = await lockSubscription(tx, input.subscriptionId, ctx);
			if (sub.status === 'terminated') throw conflict('validation.terminated');
			if (!sub.routerId) {
				if (!input.routerId) throw invalidField('routerId', 'validation.routerChoose');
				return { jobId: await putOnRouter(tx, sub, input.routerId, version, ctx) };
			}
			if (input.routerId && input.routerId !== sub.routerId) throw invalidField('routerId', 'validation.routerAlreadySet');
			const { jobId, created } = await enqueueRouterJobOnce(tx, {
				routerId: sub.routerId,
				subscriptionId: sub.id,
				action: 'provision',
				desiredState: sub.desiredRouterState,
				dedupeKey: `provision:${sub.id}:request:${input.requestId}`,
				payload: { reason: 'request' }
			});
			// A resent request answers the job it queued; the decision is audited once.
			if (!created) return { jobId };
			await audit(tx, {
				userId: ctx.actorUserId,
				action: 'subscription.provision',
				entity: 'subscription',
				entityId: sub.id,
				after: { routerId: sub.routerId, desiredState: sub.desiredRouterState, jobId },
				ipAddress: ctx.ipAddress
			});
			return { jobId };
		});
	} catch (err) {
		if (isDuplicateKey(err, 'subscriptions_router_username_uq')) throw new FieldValidationError({ routerId: [ctx.t('validation.usernameOnRouter')] });
		throw err;
	}
}

/**
 * Ends a subscription's live session on its router (the customer's device dials in again and
 * picks up its profile). Only an account with a session can be kicked: a PPPoE or hotspot
 * subscription on a router.
 */
export async function kickSubscription(db: Db, input: z.output<typeof kickInput>, ctx: SubscriptionContext): Promise<{ jobId: number }> {
	return db.transaction(async (tx) => {
		const sub = await lockSubscription(tx, input.subscriptionId, ctx);
		if (sub.status === 'terminated') throw conflict('validation.terminated');
		if (!sub.routerId) throw conflict('validation.noRouter');
		const [pkg] = await tx.select({ serviceType: packages.serviceType }).from(packages).where(eq(packages.id, sub.packageId));
		if (pkg?.serviceType === 'static' || !sub.serviceUsername) throw conflict('validation.noSession');
		const { jobId, created } = await enqueueRouterJobOnce(tx, {
			routerId: sub.routerId,
			subscriptionId: sub.id,
			action: 'kick',
			desiredState: null,
			dedupeKey: `kick:${sub.id}:${input.requestId}`
		});
		// A resent request answers the job it queued; the decision is audited once.
		if (!created) return { jobId };
		await audit(tx, {
			userId: ctx.actorUserId,
			action: 'subscription.kick',
			entity: 'subscription',
			entityId: sub.id,
			after: { routerId: sub.routerId, serviceUsername: sub.serviceUsername, jobId },
			ipAddress: ctx.ipAddress
		});
		return { jobId };
	});
}
