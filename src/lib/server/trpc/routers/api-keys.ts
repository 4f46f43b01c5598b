import { adminProcedure, createRouter } from '../trpc';
import { actorOf } from '../actor';
import { idInput } from '../../../shared/schemas/catalogue';
import { apiKeyCreateInput } from '../../../shared/schemas/api-keys';
import { createApiKey, listApiKeys, revokeApiKey } from '../../api-keys/api-keys.service';

/** Admin only: a key reads and writes the ISP's data without a person signed in. */
export const apiKeysRouter = createRouter({
	list: adminProcedure.query(({ ctx }) => listApiKeys(ctx.db)),
	/** Answers the secret once; only its hash is kept. */
	create: adminProcedure.input(apiKeyCreateInput).mutation(({ ctx, input }) => createApiKey(ctx.db, input, actorOf(ctx), ctx.config.ISP_TIMEZONE)),
	revoke: adminProcedure.input(idInput).mutation(({ ctx, input }) => revokeApiKey(ctx.db, input.id, actorOf(ctx)))
});
