/**
 * WhatsApp: the gateway and its keys, and a test message (admin); the outbox (admin and office).
 * Nothing here calls a gateway: a test message is queued like any other and the page follows it.
 */
import { adminProcedure, createRouter, officeProcedure, type Context } from '../trpc';
import { readSetting } from '../../settings';
import { gatewaySettingsView, saveGatewaySettings, WA_GATEWAY_KEY, storedGatewaySchema } from '../../whatsapp/gateway-settings';
import { cancelMessage, listOutbox, markSent, retryMessage, sendTestMessage } from '../../whatsapp/office';
import { readIspProfile } from '../../settings/profile';
import { reloadWhatsAppWorker } from '../../whatsapp/worker';
import { gatewaySettingsInput, outboxListInput, testMessageInput, waMessageIdInput } from '../../../shared/schemas/whatsapp';
import type { SessionUser } from '../../auth/session';

const actor = (ctx: Context & { user: SessionUser }) => ({ userId: ctx.user.id, ipAddress: ctx.ipAddress });

export const whatsappRouter = createRouter({
	gateway: adminProcedure.query(async ({ ctx }) => gatewaySettingsView(await readSetting(ctx.db, WA_GATEWAY_KEY, storedGatewaySchema))),
	saveGateway: adminProcedure
		.input(gatewaySettingsInput)
		.mutation(async ({ ctx, input }) => {
			const view = await ctx.db.transaction((tx) => saveGatewaySettings(tx, input, ctx.config.SECRETS_KEY, actor(ctx)));
			reloadWhatsAppWorker();
			return view;
		}),
	sendTest: adminProcedure.input(testMessageInput).mutation(async ({ ctx, input }) => {
		const profile = await readIspProfile(ctx.db);
		return { id: await sendTestMessage(ctx.db, input.phone, profile.name || 'Lunas', actor(ctx)) };
	}),
	outbox: officeProcedure.input(outboxListInput).query(({ ctx, input }) => listOutbox(ctx.db, input)),
	retry: officeProcedure.input(waMessageIdInput).mutation(({ ctx, input }) => retryMessage(ctx.db, input.id, actor(ctx))),
	cancel: officeProcedure.input(waMessageIdInput).mutation(({ ctx, input }) => cancelMessage(ctx.db, input.id, actor(ctx))),
	markSent: officeProcedure.input(waMessageIdInput).mutation(({ ctx, input }) => markSent(ctx.db, input.id, actor(ctx)))
});
