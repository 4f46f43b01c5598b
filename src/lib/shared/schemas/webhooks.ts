import { z } from 'zod';
import { text } from './text';
import { WEBHOOK_EVENTS } from '../webhooks';

/** http(s) only, no user:password (it would sit in the URL column unsealed), at most 500 characters. */
function isWebhookUrl(value: string): boolean {
	if (!URL.canParse(value)) return false;
	const u = new URL(value);
	return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '' && u.hostname !== '';
}

/** An admin registering an endpoint for outgoing webhooks. */
export const webhookCreateInput = z.object({
	url: text()
		.trim()
		.min(1)
		.max(500)
		.refine(isWebhookUrl, { message: 'validation.webhookUrl' }),
	description: text().trim().max(120).default(''),
	events: z
		.array(z.enum(WEBHOOK_EVENTS))
		.min(1, { message: 'validation.webhookEvents' })
		.max(WEBHOOK_EVENTS.length)
		.transform((events) => [...new Set(events)])
});

export const webhookDeliveryInput = z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const webhookDeliveryListInput = z.object({ endpointId: z.uuid().nullable().default(null) });
