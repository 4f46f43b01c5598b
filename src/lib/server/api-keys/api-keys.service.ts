/**
 * API keys for the REST API. A key is `lunas_` + 43 base64url characters (32 random bytes); only
 * its SHA-256 is stored. A fast unsalted hash is enough here, unlike for passwords: the secret has
 * 256 bits of entropy, so there is nothing to guess, and an exact-match hash lets each request
 * find its key through a UNIQUE index instead of trying every key with argon2.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { apiKeys, areas, users } from '../db/schema';
import { isDuplicateKey } from '../db/errors';
import { audit } from '../audit';
import { invalidField, notFound, unauthorized } from '../errors';
import { addDays, localDateOf, localTimeToInstant } from '../../shared/dates';
import type { apiKeyCreateInput, ApiKeyScope } from '../../shared/schemas/api-keys';
import type { Actor } from '../trpc/actor';

export const API_KEY_PREFIX = 'lunas_';
/** last_used_at is written at most this often per key, so a busy integration costs no write per request. */
const LAST_USED_EVERY_MS = 60_000;

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export interface ApiKeyPrincipal {
	id: string;
	name: string;
	scope: ApiKeyScope;
	/** null: every area. */
	areaIds: string[] | null;
	/** The admin who made the key: services record the key's writes under this user, with the key named. */
	createdBy: string;
}

export async function createApiKey(
	db: Db,
	input: z.output<typeof apiKeyCreateInput>,
	actor: Actor,
	timeZone: string,
	now = new Date()
): Promise<{ id: string; secret: string }> {
	if (input.expiresOn && input.expiresOn <= localDateOf(now, timeZone)) throw invalidField('expiresOn', 'validation.apiKeyExpiry');
	const areaIds = input.areaIds ? [...new Set(input.areaIds)] : null;
	if (areaIds) {
		const found = await db.select({ id: areas.id }).from(areas).where(and(inArray(areas.id, areaIds), isNull(areas.deletedAt)));
		if (found.length !== areaIds.length) throw invalidField('areaIds', 'validation.apiKeyAreas');
	}
	const id = randomUUID();
	const secret = API_KEY_PREFIX + randomBytes(32).toString('base64url');
	// The key works through its last day in the ISP's calendar.
	const expiresAt = input.expiresOn ? localTimeToInstant(addDays(input.expiresOn, 1), 0, timeZone) : null;
	try {
		await db.transaction(async (tx) => {
			await tx.insert(apiKeys).values({
				id,
				name: input.name,
				prefix: secret.slice(0, 12),
				secretHash: hashSecret(secret),
				scope: input.scope,
				areaIds,
				expiresAt,
				createdBy: actor.userId
			});
			await audit(tx, {
				userId: actor.userId,
				action: 'apiKey.create',
				entity: 'api_key',
				entityId: id,
				after: { name: input.name, scope: input.scope, areaIds, expiresAt },
				ipAddress: actor.ipAddress
			});
		});
	} catch (err) {
		if (isDuplicateKey(err, 'api_keys_name_uq')) throw invalidField('name', 'validation.apiKeyNameTaken');
		throw err;
	}
	return { id, secret };
}

export async function listApiKeys(db: Db) {
	return db
		.select({
			id: apiKeys.id,
			name: apiKeys.name,
			prefix: apiKeys.prefix,
			scope: apiKeys.scope,
			areaIds: apiKeys.areaIds,
			expiresAt: apiKeys.expiresAt,
			createdAt: apiKeys.createdAt,
			createdByName: users.name,
			lastUsedAt: apiKeys.lastUsedAt,
			revokedAt: apiKeys.revokedAt
		})
		.from(apiKeys)
		.innerJoin(users, eq(users.id, apiKeys.createdBy))
		.orderBy(desc(apiKeys.createdAt));
}

/** Takes effect on the key's next request: every request reads the key's row. */
export async function revokeApiKey(db: Db, id: string, actor: Actor, now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
		const [key] = await tx.select({ name: apiKeys.name, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, id)).for('update');
		if (!key) throw notFound('api.notFound');
		if (key.revokedAt) return;
		await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id));
		await audit(tx, { userId: actor.userId, action: 'apiKey.revoke', entity: 'api_key', entityId: id, before: { name: key.name }, ipAddress: actor.ipAddress });
	});
}

/** The key a request's Authorization header names; 401 for a missing, unknown, revoked or expired one. */
export async function authenticateApiKey(db: Db, authorization: string | null, now = new Date()): Promise<ApiKeyPrincipal> {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
	if (!match) throw unauthorized('api.keyMissing');
	const secret = match[1];
	if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 100) throw unauthorized('api.keyInvalid');
	const [key] = await db
		.select({
			id: apiKeys.id,
			name: apiKeys.name,
			scope: apiKeys.scope,
			areaIds: apiKeys.areaIds,
			createdBy: apiKeys.createdBy,
			expiresAt: apiKeys.expiresAt,
			revokedAt: apiKeys.revokedAt,
			lastUsedAt: apiKeys.lastUsedAt,
			creatorActive: users.active
		})
		.from(apiKeys)
		.innerJoin(users, eq(users.id, apiKeys.createdBy))
		.where(eq(apiKeys.secretHash, hashSecret(secret)));
	// A key whose admin was disabled stops with them: it acted in their name.
	if (!key || key.revokedAt || !key.creatorActive || (key.expiresAt && key.expiresAt <= now)) throw unauthorized('api.keyInvalid');
	if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
		await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, key.id));
	}
	return { id: key.id, name: key.name, scope: key.scope, areaIds: key.areaIds ?? null, createdBy: key.createdBy };
}
