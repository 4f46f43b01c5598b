import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { makeIsp, type Isp } from '../../../../../tests/fixtures';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { auditLog, routerDrift, routerJobs, routers } from '../../db/schema';
import type { SessionUser } from '../../auth/session';

let t: TestDatabase;
let isp: Isp;
let admin: SessionUser;
let office: SessionUser;
let technician: SessionUser;
const tester = trpcTester(() => t);

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	admin = await tester.makeUser('admin');
	office = await tester.makeUser('office');
	technician = await tester.makeUser('technician', [isp.areaId]);
});
afterAll(async () => t?.drop());

describe('routerSync procedures', () => {
	it('are for the office only', async () => {
		expect((await errorOf(tester.callerAs(technician).routerSync.drift({ routerId: isp.routerId }))).code).toBe('FORBIDDEN');
		expect((await errorOf(tester.callerAs(null).routerSync.reconcileNow({ routerId: isp.routerId }))).code).toBe('UNAUTHORIZED');
		expect((await errorOf(tester.callerAs(office).routerSync.setAutoFix({ routerId: isp.routerId, autoFixDrift: true }))).code).toBe('FORBIDDEN');
	});

	it('answer NOT_FOUND, translated, for an unknown router or another router\'s job', async () => {
		const err = await errorOf(tester.callerAs(office, 'en').routerSync.drift({ routerId: randomUUID() }));
		expect(err.code).toBe('NOT_FOUND');
		expect(err.message).toBe('Router not found.');
		const { jobId } = await tester.callerAs(office).routerSync.reconcileNow({ routerId: isp.routerId });
		expect((await errorOf(tester.callerAs(office).routerSync.job({ routerId: randomUUID(), jobId }))).code).toBe('NOT_FOUND');
	});

	it('queue one reconcile at a time: a second click joins the one waiting', async () => {
		const caller = tester.callerAs(office);
		const first = await caller.routerSync.reconcileNow({ routerId: isp.routerId });
		const second = await caller.routerSync.reconcileNow({ routerId: isp.routerId });
		expect(second).toEqual({ jobId: first.jobId, joined: true });
		// The reconcile the office asked for is on the audit trail once: joining one adds nothing.
		const audited = await t.db.select().from(auditLog).where(eq(auditLog.action, 'router.reconcile'));
		expect(audited.filter((a) => (a.after as { jobId?: number }).jobId === first.jobId).map((a) => [a.userId, a.entityId])).toEqual([[office.id, isp.routerId]]);
		const job = await caller.routerSync.job({ routerId: isp.routerId, jobId: first.jobId });
		expect(job).toMatchObject({ action: 'reconcile', status: 'queued' });
		const page = await caller.routerSync.drift({ routerId: isp.routerId });
		expect(page.runningJobId).toBe(first.jobId);
		expect(page.router).not.toHaveProperty('passwordEnc');
	});

	it('show drift rows with what can be fixed, and fix them on request', async () => {
		await t.db.insert(routerDrift).values([
			{ routerId: isp.routerId, serviceUsername: 'tamu', kind: 'unknown_secret', detail: { service: 'pppoe' }, detectedAt: new Date() }
		]);
		const page = await tester.callerAs(office).routerSync.drift({ routerId: isp.routerId });
		expect(page.rows).toEqual([expect.objectContaining({ serviceUsername: 'tamu', fixable: false, customerId: null })]);
		expect(await tester.callerAs(office).routerSync.fix({ routerId: isp.routerId })).toEqual({ queued: 0 });
	});

	it('let an admin switch auto-fix, with an audit row', async () => {
		await tester.callerAs(admin).routerSync.setAutoFix({ routerId: isp.routerId, autoFixDrift: true });
		const [row] = await t.db.select({ autoFixDrift: routers.autoFixDrift }).from(routers).where(eq(routers.id, isp.routerId));
		expect(row.autoFixDrift).toBe(true);
		expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'router.autoFixDrift'))).toHaveLength(1);
	});

	it('keep the daily schedule in settings, admin-only to change', async () => {
		expect(await tester.callerAs(office).routerSync.schedule()).toEqual({ enabled: true, runAt: '02:30' });
		expect((await errorOf(tester.callerAs(office).routerSync.updateSchedule({ enabled: true, runAt: '04:00' }))).code).toBe('FORBIDDEN');
		expect((await errorOf(tester.callerAs(admin).routerSync.updateSchedule({ enabled: true, runAt: '25:00' }))).code).toBe('BAD_REQUEST');
		await tester.callerAs(admin).routerSync.updateSchedule({ enabled: true, runAt: '04:00' });
		expect(await tester.callerAs(office).routerSync.schedule()).toEqual({ enabled: true, runAt: '04:00' });
	});

	it('switch the daily reconcile off and keep its time, audited, refusing a bad or partial form', async () => {
		const caller = tester.callerAs(admin);
		const bad = await errorOf(caller.routerSync.updateSchedule({ enabled: true, runAt: '7:5' }));
		expect(fieldErrorsOf(bad, 'en')).toEqual({ runAt: ['Not a valid time (HH:MM, 00:00–23:59).'] });
		// Only `enabled`: refused rather than quietly moving the time back to the default.
		const partial = await errorOf(caller.routerSync.updateSchedule({ enabled: false } as never));
		expect(partial.code).toBe('BAD_REQUEST');
		expect(Object.keys(fieldErrorsOf(partial))).toEqual(['runAt']);

		await caller.routerSync.updateSchedule({ enabled: false, runAt: '05:15' });
		expect(await caller.routerSync.schedule()).toEqual({ enabled: false, runAt: '05:15' });
		const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, 'settings.reconcileSchedule'));
		expect(rows.at(-1)).toMatchObject({ userId: admin.id, before: { enabled: true, runAt: '04:00' }, after: { enabled: false, runAt: '05:15' } });
	});

	it('generate the isolir script for the router\'s method with the public address', async () => {
		const { script, hotspot } = await tester.callerAs(office).routerSync.isolirScript({ routerId: isp.routerId });
		expect(hotspot).toBe(false);
		expect(script).toContain('/ppp profile');
		expect(script).toContain('action-data="localhost:5173/isolir"');
		const withHotspot = await tester.callerAs(office).routerSync.isolirScript({ routerId: isp.routerId, hotspot: true });
		expect(withHotspot.script).toContain('/ip hotspot walled-garden');
		expect(await t.db.select().from(routerJobs).where(eq(routerJobs.action, 'import'))).toEqual([]);
	});
});
