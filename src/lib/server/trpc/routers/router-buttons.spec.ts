/**
 * The office's router buttons over tRPC: "Putuskan sesi" (subscriptions.kick) and "Kirim profil
 * ke router" (packages.pushProfile). Each is office and admin only, queues one job, and a resend
 * with the same requestId queues nothing more and answers the same job.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../../tests/fixtures';
import { auditLog, packages, routerJobs } from '../../db/schema';
import type { SessionUser } from '../../auth/session';
import type { TRPCError } from '@trpc/server';
import { DomainError } from '../../errors';
import { translateDomainError } from '../trpc';
import { translator } from '../../../shared/i18n/index';
import type { Language } from '../../../shared/domain';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let admin: SessionUser, office: SessionUser, tech: SessionUser;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	admin = await makeUser('admin');
	office = await makeUser('office');
	tech = await makeUser('technician', [isp.areaId]);
});
afterAll(async () => t?.drop());

/** What the error formatter shows the person: a domain error's message in their language. */
function wordsOf(err: TRPCError, lang: Language): string {
	if (!(err.cause instanceof DomainError)) throw new Error(`not a domain error: ${err.message}`);
	return translateDomainError(err.cause, translator(lang)).message;
}

const jobsWhere = (action: string, key: string) => t.db.select().from(routerJobs).where(and(eq(routerJobs.action, action), eq(routerJobs.dedupeKey, key)));

describe('subscriptions.kick', () => {
	it('refuses the signed-out and technicians, queues nothing for them', async () => {
		const subscriptionId = await makeSubscription(t.db, isp, await makeCustomer(t.db, isp), { startDate: '2026-01-01' });
		const input = { subscriptionId, requestId: randomUUID() };
		expect((await errorOf(callerAs(null).subscriptions.kick(input))).code).toBe('UNAUTHORIZED');
		expect((await errorOf(callerAs(tech).subscriptions.kick(input))).code).toBe('FORBIDDEN');
		expect(await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, subscriptionId))).toEqual([]);
	});

	it('queues one kick on the subscription\'s router however often the same request is sent, audited once', async () => {
		const subscriptionId = await makeSubscription(t.db, isp, await makeCustomer(t.db, isp), { startDate: '2026-01-01' });
		const input = { subscriptionId, requestId: randomUUID() };
		const first = await callerAs(office).subscriptions.kick(input);
		const again = await callerAs(office).subscriptions.kick(input);
		expect(again).toEqual(first);
		const jobs = await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, subscriptionId));
		expect(jobs.map((j) => [j.id, j.action, j.routerId, j.status])).toEqual([[first.jobId, 'kick', isp.routerId, 'queued']]);
		// A new press is a new request: a second kick.
		await callerAs(admin).subscriptions.kick({ subscriptionId, requestId: randomUUID() });
		expect(await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, subscriptionId))).toHaveLength(2);
		// Audited once per job: the resend wrote no second row.
		const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, subscriptionId), eq(auditLog.action, 'subscription.kick')));
		expect(audits.map((a) => a.userId).sort()).toEqual([office.id, admin.id].sort());
	});

	it('a static-IP subscription has no session: refused in words, in the caller\'s language', async () => {
		const staticPackage = randomUUID();
		await t.db.insert(packages).values({ id: staticPackage, name: `Statis ${staticPackage.slice(0, 6)}`, price: 200000, serviceType: 'static', routerProfile: 'statis', rateLimit: '10M/10M' });
		const subscriptionId = await makeSubscription(t.db, isp, await makeCustomer(t.db, isp), { startDate: '2026-01-01', packageId: staticPackage });
		const err = await errorOf(callerAs(office, 'en').subscriptions.kick({ subscriptionId, requestId: randomUUID() }));
		expect(err.code).toBe('CONFLICT');
		expect(wordsOf(err, 'en')).toBe('This subscription has no PPPoE/Hotspot session to end.');
		expect(wordsOf(err, 'id')).toBe('Langganan ini tidak punya sesi PPPoE/Hotspot untuk diputus.');
	});
});

describe('packages.pushProfile', () => {
	it('refuses the signed-out and technicians', async () => {
		const input = { packageId: isp.packageId, routerId: isp.routerId, requestId: randomUUID() };
		expect((await errorOf(callerAs(null).packages.pushProfile(input))).code).toBe('UNAUTHORIZED');
		expect((await errorOf(callerAs(tech).packages.pushProfile(input))).code).toBe('FORBIDDEN');
		expect(await jobsWhere('push-profile', `push-profile:${isp.routerId}:${isp.packageId}:${input.requestId}`)).toEqual([]);
	});

	it('queues one push-profile job on the chosen router per request, audited', async () => {
		const requestId = randomUUID();
		const input = { packageId: isp.packageId, routerId: isp.routerId, requestId };
		const first = await callerAs(office).packages.pushProfile(input);
		expect(await callerAs(office).packages.pushProfile(input)).toEqual(first);
		const jobs = await jobsWhere('push-profile', `push-profile:${isp.routerId}:${isp.packageId}:${requestId}`);
		expect(jobs.map((j) => [j.id, j.routerId, j.subscriptionId, j.payload])).toEqual([[first.jobId, isp.routerId, null, { packageId: isp.packageId }]]);
		// An admin's press is another request: another job.
		const byAdmin = await callerAs(admin).packages.pushProfile({ ...input, requestId: randomUUID() });
		expect(byAdmin.jobId).not.toBe(first.jobId);
		const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, isp.packageId), eq(auditLog.action, 'package.pushProfile')));
		expect(audits.map((a) => a.userId).sort()).toEqual([office.id, admin.id].sort());
	});

	it('no router chosen, or one that does not exist, is refused in words', async () => {
		const missing = await errorOf(callerAs(office, 'en').packages.pushProfile({ packageId: isp.packageId, routerId: '', requestId: randomUUID() }));
		expect(missing.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(missing, 'en').routerId).toEqual(['Choose a router.']);
		const unknown = await errorOf(callerAs(office, 'en').packages.pushProfile({ packageId: isp.packageId, routerId: randomUUID(), requestId: randomUUID() }));
		expect(unknown.code).toBe('NOT_FOUND');
		expect(wordsOf(unknown, 'en')).toBe('Router not found.');
	});
});
