/**
 * A visit that collected nothing. A promise to pay on a date holds arrears isolation of the
 * customer's live subscriptions until that day (the overdue run respects isolation_hold_until);
 * the visit row and the audit trail say who took the promise and when.
 */
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { z } from 'zod';
import { customers, subscriptions, visits } from '../../db/schema';
import { audit } from '../../audit';
import { addDays, localDateOf } from '../../../shared/dates';
import type { visitOp } from '../../../shared/sync/operations';
import { SyncRejection } from '../errors';
import { inScope, type Applier } from './context';

/** Same limit as the office's "promised to pay by" on a manual restore. */
const MAX_PROMISE_DAYS = 31;

export const applyVisit: Applier<z.output<typeof visitOp>> = async (op, ctx) => {
	const [customer] = await ctx.tx
		.select({ areaId: customers.areaId })
		.from(customers)
		.where(and(eq(customers.id, op.customerId), isNull(customers.deletedAt)));
	if (!customer) throw new SyncRejection('sync.rejected.customerUnknown');
	if (!inScope(ctx, customer.areaId)) throw new SyncRejection('sync.rejected.outsideArea');
	const visitedAt = new Date(op.visitedAt);
	if (visitedAt.getTime() > ctx.now.getTime() + 5 * 60_000) throw new SyncRejection('validation.futureDate', { field: 'visitedAt' });

	let held: string[] = [];
	if (op.outcome === 'promised') {
		const visitDay = localDateOf(visitedAt, ctx.ledger.timeZone);
		const promised = op.promisedDate!;
		if (promised < visitDay || promised > addDays(visitDay, MAX_PROMISE_DAYS)) {
			throw new SyncRejection('validation.holdRange', { field: 'promisedDate' });
		}
		const live = await ctx.tx
			.select({ id: subscriptions.id, holdUntil: subscriptions.isolationHoldUntil })
			.from(subscriptions)
			.where(and(eq(subscriptions.customerId, op.customerId), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt)))
			.for('update');
		held = live.map((s) => s.id);
		if (held.length) {
			await ctx.tx.update(subscriptions).set({ isolationHoldUntil: promised, version: ctx.version }).where(inArray(subscriptions.id, held));
			await audit(ctx.tx, {
				userId: ctx.actor.userId,
				action: 'subscription.promiseToPay',
				entity: 'customer',
				entityId: op.customerId,
				before: { holds: live.map((s) => ({ subscriptionId: s.id, holdUntil: s.holdUntil })) },
				after: { holdUntil: promised, visitId: op.visitId, visitedAt: op.visitedAt, subscriptionIds: held },
				ipAddress: ctx.actor.ipAddress
			});
		}
	}

	await ctx.tx.insert(visits).values({
		id: op.visitId,
		customerId: op.customerId,
		userId: ctx.actor.userId,
		deviceId: ctx.deviceId,
		outcome: op.outcome,
		promisedDate: op.outcome === 'promised' ? op.promisedDate! : null,
		note: op.note ?? null,
		visitedAt
	});
	return { visitId: op.visitId, holdUntil: op.outcome === 'promised' ? op.promisedDate : null, heldSubscriptionIds: held };
};
