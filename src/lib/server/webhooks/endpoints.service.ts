/**
 * Webhook endpoints and their delivery log, for the settings page. The signing secret is shown
 * once on creation and then only kept sealed (secret-box, SECRETS_KEY), like the Midtrans key.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { users, webhookDeliveries, webhookEndpoints } from '../db/schema';
import { audit } from '../audit';
import { encryptSecret } from '../crypto/secret-box';
import { conflict, invalidField, notFound } from '../errors';
import type { webhookCreateInput } from '../../shared/schemas/webhooks';
import type { Actor } from '../trpc/actor';
import { isLocalName, isPrivateAddress } from './address-guard';
import { newWebhookSecret } from './signature';
import { nudgeWebhooks } from './nudge';

export interface WebhookSettings {
	secretsKey: string;
	allowPrivateAddresses: boolean;
}

/** At most this many endpoints: each event writes one row per endpoint. */
export const MAX_WEBHOOK_ENDPOINTS = 20;

export async function createWebhookEndpoint(
	db: Db,
	input: z.output<typeof webhookCreateInput>,
	actor: Actor,
	settings: WebhookSettings
): Promise<{ id: string; secret: string }> {
	const host = new URL(input.url).hostname.replace(/^\[|\]$/g, '');
	// Names are checked again on every delivery, against the address actually connected to.
	if (!settings.allowPrivateAddresses && (isPrivateAddress(host) || isLocalName(host))) throw invalidField('url', 'validation.webhookPrivate');
	const id = randomUUID();
	const secret = newWebhookSecret();
	await db.transaction(async (tx) => {
		const [{ count }] = await tx.select({ count: sql<number>`COUNT(*)` }).from(webhookEndpoints).where(isNull(webhookEndpoints.deletedAt));
		if (Number(count) >= MAX_WEBHOOK_ENDPOINTS) throw invalidField('url', 'validation.webhookTooMany', { max: MAX_WEBHOOK_ENDPOINTS });
		await tx.insert(webhookEndpoints).values({
			id,
			url: input.url,
			description: input.description,
			events: input.events,
			secretEnc: encryptSecret(secret, settings.secretsKey),
			createdBy: actor.userId
		});
		await audit(tx, {
			userId: actor.userId,
			action: 'webhook.create',
			entity: 'webhook_endpoint',
			entityId: id,
			after: { url: input.url, description: input.description, events: input.events },
			ipAddress: actor.ipAddress
		});
	});
	return { id, secret };
}

/** Live endpoints with how their deliveries stand. */
export async function listWebhookEndpoints(db: Db) {
	return db
		.select({
			id: webhookEndpoints.id,
			url: webhookEndpoints.url,
			description: webhookEndpoints.description,
			events: webhookEndpoints.events,
			createdAt: webhookEndpoints.createdAt,
			createdByName: users.name,
			delivered: sql<number>`(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = ${webhookEndpoints.id} AND d.status = 'delivered')`.mapWith(Number),
			pending: sql<number>`(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = ${webhookEndpoints.id} AND d.status IN ('queued', 'sending'))`.mapWith(Number),
			dead: sql<number>`(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.endpoint_id = ${webhookEndpoints.id} AND d.status = 'dead')`.mapWith(Number)
		})
		.from(webhookEndpoints)
		.innerJoin(users, eq(users.id, webhookEndpoints.createdBy))
		.where(isNull(webhookEndpoints.deletedAt))
		.orderBy(desc(webhookEndpoints.createdAt));
}

/** Stops the endpoint at once: its waiting deliveries go dead (the worker also refuses a deleted endpoint). */
export async function deleteWebhookEndpoint(db: Db, id: string, actor: Actor, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const [endpoint] = await tx.select({ url: webhookEndpoints.url, deletedAt: webhookEndpoints.deletedAt }).from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for('update');
		if (!endpoint || endpoint.deletedAt) throw notFound('api.notFound');
		await tx.update(webhookEndpoints).set({ deletedAt: now }).where(eq(webhookEndpoints.id, id));
		await tx
			.update(webhookDeliveries)
			.set({ status: 'dead', lastError: 'the endpoint was deleted' })
			.where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, 'queued')));
		await audit(tx, { userId: actor.userId, action: 'webhook.delete', entity: 'webhook_endpoint', entityId: id, before: { url: endpoint.url }, ipAddress: actor.ipAddress });
	});
}

/** The newest deliveries (of one endpoint, or all live ones): the delivery log. */
export async function listWebhookDeliveries(db: Db, endpointId: string | null, limit = 50) {
	return db
		.select({
			id: webhookDeliveries.id,
			endpointId: webhookDeliveries.endpointId,
			url: webhookEndpoints.url,
			eventId: webhookDeliveries.eventId,
			eventType: webhookDeliveries.eventType,
			status: webhookDeliveries.status,
			attempts: webhookDeliveries.attempts,
			lastStatusCode: webhookDeliveries.lastStatusCode,
			lastError: webhookDeliveries.lastError,
			nextAttemptAt: webhookDeliveries.nextAttemptAt,
			deliveredAt: webhookDeliveries.deliveredAt,
			createdAt: webhookDeliveries.createdAt,
			updatedAt: webhookDeliveries.updatedAt
		})
		.from(webhookDeliveries)
		.innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
		.where(endpointId ? eq(webhookDeliveries.endpointId, endpointId) : isNull(webhookEndpoints.deletedAt))
		.orderBy(desc(webhookDeliveries.id))
		.limit(limit);
}

/**
 * Sends a delivery again by hand (the receiver lost it, or was fixed after it went dead): the same
 * event id and body, freshly signed, with a new run of attempts.
 */
export async function resendWebhookDelivery(db: Db, deliveryId: number, actor: Actor): Promise<void> {
	await db.transaction(async (tx) => {
		const [d] = await tx
			.select({ status: webhookDeliveries.status, attempts: webhookDeliveries.attempts, eventId: webhookDeliveries.eventId, deletedAt: webhookEndpoints.deletedAt })
			.from(webhookDeliveries)
			.innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
			.where(eq(webhookDeliveries.id, deliveryId))
			.for('update');
		if (!d || d.deletedAt) throw notFound('api.notFound');
		if (d.status === 'sending') throw conflict('validation.webhookSending');
		await tx
			.update(webhookDeliveries)
			.set({ status: 'queued', nextAttemptAt: sql`NOW(3)`, maxAttempts: d.attempts + 10, lastError: null })
			.where(eq(webhookDeliveries.id, deliveryId));
		await audit(tx, {
			userId: actor.userId,
			action: 'webhook.resend',
			entity: 'webhook_delivery',
			entityId: String(deliveryId),
			before: { status: d.status },
			after: { eventId: d.eventId },
			ipAddress: actor.ipAddress
		});
	});
	nudgeWebhooks();
}
