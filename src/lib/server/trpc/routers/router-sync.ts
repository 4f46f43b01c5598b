/** Reconcile, drift, import and the isolir script of one router (MikroTik issue §5). */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { adminProcedure, createRouter, officeProcedure } from '../trpc';
import { actorOf } from '../actor';
import { writeAudited } from '../../settings/audited';
import {
	driftPage,
	importPage,
	isolirScriptOf,
	RouterNotFoundError,
	setAutoFix,
	startImport,
	startImportPreview,
	startReconcile,
	syncJob
} from '../../reconcile/sync-service';
import { fixDrift } from '../../reconcile/fix';
import { readReconcileSchedule, RECONCILE_SCHEDULE_KEY } from '../../reconcile/schedule';
import type { Translator } from '../../../shared/i18n/index';
import {
	autoFixInput,
	driftFixInput,
	importStartInput,
	reconcileScheduleInput,
	reconcileScheduleSchema,
	routerRef,
	syncJobRef
} from '../../../shared/schemas/router-sync';

/** An unknown or deleted router (or a job not of this router) is a translated NOT_FOUND. */
async function found<T>(t: Translator, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (err) {
		if (err instanceof RouterNotFoundError) throw new TRPCError({ code: 'NOT_FOUND', message: t('sync.routerNotFound') });
		throw err;
	}
}

export const routerSyncRouter = createRouter({
	drift: officeProcedure.input(routerRef).query(({ ctx, input }) => found(ctx.t, () => driftPage(ctx.db, input.routerId))),
	/** Queues a reconcile (or joins the one under way); the page follows it through `job`. */
	reconcileNow: officeProcedure.input(routerRef).mutation(({ ctx, input }) => found(ctx.t, () => startReconcile(ctx.db, input.routerId, actorOf(ctx)))),
	job: officeProcedure.input(syncJobRef).query(({ ctx, input }) => found(ctx.t, () => syncJob(ctx.db, input.routerId, input.jobId))),
	fix: officeProcedure.input(driftFixInput).mutation(({ ctx, input }) =>
		found(ctx.t, async () => {
			const { queued } = await fixDrift(ctx.db, input.routerId, input.driftIds, ctx.user.id);
			return { queued };
		})
	),
	setAutoFix: adminProcedure.input(autoFixInput).mutation(({ ctx, input }) => found(ctx.t, () => setAutoFix(ctx.db, input.routerId, input.autoFixDrift, actorOf(ctx)))),

	schedule: officeProcedure.query(({ ctx }) => readReconcileSchedule(ctx.db)),
	updateSchedule: adminProcedure.input(reconcileScheduleInput).mutation(async ({ ctx, input }) => {
		await ctx.db.transaction((tx) =>
			writeAudited(tx, { key: RECONCILE_SCHEDULE_KEY, schema: reconcileScheduleSchema, value: input, action: 'settings.reconcileSchedule', actor: { userId: ctx.user.id, ipAddress: ctx.ipAddress } })
		);
		return input;
	}),

	importForm: officeProcedure.input(routerRef).query(({ ctx, input }) => found(ctx.t, () => importPage(ctx.db, input.routerId))),
	startPreview: officeProcedure.input(routerRef).mutation(({ ctx, input }) => found(ctx.t, () => startImportPreview(ctx.db, input.routerId, actorOf(ctx)))),
	startImport: officeProcedure.input(importStartInput).mutation(({ ctx, input }) => found(ctx.t, () => startImport(ctx.db, input, actorOf(ctx)))),

	isolirScript: officeProcedure
		.input(routerRef.extend({ hotspot: z.boolean().optional() }))
		.query(({ ctx, input }) => found(ctx.t, () => isolirScriptOf(ctx.db, input.routerId, ctx.config.PUBLIC_BASE_URL, input.hotspot)))
});
