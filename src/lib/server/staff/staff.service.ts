import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../db/index';
import { areas, sessions, userAreas, users } from '../db/schema';
import { hashPassword } from '../auth/password';
import { revokeUserSessions } from '../auth/session';
import { audit } from '../audit';
import { FieldValidationError } from '../trpc/trpc';
import type { Translator } from '../../shared/i18n/index';
import type { Actor } from '../trpc/actor';
import type { staffCreateInput, staffSetPasswordInput, staffUpdateInput } from '../../shared/schemas/staff';
import type { Role } from '../../shared/domain';
import { isDuplicateKey } from '../db/errors';


export async function listStaff(db: Db, now = new Date()) {
	const rows = await db
		.select({
			id: users.id,
			username: users.username,
			name: users.name,
			role: users.role,
			phone: users.phone,
			active: users.active,
			createdAt: users.createdAt
		})
		.from(users)
		.orderBy(asc(users.role), asc(users.name));
	const areaRows = await db.select({ userId: userAreas.userId, areaId: userAreas.areaId }).from(userAreas);
	const sessionRows = await db
		.select({ userId: sessions.userId, n: count() })
		.from(sessions)
		.where(and(isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
		.groupBy(sessions.userId);
	const sessionsByUser = new Map(sessionRows.map((r) => [r.userId, r.n]));
	return rows.map((u) => ({
		...u,
		areaIds: areaRows.filter((a) => a.userId === u.id).map((a) => a.areaId),
		activeSessions: sessionsByUser.get(u.id) ?? 0
	}));
}

export async function listAreaOptions(db: Db) {
	return db.select({ id: areas.id, name: areas.name }).from(areas).where(isNull(areas.deletedAt)).orderBy(asc(areas.name));
}

async function assertAreasExist(db: DbOrTx, areaIds: string[], t: Translator) {
	if (areaIds.length === 0) return;
	const found = await db.select({ id: areas.id }).from(areas).where(and(inArray(areas.id, areaIds), isNull(areas.deletedAt)));
	if (found.length !== new Set(areaIds).size) throw new FieldValidationError({ areaIds: [t('validation.unknown')] });
}

async function setAreas(db: DbOrTx, userId: string, areaIds: string[]) {
	await db.delete(userAreas).where(eq(userAreas.userId, userId));
	const unique = [...new Set(areaIds)];
	if (unique.length) await db.insert(userAreas).values(unique.map((areaId) => ({ userId, areaId })));
}

export async function createStaff(db: Db, input: z.output<typeof staffCreateInput>, actor: Actor): Promise<{ id: string }> {
	const id = randomUUID();
	const passwordHash = await hashPassword(input.password);
	try {
		await db.transaction(async (tx) => {
			await assertAreasExist(tx, input.areaIds, actor.t);
			await tx.insert(users).values({
				id,
				username: input.username,
				name: input.name,
				role: input.role,
				phone: input.phone,
				passwordHash
			});
			await setAreas(tx, id, input.areaIds);
			await audit(tx, {
				userId: actor.userId,
				action: 'staff.create',
				entity: 'user',
				entityId: id,
				after: { username: input.username, name: input.name, role: input.role, areaIds: input.areaIds },
				ipAddress: actor.ipAddress
			});
		});
	} catch (err) {
		if (isDuplicateKey(err)) throw new FieldValidationError({ username: [actor.t('validation.taken')] });
		throw err;
	}
	return { id };
}

async function activeAdminsOtherThan(db: DbOrTx, userId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(users)
		.where(and(eq(users.role, 'admin' as Role), eq(users.active, true), ne(users.id, userId)));
	return row?.n ?? 0;
}

export async function updateStaff(db: Db, input: z.output<typeof staffUpdateInput>, actor: Actor): Promise<void> {
	await db.transaction(async (tx) => {
		// Lock the admins so two concurrent demotions cannot both pass the last-admin check.
		await tx.execute(sql`SELECT id FROM users WHERE role = 'admin' FOR UPDATE`);
		const [before] = await tx.select().from(users).where(eq(users.id, input.id)).limit(1);
		if (!before) throw new FieldValidationError({ id: [actor.t('validation.unknown')] });
		if (input.id === actor.userId && !input.active) throw new FieldValidationError({ active: [actor.t('validation.self')] });
		const losesAdmin = before.role === 'admin' && before.active && (input.role !== 'admin' || !input.active);
		if (losesAdmin && (await activeAdminsOtherThan(tx, input.id)) === 0) {
			throw new FieldValidationError({ role: [actor.t('validation.lastAdmin')] });
		}
		await assertAreasExist(tx, input.areaIds, actor.t);
		const beforeAreas = (await tx.select().from(userAreas).where(eq(userAreas.userId, input.id))).map((a) => a.areaId);
		await tx
			.update(users)
			.set({ name: input.name, role: input.role, phone: input.phone, active: input.active })
			.where(eq(users.id, input.id));
		await setAreas(tx, input.id, input.areaIds);
		if (!input.active && before.active) await revokeUserSessions(tx, input.id);
		await audit(tx, {
			userId: actor.userId,
			action: 'staff.update',
			entity: 'user',
			entityId: input.id,
			before: { name: before.name, role: before.role, phone: before.phone, active: before.active, areaIds: beforeAreas },
			after: { name: input.name, role: input.role, phone: input.phone, active: input.active, areaIds: input.areaIds },
			ipAddress: actor.ipAddress
		});
	});
}

/** A new password signs the account out everywhere: whoever knew the old one loses access. */
export async function setStaffPassword(db: Db, input: z.output<typeof staffSetPasswordInput>, actor: Actor): Promise<void> {
	const passwordHash = await hashPassword(input.password);
	await db.transaction(async (tx) => {
		const result = await tx.update(users).set({ passwordHash }).where(eq(users.id, input.id));
		if (result[0].affectedRows === 0) throw new FieldValidationError({ id: [actor.t('validation.unknown')] });
		await revokeUserSessions(tx, input.id);
		await audit(tx, { userId: actor.userId, action: 'staff.setPassword', entity: 'user', entityId: input.id, ipAddress: actor.ipAddress });
	});
}

export async function listSessions(db: Db, userId: string, now = new Date()) {
	return db
		.select({
			id: sessions.id,
			createdAt: sessions.createdAt,
			lastSeenAt: sessions.lastSeenAt,
			expiresAt: sessions.expiresAt,
			ipAddress: sessions.ipAddress,
			userAgent: sessions.userAgent
		})
		.from(sessions)
		.where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
		.orderBy(sql`${sessions.lastSeenAt} DESC`);
}

export async function revokeSessions(db: Db, input: { userId: string; sessionId?: string }, actor: Actor): Promise<void> {
	await db.transaction(async (tx) => {
		const where = input.sessionId
			? and(eq(sessions.userId, input.userId), eq(sessions.id, input.sessionId), isNull(sessions.revokedAt))
			: and(eq(sessions.userId, input.userId), isNull(sessions.revokedAt));
		await tx.update(sessions).set({ revokedAt: new Date() }).where(where);
		await audit(tx, {
			userId: actor.userId,
			action: input.sessionId ? 'session.revoke' : 'session.revokeAll',
			entity: 'user',
			entityId: input.userId,
			ipAddress: actor.ipAddress
		});
	});
}
