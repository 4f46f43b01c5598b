import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { makeCustomer, makeIsp, type Isp } from '../../../../../tests/fixtures';
import { auditLog, routerJobs, routers, subscriptions } from '../../db/schema';
import { localDateOf } from '../../../shared/dates';
import type { SessionUser } from '../../auth/session';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let admin: SessionUser, office: SessionUser, tech: SessionUser;
let secondRouter: string;
const today = localDateOf(new Date(), 'Asia/Jakarta');

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	secondRouter = randomUUID();
	await t.db.insert(routers).values({ id: secondRouter, name: 'Router Timur', host: '127.0.0.2', username: 'admin', passwordEnc: 'v1:x:y:z' });
	admin = await makeUser('admin');
	office = await makeUser('office');
	tech = await makeUser('technician', [isp.areaId]);
});
afterAll(async () => t?.drop());

/** A live subscription on no router, as a field installation in an area without one leaves it. */
async function unrouted(username = `u${randomUUID().slice(0, 8)}`): Promise<string> {
	const customerId = await makeCustomer(t.db, isp);
	const { id } = await callerAs(office).subscriptions.create({ customerId, packageId: isp.packageId, routerId: null, serviceUsername: username, servicePassword: 'rahasia123', startDate: today });
	return id;
}

const jobsOf = (subscriptionId: string) => t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, subscriptionId));
const rowOf = async (id: string) => (await t.db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0];
const assignAudits = (id: string) => t.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'subscription.assignRouter')));

