import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { adminProcedure, createRouter, officeProcedure } from '../trpc';
import { billingRulesSchema } from '../../../shared/schemas/billing-rules';
import { BILLING_RULES_KEY, readBillingRules } from '../../billing/rules';
import { writeAudited } from '../../settings/audited';
import { audit } from '../../audit';
import { recentRuns, startTask, TaskBusyError } from '../../scheduler/task-runs';
import { BILLING_TASKS, taskBody } from '../../scheduler/billing-tasks';

export const billingRouter = createRouter({
	rules: officeProcedure.query(({ ctx }) => readBillingRules(ctx.db)),
	updateRules: adminProcedure.input(billingRulesSchema).mutation(async ({ ctx, input }) => {
		await ctx.db.transaction((tx) =>
			writeAudited(tx, { key: BILLING_RULES_KEY, schema: billingRulesSchema, value: input, action: 'settings.billingRules', actor: { userId: ctx.user.id, ipAddress: ctx.ipAddress } })
		);
		return input;
	}),
	runs: officeProcedure.query(({ ctx }) => recentRuns(ctx.db, 30)),
	/** Starts a run now and returns at once; the page follows its progress through `runs`. */
	runNow: adminProcedure.input(z.object({ task: z.enum(BILLING_TASKS) })).mutation(async ({ ctx, input }) => {
		try {
			const run = await startTask(ctx.db, { task: input.task, triggeredBy: ctx.user.id }, taskBody(ctx.db, input.task, ctx.config.ISP_TIMEZONE));
			// A billing or overdue run started by hand is a person's decision: on the audit trail.
			await audit(ctx.db, { userId: ctx.user.id, action: `task.${input.task}`, entity: 'task_run', entityId: String(run!.runId), after: { task: input.task }, ipAddress: ctx.ipAddress });
			return { runId: run!.runId };
		} catch (err) {
			if (err instanceof TaskBusyError) throw new TRPCError({ code: 'CONFLICT', message: ctx.t('billing.taskBusy') });
			throw err;
		}
	})
});
