/**
 * What a signed-in customer can read and change, against MariaDB, with another customer's ids
 * typed in as an attacker would: nothing of theirs is shown or changed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { auditLog, customers, payments, routerJobs, subscriptions, tickets } from '../db/schema';
import { decryptSecret } from '../crypto/secret-box';
import { DomainError } from '../errors';
import { changeServicePassword, customerTickets, passwordProgress, reportProblem, setReminderOptOut } from './changes';
import { portalReceipt } from './view';
import { reportInput, servicePasswordInput } from './inputs';

const KEY = '0123456789abcdef'.repeat(4);
let t: TestDatabase;
let isp: Isp;
let siti: string;
let budi: string;
let sitiSub: string;
let budiSub: string;

const password = (subscriptionId: string, pw: string, requestId = randomUUID()) =>
	servicePasswordInput.parse({ subscriptionId, requestId, password: pw, confirm: pw });

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	siti = await makeCustomer(t.db, isp);
	budi = await makeCustomer(t.db, isp);
	sitiSub = await makeSubscription(t.db, isp, siti, { startDate: '2026-10-01' });
	budiSub = await makeSubscription(t.db, isp, budi, { startDate: '2026-10-01' });
});
afterAll(async () => {
	await t?.drop();
});

describe('service password', () => {
	it('is sealed on the subscription and queued once for the router, however often the form is posted', async () => {
		const input = password(sitiSub, 'Rumah-Siti#2026');
		await changeServicePassword(t.db, siti, input, KEY, '10.0.0.5');
		await changeServicePassword(t.db, siti, input, KEY, '10.0.0.5');
		const [sub] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, sitiSub));
		expect(sub.servicePasswordEnc).not.toContain('Rumah-Siti');
		expect(decryptSecret(sub.servicePasswordEnc!, KEY)).toBe('Rumah-Siti#2026');
		const jobs = await t.db.select().from(routerJobs).where(eq(routerJobs.dedupeKey, `portal-password:${input.requestId}`));
		expect(jobs).toHaveLength(1);
		expect(jobs[0]).toMatchObject({ action: 'provision', subscriptionId: sitiSub, routerId: isp.routerId, status: 'queued' });
		expect(await passwordProgress(t.db, siti, input.requestId)).toBe('queued');
		// The audit says who and when, never the password.
		const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, sitiSub));
		expect(audits.map((a) => a.action)).toEqual(['subscription.portalPassword']);
		expect(JSON.stringify(audits)).not.toContain('Rumah-Siti');

		await t.db.update(routerJobs).set({ status: 'done' }).where(eq(routerJobs.id, jobs[0].id));
		expect(await passwordProgress(t.db, siti, input.requestId)).toBe('done');
		// Budi cannot follow Siti's change, even with its id.
		expect(await passwordProgress(t.db, budi, input.requestId)).toBeNull();
	});

	it('refuses another customer\'s subscription and changes nothing', async () => {
		const before = (await t.db.select().from(subscriptions).where(eq(subscriptions.id, budiSub)))[0];
		const input = password(budiSub, 'Ambil-Alih#99');
		await expect(changeServicePassword(t.db, siti, input, KEY, null)).rejects.toBeInstanceOf(DomainError);
		const after = (await t.db.select().from(subscriptions).where(eq(subscriptions.id, budiSub)))[0];
		expect(after.servicePasswordEnc).toBe(before.servicePasswordEnc);
		expect(await t.db.select().from(routerJobs).where(eq(routerJobs.dedupeKey, `portal-password:${input.requestId}`))).toHaveLength(0);
	});

	it('validates what a router and a modem accept', () => {
		const bad = ['short', 'has space 123', `quote"s12345`, 'x'.repeat(33), 'kata\u00a0sandi99'];
		for (const pw of bad) expect(servicePasswordInput.safeParse({ subscriptionId: sitiSub, requestId: randomUUID(), password: pw, confirm: pw }).success, pw).toBe(false);
		expect(servicePasswordInput.safeParse({ subscriptionId: sitiSub, requestId: randomUUID(), password: 'Baik-Sekali9', confirm: 'Baik-Sekali9' }).success).toBe(true);
	});

	it('refuses two different passwords and the username as password', async () => {
		const mismatch = servicePasswordInput.parse({ subscriptionId: sitiSub, requestId: randomUUID(), password: 'Satu-Dua-Tiga4', confirm: 'Satu-Dua-Tiga5' });
		await expect(changeServicePassword(t.db, siti, mismatch, KEY, null)).rejects.toMatchObject({ fields: { confirm: [{ key: 'portal.passwordMismatch' }] } });
		const [sub] = await t.db.select({ username: subscriptions.serviceUsername }).from(subscriptions).where(eq(subscriptions.id, sitiSub));
		await expect(changeServicePassword(t.db, siti, password(sitiSub, sub.username!), KEY, null)).rejects.toMatchObject({ fields: { password: [{ key: 'portal.passwordIsUsername' }] } });
	});
});

describe('reports', () => {
	it('stores one report per form, shows each customer only theirs, and refuses a replayed id of someone else', async () => {
		const input = reportInput.parse({ id: randomUUID(), subscriptionId: sitiSub, category: 'no_connection', description: '  Lampu LOS merah sejak pagi  ' });
		await reportProblem(t.db, siti, input);
		await reportProblem(t.db, siti, input);
		expect(await t.db.select().from(tickets).where(eq(tickets.id, input.id))).toHaveLength(1);
		expect((await customerTickets(t.db, siti)).map((x) => x.description)).toEqual(['Lampu LOS merah sejak pagi']);
		expect(await customerTickets(t.db, budi)).toEqual([]);
		await expect(reportProblem(t.db, budi, { ...input, subscriptionId: null })).rejects.toBeInstanceOf(DomainError);
		await expect(reportProblem(t.db, budi, { ...input, id: randomUUID() })).rejects.toMatchObject({ fields: { subscriptionId: [{ key: 'portal.pickService' }] } });
		expect(await customerTickets(t.db, budi)).toEqual([]);
	});

	it('refuses control characters and an empty description', () => {
		expect(reportInput.safeParse({ id: randomUUID(), subscriptionId: '', category: 'slow', description: 'ada\u0000nol' }).success).toBe(false);
		expect(reportInput.safeParse({ id: randomUUID(), subscriptionId: '', category: 'slow', description: '   ' }).success).toBe(false);
		expect(reportInput.safeParse({ id: randomUUID(), subscriptionId: '', category: 'hack', description: 'lambat sekali' }).success).toBe(false);
	});
});

describe('receipts and reminders', () => {
	it('shows a receipt only to its customer', async () => {
		const id = randomUUID();
		await t.db.insert(payments).values({ id, receiptNumber: 'RCP-202612-000001', customerId: siti, amount: 150000, method: 'cash', receivedAt: new Date(), source: 'office', externalId: id });
		expect((await portalReceipt(t.db, siti, id))?.payment.amount).toBe(150000);
		expect(await portalReceipt(t.db, budi, id)).toBeNull();
	});

	it('turns reminders off and on for the signed-in customer only', async () => {
		await setReminderOptOut(t.db, siti, true);
		const rows = await t.db.select({ id: customers.id, optOut: customers.whatsappOptOut }).from(customers);
		expect(rows.find((r) => r.id === siti)?.optOut).toBe(true);
		expect(rows.find((r) => r.id === budi)?.optOut).toBe(false);
		await setReminderOptOut(t.db, siti, false);
	});
});
