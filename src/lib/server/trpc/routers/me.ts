import { eq } from 'drizzle-orm';
import { createRouter, publicProcedure, signedInProcedure } from '../trpc';
import { users } from '../../db/schema';
import { languageInput } from '../../../shared/schemas/staff';

export const meRouter = createRouter({
	/** Who is signed in, or null: the one procedure a signed-out client may ask. */
	get: publicProcedure.query(({ ctx }) => ctx.user),
	setLanguage: signedInProcedure.input(languageInput).mutation(async ({ ctx, input }) => {
		await ctx.db.update(users).set({ language: input.language }).where(eq(users.id, ctx.user.id));
		return { language: input.language };
	})
});
