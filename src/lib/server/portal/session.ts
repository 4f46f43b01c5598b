/**
 * Customer sessions: their own table and their own cookie, scoped to /pelanggan, so the browser
 * never even sends it to /office or /api/trpc. No sliding expiry: a session ends a fixed time
 * after sign-in (a shared family phone should not stay signed in for ever).
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers, portalSessions } from '../db/schema';
import { sessionIdOf } from '../auth/session';

export const PORTAL_COOKIE = 'lunas_portal';
export const PORTAL_PATH = '/pelanggan';
/** Absolute lifetime of a customer session. */
export const PORTAL_SESSION_DAYS = 7;

export interface PortalSession {
	sessionId: string;
	customerId: string;
}

export async function createPortalSession(db: Db, customerId: string, secret: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + PORTAL_SESSION_DAYS * 86_400_000);
	await db.insert(portalSessions).values({ id: sessionIdOf(`portal:${token}`, secret), customerId, createdAt: now, expiresAt });
	return { token, expiresAt };
}

/** The customer behind a cookie token; null when unknown, forged, expired, revoked or the customer is gone. */
export async function validatePortalSession(db: Db, token: string | undefined, secret: string, now = new Date()): Promise<PortalSession | null> {
	if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
	const id = sessionIdOf(`portal:${token}`, secret);
	const [row] = await db
		.select({ sessionId: portalSessions.id, customerId: portalSessions.customerId })
		.from(portalSessions)
		.innerJoin(customers, eq(customers.id, portalSessions.customerId))
		.where(and(eq(portalSessions.id, id), isNull(portalSessions.revokedAt), gt(portalSessions.expiresAt, now), isNull(customers.deletedAt)))
		.limit(1);
	return row ?? null;
}

export async function revokePortalSession(db: Db, sessionId: string, now = new Date()): Promise<void> {
	await db.update(portalSessions).set({ revokedAt: now }).where(and(eq(portalSessions.id, sessionId), isNull(portalSessions.revokedAt)));
}

/** httpOnly, SameSite=Lax, Secure over https, only for /pelanggan, gone when the session ends. */
export function portalCookieOptions(url: URL, expires?: Date) {
	return { path: PORTAL_PATH, httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:', ...(expires ? { expires } : { maxAge: 0 }) };
}
