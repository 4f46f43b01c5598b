import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../tests/db';
import { makeCustomer, makeIsp, makeStaff } from '../../../tests/fixtures';
import { apiIdempotency, loginThrottle, midtransNotifications, portalCodes, portalSessions, sessions, webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints } from './db/schema';
import { pruneOldRows, RETENTION } from './retention';

let t: TestDatabase;
beforeAll(async () => (t = await createTestDatabase()));
afterAll(async () => t?.drop());

const NOW = new Date('2026-11-24T03:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const count = async (table: 'midtrans_notifications' | 'sessions' | 'login_throttle') =>
	Number(((await t.db.execute(sql.raw(`SELECT COUNT(*) AS n FROM ${table}`))) as unknown as [Array<{ n: number }>])[0][0].n);

describe('pruning old rows', () => {
	it('deletes what is past its retention in batches, and keeps the rest', async () => {
		const note = (receivedAt: Date, signatureValid: boolean, processedAt: Date | null) => ({ receivedAt, signatureValid, processedAt, raw: {}, orderId: 'INV-X' });
		// 25 old refused ones (several batches of 10), one recent refused one, an old processed
		// verified one, an old unprocessed verified one (still owed an answer), a recent verified one.
		await t.db.insert(midtransNotifications).values([
			...Array.from({ length: 25 }, () => note(daysAgo(RETENTION.refusedNotificationDays + 1), false, daysAgo(8))),
			note(daysAgo(1), false, daysAgo(1)),
			note(daysAgo(RETENTION.notificationDays + 1), true, daysAgo(RETENTION.notificationDays + 1)),
			note(daysAgo(RETENTION.notificationDays + 1), true, null),
			note(daysAgo(30), true, daysAgo(30))
		]);
		const staff = await makeStaff(t.db, 'office');
		const session = (expiresAt: Date, revokedAt: Date | null = null) => ({ id: randomBytes(32).toString('hex'), userId: staff.id, expiresAt, revokedAt });
		await t.db.insert(sessions).values([session(daysAgo(2)), session(daysAgo(-10), daysAgo(3)), session(daysAgo(-10)), session(daysAgo(0.5))]);
		await t.db.insert(loginThrottle).values([
			{ scope: 'address', subject: 'isolir:10.0.0.1', failures: 11, windowStartedAt: daysAgo(2) },
			{ scope: 'username', subject: 'admin', failures: 10, windowStartedAt: daysAgo(2), lockedUntil: daysAgo(-1) },
			{ scope: 'address', subject: 'isolir:10.0.0.2', failures: 1, windowStartedAt: daysAgo(0.1) }
		]);
		const answer = (idempotencyKey: string, createdAt: Date) => ({ apiKeyId: staff.id, idempotencyKey, requestHash: '0'.repeat(64), status: 201, body: {}, createdAt });
		await t.db.insert(apiIdempotency).values([answer('old', daysAgo(RETENTION.idempotencyDays + 1)), answer('recent', daysAgo(1))]);

		// The customer portal's sessions and one-time codes, one ended long ago and one live of each.
		const customerId = await makeCustomer(t.db, await makeIsp(t.db));
		await t.db.insert(portalSessions).values([
			{ id: randomBytes(32).toString('hex'), customerId, expiresAt: daysAgo(2) },
			{ id: randomBytes(32).toString('hex'), customerId, expiresAt: daysAgo(-5) }
		]);
		await t.db.insert(portalCodes).values([
			{ customerId, phone: '081234567890', codeHash: '0'.repeat(64), expiresAt: daysAgo(2) },
			{ customerId, phone: '081234567890', codeHash: '1'.repeat(64), expiresAt: daysAgo(-0.001) }
		]);

		// Webhook deliveries: an old delivered one (with its attempt) goes; an old queued one and a recent delivered one stay.
		await t.db.insert(webhookEndpoints).values({ id: '00000000-0000-4000-8000-000000000001', url: 'https://example.com/hook', events: ['payment.recorded'], secretEnc: 'v1:x:y:z', createdBy: staff.id });
		const delivery = (eventId: string, status: 'delivered' | 'queued', at: Date) => ({ endpointId: '00000000-0000-4000-8000-000000000001', eventId, eventType: 'payment.recorded', body: '{}', status, nextAttemptAt: at });
		await t.db.insert(webhookDeliveries).values([
			delivery('00000000-0000-4000-8000-0000000000a1', 'delivered', daysAgo(RETENTION.webhookDeliveryDays + 1)),
			delivery('00000000-0000-4000-8000-0000000000a2', 'queued', daysAgo(RETENTION.webhookDeliveryDays + 1)),
			delivery('00000000-0000-4000-8000-0000000000a3', 'delivered', daysAgo(1))
		]);
		const [old] = await t.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.eventId, '00000000-0000-4000-8000-0000000000a1'));
		await t.db.insert(webhookDeliveryAttempts).values({ deliveryId: old.id, attempt: 1, startedAt: daysAgo(RETENTION.webhookDeliveryDays + 1), statusCode: 200 });

		const pruned = await pruneOldRows(t.db, NOW, { batch: 10, maxBatches: 20 });
		expect(pruned).toEqual({ refusedNotifications: 25, notifications: 1, sessions: 2, throttle: 1, idempotency: 1, portalSessions: 1, portalCodes: 1, webhookDeliveries: 1 });
		expect((await t.db.select({ eventId: webhookDeliveries.eventId }).from(webhookDeliveries)).map((r) => r.eventId).sort()).toEqual([
			'00000000-0000-4000-8000-0000000000a2',
			'00000000-0000-4000-8000-0000000000a3'
		]);
		expect(await t.db.select().from(webhookDeliveryAttempts)).toHaveLength(0);
		expect((await t.db.select().from(apiIdempotency)).map((r) => r.idempotencyKey)).toEqual(['recent']);
		const left = await t.db.select({ valid: midtransNotifications.signatureValid, processedAt: midtransNotifications.processedAt }).from(midtransNotifications);
		expect(left).toHaveLength(3);
		expect(left.filter((n) => n.valid && n.processedAt === null)).toHaveLength(1);
		expect(await count('sessions')).toBe(2);
		expect((await t.db.select().from(loginThrottle)).map((r) => r.subject).sort()).toEqual(['admin', 'isolir:10.0.0.2']);
		// A second round finds nothing.
		expect(await pruneOldRows(t.db, NOW)).toEqual({ refusedNotifications: 0, notifications: 0, sessions: 0, throttle: 0, idempotency: 0, portalSessions: 0, portalCodes: 0, webhookDeliveries: 0 });
	});

	it('stops after its batches for this round and leaves the rest for the next', async () => {
		await t.db.delete(midtransNotifications).where(eq(midtransNotifications.orderId, 'INV-X'));
		await t.db.insert(midtransNotifications).values(Array.from({ length: 30 }, () => ({ receivedAt: daysAgo(10), signatureValid: false, processedAt: daysAgo(10), raw: {}, orderId: 'INV-Y' })));
		expect((await pruneOldRows(t.db, NOW, { batch: 10, maxBatches: 2 })).refusedNotifications).toBe(20);
		expect(await count('midtrans_notifications')).toBe(10);
		expect((await pruneOldRows(t.db, NOW, { batch: 10, maxBatches: 2 })).refusedNotifications).toBe(10);
	});
});
