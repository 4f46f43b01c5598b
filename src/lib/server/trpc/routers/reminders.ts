/** The reminders page: who to message today and where the person sending them got to. */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { createRouter, officeProcedure, type Context } from '../trpc';
import { countSentToday, listDueReminders, listIsolatedReminders } from '../../reminders/lists';
import { setReminderMark } from '../../reminders/marks';
import { dueRemindersInput, isolatedRemindersInput, REMINDER_KINDS, reminderMarkInput } from '../../../shared/schemas/settings-reminders';
import { localDateOf } from '../../../shared/dates';

const contextOf = (ctx: Context) => ({ timeZone: ctx.config.ISP_TIMEZONE, publicBaseUrl: ctx.config.PUBLIC_BASE_URL });

export const remindersRouter = createRouter({
	due: officeProcedure.input(dueRemindersInput).query(({ ctx, input }) => listDueReminders(ctx.db, input, contextOf(ctx))),
	isolated: officeProcedure.input(isolatedRemindersInput).query(({ ctx, input }) => listIsolatedReminders(ctx.db, input, contextOf(ctx))),
	/** Today's date in the ISP's calendar and how many of a list were marked sent today. */
	progress: officeProcedure.input(z.object({ kind: z.enum(REMINDER_KINDS) })).query(async ({ ctx, input }) => {
		const context = contextOf(ctx);
		return { today: localDateOf(new Date(), context.timeZone), sentToday: await countSentToday(ctx.db, input.kind, context) };
	}),
	mark: officeProcedure.input(reminderMarkInput).mutation(async ({ ctx, input }) => {
		const found = await setReminderMark(ctx.db, { ...input, userId: ctx.user.id, timeZone: ctx.config.ISP_TIMEZONE });
		if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: ctx.t('billing.notFound') });
		return { sent: input.sent };
	})
});
