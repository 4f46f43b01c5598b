import { adminProcedure, createRouter } from '../trpc';
import { actorOf } from '../actor';
import { idInput } from '../../../shared/schemas/catalogue';
import { webhookCreateInput, webhookDeliveryInput, webhookDeliveryListInput } from '../../../shared/schemas/webhooks';
import {
	createWebhookEndpoint,
	deleteWebhookEndpoint,
	listWebhookDeliveries,
	listWebhookEndpoints,
	resendWebhookDelivery
} from '../../webhooks/endpoints.service';

/** Admin only: an endpoint receives billing events about every customer. */
export const webhooksRouter = createRouter({
	list: adminProcedure.query(({ ctx }) => listWebhookEndpoints(ctx.db)),
	/** Answers the signing secret once; it is kept sealed. */
	create: adminProcedure.input(webhookCreateInput).mutation(({ ctx, input }) =>
		createWebhookEndpoint(ctx.db, input, actorOf(ctx), { secretsKey: ctx.config.SECRETS_KEY, allowPrivateAddresses: ctx.config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES })
	),
	delete: adminProcedure.input(idInput).mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx.db, input.id, actorOf(ctx))),
	deliveries: adminProcedure.input(webhookDeliveryListInput).query(({ ctx, input }) => listWebhookDeliveries(ctx.db, input.endpointId)),
	resend: adminProcedure.input(webhookDeliveryInput).mutation(({ ctx, input }) => resendWebhookDelivery(ctx.db, input.id, actorOf(ctx)))
});
