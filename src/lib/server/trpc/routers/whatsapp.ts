/**
 * WhatsApp: the gateway and its keys, and a test message (admin); the outbox (admin and office).
 * Nothing here calls a gateway: a test message is queued like any other and the page follows it.
 */
import { adminProcedure, createRouter, officeProcedure, type Context } from '../trpc';
import { readSetting } from '../../settings';
import { gatewaySettingsView, saveGatewaySettings, WA_GATEWAY_KEY, storedGatewaySchema } from '../../whatsapp/gateway-settings';
import { cancelMessage, customerMessages, listOutbox, markSent, retryMessage, sendTestMessage, setWhatsAppOptOut } from '../../whatsapp/office';
import { readWaEventSettings, saveWaEventSettings } from '../../whatsapp/events';
import { sendBulkReminders } from '../../whatsapp/bulk-reminders';
import { bulkRemindersInput } from '../../../shared/schemas/settings-reminders';
import { readIspProfile } from '../../settings/profile';
import { reloadWhatsAppWorker } from '../../whatsapp/worker';
import { readQuietHours, saveQuietHours } from '../../whatsapp/quiet-hours';
import { customerOptOutInput, gatewaySettingsInput, outboxListInput, quietHoursInput, testMessageInput, waCustomerInput, waEventSettingsSchema, waMessageIdInput } from '../../../shared/schemas/whatsapp';
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
	markSent: officeProcedure.input(waMessageIdInput).mutation(({ ctx, input }) => markSent(ctx.db, input.id, actor(ctx))),
	/** Per-event switches, "days before due", and the Meta template of each event. */
	events: adminProcedure.query(({ ctx }) => readWaEventSettings(ctx.db)),
	saveEvents: adminProcedure.input(waEventSettingsSchema).mutation(({ ctx, input }) => ctx.db.transaction((tx) => saveWaEventSettings(tx, input, actor(ctx)))),
	/** Quiet hours: reminders wait them out; receipts and codes do not. */
	quietHours: adminProcedure.query(({ ctx }) => readQuietHours(ctx.db)),
	saveQuietHours: adminProcedure.input(quietHoursInput).mutation(async ({ ctx, input }) => {
		const saved = await ctx.db.transaction((tx) => saveQuietHours(tx, input, actor(ctx)));
		reloadWhatsAppWorker();
		return saved;
	}),
	/** The customer page: what was sent to this customer, and the opt-out switch. */
	customerHistory: officeProcedure.input(waCustomerInput).query(({ ctx, input }) => customerMessages(ctx.db, input.customerId)),
	setOptOut: officeProcedure.input(customerOptOutInput).mutation(({ ctx, input }) => setWhatsAppOptOut(ctx.db, input.customerId, input.optOut, actor(ctx))),
	/** The reminders page: the ticked rows, or all under the filter, through the outbox. */
	bulkReminders: officeProcedure
		.input(bulkRemindersInput)
		.mutation(({ ctx, input }) => sendBulkReminders(ctx.db, input, { timeZone: ctx.config.ISP_TIMEZONE }, actor(ctx)))
});
