import { z } from 'zod';
import { adminProcedure, createRouter } from '../trpc';
import { staffCreateInput, staffSetPasswordInput, staffUpdateInput } from '../../../shared/schemas/staff';
import {
	createStaff,
	listAreaOptions,
	listSessions,
	listStaff,
	revokeSessions,
	setStaffPassword,
	updateStaff
} from '../../staff/staff.service';
import { actorOf } from '../actor';

export const staffRouter = createRouter({
	list: adminProcedure.query(({ ctx }) => listStaff(ctx.db)),
	areaOptions: adminProcedure.query(({ ctx }) => listAreaOptions(ctx.db)),
	create: adminProcedure.input(staffCreateInput).mutation(({ ctx, input }) => createStaff(ctx.db, input, actorOf(ctx))),
	update: adminProcedure.input(staffUpdateInput).mutation(({ ctx, input }) => updateStaff(ctx.db, input, actorOf(ctx))),
	setPassword: adminProcedure
		.input(staffSetPasswordInput)
		.mutation(({ ctx, input }) => setStaffPassword(ctx.db, input, actorOf(ctx))),
	sessions: adminProcedure.input(z.object({ userId: z.uuid() })).query(({ ctx, input }) => listSessions(ctx.db, input.userId)),
	revokeSessions: adminProcedure
		.input(z.object({ userId: z.uuid(), sessionId: z.string().regex(/^[0-9a-f]{64}$/).optional() }))
		.mutation(({ ctx, input }) => revokeSessions(ctx.db, input, actorOf(ctx)))
});
