import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/index';
import { sessions, users } from '../db/schema';
import type { Role, Language } from '../../shared/domain';

export const SESSION_COOKIE = 'lunas_session';

export interface SessionUser {
	id: string;
	username: string;
	name: string;
	role: Role;
	language: Language;
}

export interface ValidSession {
	sessionId: string;
	user: SessionUser;
	expiresAt: Date;
}

/**
 * However active it is, a session ends this many days after sign-in (the idle expiry,
 * SESSION_DAYS, slides within it). Office and admin sign in again monthly; a technician's phone
 * may work offline for weeks (tech.offlineDays) and must not be signed out in the field, so it
 * gets a quarter. A phone offline longer than that keeps its queue and asks to sign in again.
 */
export const ABSOLUTE_LIFETIME_DAYS: Record<Role, number> = { admin: 30, office: 30, technician: 90 };

const DAY_MS = 86_400_000;

/** The idle expiry from `now`, never past the absolute end. */
function expiryFrom(now: Date, idleDays: number, absoluteEnd: Date): Date {
	return new Date(Math.min(now.getTime() + idleDays * DAY_MS, absoluteEnd.getTime()));
}

/** The database keeps only an HMAC of the cookie token, keyed by SESSION_SECRET. */
export function sessionIdOf(token: string, secret: string): string {
	return createHmac('sha256', secret).update(token).digest('hex');
}

export async function createSession(
	db: Db,
	opts: { userId: string; role: Role; secret: string; days: number; ipAddress?: string; userAgent?: string; now?: Date }
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const now = opts.now ?? new Date();
	const expiresAt = expiryFrom(now, opts.days, new Date(now.getTime() + ABSOLUTE_LIFETIME_DAYS[opts.role] * DAY_MS));
	await db.insert(sessions).values({
		id: sessionIdOf(token, opts.secret),
		userId: opts.userId,
		createdAt: now,
		lastSeenAt: now,
		expiresAt,
		ipAddress: opts.ipAddress?.slice(0, 64),
		userAgent: opts.userAgent?.slice(0, 255)
	});
	return { token, expiresAt };
}

/** Refresh the sliding expiry at most this often, so page views do not each write a row. */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The signed-in user for a cookie token, or null when the token is unknown, forged, expired
 * (idle, or past its absolute lifetime), revoked, or its account is disabled.
 */
export async function validateSession(
	db: Db,
	token: string | undefined,
	opts: { secret: string; days: number; now?: Date }
): Promise<ValidSession | null> {
	if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
	const now = opts.now ?? new Date();
	const id = sessionIdOf(token, opts.secret);
	const [row] = await db
		.select({
			sessionId: sessions.id,
			createdAt: sessions.createdAt,
			expiresAt: sessions.expiresAt,
			lastSeenAt: sessions.lastSeenAt,
			userId: users.id,
			username: users.username,
			name: users.name,
			role: users.role,
			language: users.language
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(and(eq(sessions.id, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), eq(users.active, true)))
		.limit(1);
	if (!row) return null;
	// Checked here too, not only through expires_at: rows written before the absolute lifetime
	// existed, or a role changed since sign-in, are held to it as well.
	const absoluteEnd = new Date(row.createdAt.getTime() + ABSOLUTE_LIFETIME_DAYS[row.role] * DAY_MS);
	if (now >= absoluteEnd) return null;
	let expiresAt = row.expiresAt;
	if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS || expiresAt > absoluteEnd) {
		expiresAt = expiryFrom(now, opts.days, absoluteEnd);
		await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id));
	}
	return {
		sessionId: row.sessionId,
		expiresAt,
		user: { id: row.userId, username: row.username, name: row.name, role: row.role, language: row.language }
	};
}

export async function revokeSession(db: DbOrTx, sessionId: string, now = new Date()): Promise<void> {
	await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(db: DbOrTx, userId: string, now = new Date()): Promise<void> {
	await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
