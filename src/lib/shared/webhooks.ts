/**
 * The events an outgoing webhook can subscribe to (issue #20 item 5). The names are the API's
 * contract with the ISP's receivers: add new ones, never rename.
 */
export const WEBHOOK_EVENTS = ['payment.recorded', 'invoice.issued', 'subscription.isolated', 'subscription.restored'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** `queued` waits for its turn (or its retry), `sending` is claimed under a lease, `dead` gave up. */
export const WEBHOOK_DELIVERY_STATUSES = ['queued', 'sending', 'delivered', 'dead'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** Header names a receiver reads; documented in the OpenAPI document and docs/WEBHOOKS.md. */
export const WEBHOOK_SIGNATURE_HEADER = 'Lunas-Signature';
export const WEBHOOK_EVENT_ID_HEADER = 'Lunas-Event-Id';
export const WEBHOOK_EVENT_TYPE_HEADER = 'Lunas-Event-Type';
/** How old a signed timestamp a receiver should still accept (and what Lunas's own check uses). */
export const WEBHOOK_REPLAY_WINDOW_SECONDS = 300;
