import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { getMeta, openOfflineDb, setMeta, type OfflineDb } from './db';
import { enqueueOperation } from './outbox';
import { bindToUser, offlineSessionExpired } from './session';
import { relativeTime } from './relative-time';

const dimas = { id: 'u-dimas', name: 'Dimas', username: 'technician' };
const rina = { id: 'u-rina', name: 'Rina', username: 'rina' };
const visit = () => ({ type: 'visit' as const, visitId: randomUUID(), customerId: randomUUID(), outcome: 'not-home' as const, visitedAt: new Date().toISOString() });

let db: OfflineDb;
beforeEach(() => {
	db = openOfflineDb(`session-spec-${randomUUID()}`);
});
afterEach(() => db.delete());

describe('bindToUser', () => {
	it('adopts the first account and keeps working for it', async () => {
		expect(await bindToUser(db, dimas)).toBe(true);
		expect(await getMeta(db, 'user')).toEqual(dimas);
		expect(await bindToUser(db, dimas)).toBe(true);
	});

	it('refuses another account while the first one’s operations wait, and keeps them', async () => {
		await bindToUser(db, dimas);
		await enqueueOperation(visit(), db);
		expect(await bindToUser(db, rina)).toBe(false);
		expect(await getMeta(db, 'authProblem')).toBe('other-user');
		expect(await getMeta(db, 'lastError')).toEqual({ key: 'offline.error.otherUser', params: { name: 'Dimas', count: 1 } });
		expect(await db.outbox.count()).toBe(1);
	});

	it('starts over as a new device for another account when nothing waits', async () => {
		await bindToUser(db, dimas);
		await setMeta(db, 'deviceId', randomUUID());
		await setMeta(db, 'cursor', 42);
		await db.customers.put({ id: 'c1', code: 'C1', name: 'X', phone: null, address: 'Y', areaId: 'a', latitude: null, longitude: null, status: 'active', creditBalance: 0, notes: null, version: 1 });
		expect(await bindToUser(db, rina)).toBe(true);
		expect(await getMeta(db, 'user')).toEqual(rina);
		expect(await getMeta(db, 'deviceId')).toBeUndefined();
		expect(await getMeta(db, 'cursor')).toBeUndefined();
		expect(await db.customers.count()).toBe(0);
	});
});

describe('offlineSessionExpired', () => {
	const now = Date.parse('2026-11-24T00:00:00Z');
	it('blocks only offline and only after the offline period', () => {
		expect(offlineSessionExpired('2026-11-23T00:00:00Z', false, now)).toBe(true);
		expect(offlineSessionExpired('2026-11-23T00:00:00Z', true, now)).toBe(false);
		expect(offlineSessionExpired('2026-11-25T00:00:00Z', false, now)).toBe(false);
		expect(offlineSessionExpired(undefined, false, now)).toBe(false);
	});
});

describe('relativeTime', () => {
	const now = Date.parse('2026-11-24T10:00:00Z');
	it('says minutes, hours and days in the user’s language, and nothing under a minute', () => {
		expect(relativeTime('2026-11-24T09:55:00Z', now, 'en')).toBe('5 minutes ago');
		expect(relativeTime('2026-11-24T07:00:00Z', now, 'id')).toBe('3 jam yang lalu');
		expect(relativeTime('2026-11-22T10:00:00Z', now, 'en')).toBe('2 days ago');
		expect(relativeTime('2026-11-24T09:59:30Z', now, 'id')).toBeNull();
	});
});
