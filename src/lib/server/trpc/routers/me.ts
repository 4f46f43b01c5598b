import { createRouter, publicProcedure, signedInProcedure } from '../trpc';
import { languageInput } from '../../../shared/schemas/staff';
import { saveLanguage } from '../../staff/language';

export const meRouter = createRouter({
	/** Who is signed in, or null: the one procedure a signed-out client may ask. */
	get: publicProcedure.query(({ ctx }) => ctx.user),
	/** The language switch (`/lang`) calls this for a signed-in user. */
	setLanguage: signedInProcedure.input(languageInput).mutation(async ({ ctx, input }) => {
		await saveLanguage(ctx.db, ctx.user.id, input.language);
		return { language: input.language };
	})
});
