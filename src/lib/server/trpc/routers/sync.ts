/**
 * The technician phone's sync (DESIGN §7): push queued operations, pull the rows of my areas.
 * Device registration is implicit (first push or pull). The account is re-checked on every call:
 * a disabled account's phone gets FORBIDDEN and keeps its queue. Without a session the answer
 * is always UNAUTHORIZED and nothing is written, whatever device id is sent.
 */
import { TRPCError } from '@trpc/server';
import { createRouter, officeProcedure, publicProcedure } from '../trpc';
import { actorOf } from '../actor';
import { ledgerContextOf } from '../ledger-context';
import { visibleAreaIds } from '../../catalogue/access';
import { pushInput } from '../../../shared/sync/operations';
import { pullInput } from '../../../shared/sync/rows';
import { rejectedOpsInput, reviewRejectedInput } from '../../../shared/schemas/handovers';
import { assertAccountActive, deviceOf, offlineDays } from '../../sync/devices';
import { keyTranslator, pushOperations } from '../../sync/push';
import { pull } from '../../sync/pull';
import { recordSyncPush } from '../../metrics/app-metrics';
import { listDisabledDevices, listRejectedOps, reviewRejectedOp } from '../../sync/review';
import type { Role } from '../../../shared/domain';

const SYNC_ROLES: Role[] = ['technician', 'admin'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Technician and admin, with the account re-checked against the database on every sync. */
const syncProcedure = publicProcedure.use(async ({ ctx, getRawInput, next }) => {
	if (ctx.user && !SYNC_ROLES.includes(ctx.user.role)) throw new TRPCError({ code: 'FORBIDDEN', message: ctx.t('error.forbidden') });
	const raw = (await getRawInput().catch(() => undefined)) as { deviceId?: unknown; operations?: unknown } | undefined;
	const deviceId = typeof raw?.deviceId === 'string' && UUID.test(raw.deviceId) ? raw.deviceId : null;
	const queuedOps = Array.isArray(raw?.operations) ? raw.operations.length : null;
	await assertAccountActive(ctx.db, { userId: ctx.user?.id ?? null, deviceId, queuedOps, t: ctx.t });
	return next({ ctx: { ...ctx, user: ctx.user! } });
});

export const syncRouter = createRouter({
	push: syncProcedure.input(pushInput).mutation(async ({ ctx, input }) => {
		const actor = { ...actorOf(ctx), t: keyTranslator };
		const ledger = { ...(await ledgerContextOf(ctx)), t: keyTranslator };
		return recordSyncPush(await pushOperations(ctx.db, input, { actor, t: ctx.t, areaIds: await visibleAreaIds(ctx.db, actor), ledger }));
	}),
	pull: syncProcedure.input(pullInput).query(async ({ ctx, input }) => {
		const device = await deviceOf(ctx.db, input.deviceId, ctx.user.id, ctx.t);
		const [areaIds, days] = await Promise.all([visibleAreaIds(ctx.db, actorOf(ctx)), offlineDays(ctx.db)]);
		return pull(ctx.db, input, device, {
			user: { id: ctx.user.id, name: ctx.user.name, username: ctx.user.username },
			areaIds,
			offlineDays: days
		});
	}),
	/** The office's review: refused operations, and phones of disabled accounts. */
	rejected: officeProcedure.input(rejectedOpsInput).query(async ({ ctx, input }) => ({
		operations: await listRejectedOps(ctx.db, input.limit, input.includeReviewed),
		disabledDevices: await listDisabledDevices(ctx.db)
	})),
	/** The office dealt with a refused operation; a second mark answers the first. */
	reviewRejected: officeProcedure.input(reviewRejectedInput).mutation(({ ctx, input }) => reviewRejectedOp(ctx.db, input, actorOf(ctx)))
});