describe('subscriptions.assignRouter', () => {
	it('is for admin and office only', async () => {
		const subscriptionId = await unrouted();
		const input = { subscriptionId, routerId: isp.routerId };
		expect((await errorOf(callerAs(null).subscriptions.assignRouter(input))).code).toBe('UNAUTHORIZED');
		expect((await errorOf(callerAs(tech).subscriptions.assignRouter(input))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(tech).subscriptions.waitingForRouter())).code).toBe('FORBIDDEN');
		expect((await rowOf(subscriptionId)).routerId).toBeNull();
		await callerAs(admin).subscriptions.assignRouter(input);
		expect((await rowOf(subscriptionId)).routerId).toBe(isp.routerId);
	});

	it('puts the subscription on the router, queues provisioning once however often it is sent, and audits it', async () => {
		const subscriptionId = await unrouted();
		const waiting = await callerAs(office).subscriptions.waitingForRouter();
		expect(waiting.rows.map((w) => w.subscriptionId)).toContain(subscriptionId);
		const before = await rowOf(subscriptionId);

		expect(await callerAs(office).subscriptions.assignRouter({ subscriptionId, routerId: secondRouter })).toEqual({ duplicate: false });
		// A double click or a resend after a lost answer.
		expect(await callerAs(office).subscriptions.assignRouter({ subscriptionId, routerId: secondRouter })).toEqual({ duplicate: true });

		const after = await rowOf(subscriptionId);
		expect(after).toMatchObject({ routerId: secondRouter, liveServiceUsername: before.serviceUsername, desiredRouterState: 'active' });
		// Phones cache subscriptions: the change carries a new sync version.
		expect(after.version).toBeGreaterThan(before.version);
		const jobs = await jobsOf(subscriptionId);
		expect(jobs.map((j) => [j.routerId, j.action, j.desiredState, j.status, j.dedupeKey])).toEqual([
			[secondRouter, 'provision', 'active', 'queued', `provision:${subscriptionId}:assign:${secondRouter}`]
		]);
		const audits = await assignAudits(subscriptionId);
		expect(audits.map((a) => [a.userId, a.before, a.after])).toEqual([[office.id, { routerId: null }, { routerId: secondRouter, routerName: 'Router Timur' }]]);
		expect((await callerAs(office).subscriptions.waitingForRouter()).rows.map((w) => w.subscriptionId)).not.toContain(subscriptionId);
	});

	it('refuses bad input on its field in the user language, and changes nothing', async () => {
		const subscriptionId = await unrouted();
		const malformed = await errorOf(callerAs(office, 'en').subscriptions.assignRouter({ subscriptionId, routerId: '' }));
		expect(malformed.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(malformed, 'en')).toEqual({ routerId: ['Choose a router.'] });
		expect(fieldErrorsOf(await errorOf(callerAs(office).subscriptions.assignRouter({ subscriptionId, routerId: '' })))).toEqual({ routerId: ['Pilih router.'] });

		const deleted = randomUUID();
		await t.db.insert(routers).values({ id: deleted, name: 'Router Lama', host: '127.0.0.9', username: 'admin', passwordEnc: 'v1:x:y:z', deletedAt: new Date() });
		for (const routerId of [randomUUID(), deleted]) {
			expect(fieldErrorsOf(await errorOf(callerAs(office, 'en').subscriptions.assignRouter({ subscriptionId, routerId })))).toEqual({ routerId: ['Router not found.'] });
		}
		expect(fieldErrorsOf(await errorOf(callerAs(office, 'en').subscriptions.assignRouter({ subscriptionId: randomUUID(), routerId: isp.routerId })))).toEqual({
			subscriptionId: ['Not found.']
		});

		// Moving between routers is not this action's job.
		await callerAs(office).subscriptions.assignRouter({ subscriptionId, routerId: isp.routerId });
		expect(fieldErrorsOf(await errorOf(callerAs(office, 'en').subscriptions.assignRouter({ subscriptionId, routerId: secondRouter })))).toEqual({
			routerId: ['This subscription is already on another router.']
		});
		expect((await rowOf(subscriptionId)).routerId).toBe(isp.routerId);
		expect(await jobsOf(subscriptionId)).toHaveLength(1);
		expect(await assignAudits(subscriptionId)).toHaveLength(1);

		const ended = await unrouted();
		await callerAs(office).subscriptions.terminate({ subscriptionId: ended, reason: 'pindah rumah' });
		expect(fieldErrorsOf(await errorOf(callerAs(office, 'en').subscriptions.assignRouter({ subscriptionId: ended, routerId: isp.routerId })))).toEqual({
			subscriptionId: ['This subscription has ended.']
		});
		expect(await jobsOf(ended)).toEqual([]);
	});

	it('refuses a router where another subscription already uses the service username', async () => {
		const username = `sama${randomUUID().slice(0, 6)}`;
		const first = await unrouted(username);
		await callerAs(office).subscriptions.assignRouter({ subscriptionId: first, routerId: secondRouter });
		const second = await unrouted(username);
		const refused = await errorOf(callerAs(office, 'en').subscriptions.assignRouter({ subscriptionId: second, routerId: secondRouter }));
		expect(fieldErrorsOf(refused)).toEqual({ routerId: ['Another subscription on that router already uses this service username.'] });
		expect((await rowOf(second)).routerId).toBeNull();
		expect(await jobsOf(second)).toEqual([]);
		// The other router has no such account: that one is fine.
		await callerAs(office).subscriptions.assignRouter({ subscriptionId: second, routerId: isp.routerId });
		expect((await jobsOf(second)).map((j) => j.routerId)).toEqual([isp.routerId]);
	});
});

describe('subscriptions.waitingForRouter', () => {
	it('counts live subscriptions on no router, oldest first, with who and where', async () => {
		const before = (await callerAs(office).subscriptions.waitingForRouter()).total;
		const a = await unrouted();
		const b = await unrouted();
		const ended = await unrouted();
		await callerAs(office).subscriptions.terminate({ subscriptionId: ended, reason: 'batal pasang' });
		const waiting = await callerAs(admin).subscriptions.waitingForRouter();
		expect(waiting.total).toBe(before + 2);
		const ids = waiting.rows.map((w) => w.subscriptionId);
		expect(ids).not.toContain(ended);
		expect(ids.indexOf(a)).toBeLessThan(ids.indexOf(b));
		expect(waiting.rows.find((w) => w.subscriptionId === a)).toMatchObject({ packageName: expect.stringMatching(/^Paket /), areaName: expect.stringMatching(/^Area /) });
	});
});
