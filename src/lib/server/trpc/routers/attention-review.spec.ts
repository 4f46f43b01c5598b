/**
 * What the office clears off "Perlu perhatian": flagged payments (payments.reviewFlag) and refused
 * phone operations (sync.reviewRejected). Both are marked once, audited, and leave the dashboard's count.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { makeCustomer, makeIsp, type Isp } from '../../../../../tests/fixtures';
import { auditLog, payments, syncOps } from '../../db/schema';
import { recordPayment } from '../../billing/payments';
import { attentionCounts } from '../../reports/dashboard';
import { DEFAULT_BILLING_RULES } from '../../../shared/schemas/billing-rules';
import { translator } from '../../../shared/i18n/index';
import type { SessionUser } from '../../auth/session';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let office: SessionUser, admin: SessionUser, tech: SessionUser;

const reviewAudits = (action: string, entityId: string) => t.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	office = await makeUser('office');
	admin = await makeUser('admin');
	tech = await makeUser('technician', [isp.areaId]);
});
afterAll(async () => t?.drop());

/** A cash payment of a new customer, flagged as the ledger would flag it when `flag` is given. */
async function payment(flag: string | null): Promise<string> {
	const customerId = await makeCustomer(t.db, isp);
	const now = new Date();
	const out = await recordPayment(
		t.db,
		{ customerId, amount: 50000, method: 'cash', receivedAt: now, source: 'office', externalId: randomUUID(), collectedBy: null, flag },
		{ timeZone: 'Asia/Jakarta', rules: DEFAULT_BILLING_RULES, actorUserId: null, ipAddress: null, t: translator('id'), now }
	);
	return out.paymentId;
}

/**
 * A phone pushes cash for a customer the server does not know (refused) and then one it does
 * (applied); returns the device and the refused operation.
 */
async function refusedAndApplied() {
	const deviceId = randomUUID();
	const known = await makeCustomer(t.db, isp);
	const receivedAt = new Date().toISOString();
	const operations = [
		{ seq: 1, opId: randomUUID(), op: { type: 'cash-payment' as const, paymentId: randomUUID(), customerId: randomUUID(), invoiceId: null, amount: 12345, receivedAt } },
		{ seq: 2, opId: randomUUID(), op: { type: 'cash-payment' as const, paymentId: randomUUID(), customerId: known, invoiceId: null, amount: 5000, receivedAt } }
	];
	const out = await callerAs(tech).sync.push({ deviceId, operations });
	expect(out.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
	return { deviceId, opId: operations[0].opId };
}

describe('payments.reviewFlag', () => {
	it('takes a flagged payment off "Perlu dicek" and the dashboard count, audited, without a sync version', async () => {
		const id = await payment('device-cash-invoice-paid:INV-202611-000001');
		const [before] = await t.db.select({ version: payments.version }).from(payments).where(eq(payments.id, id));
		const waiting = (await attentionCounts(t.db)).flaggedPayments;
		const listed = await callerAs(office).payments.list({ flagged: 'true' });
		expect(listed.rows.map((r) => r.id)).toContain(id);

		const review = await callerAs(office).payments.reviewFlag({ paymentId: id, note: '  sudah dikembalikan ke kredit  ' });
		expect(review).toMatchObject({ paymentId: id, reviewedBy: office.id, note: 'sudah dikembalikan ke kredit', duplicate: false });

		expect((await attentionCounts(t.db)).flaggedPayments).toBe(waiting - 1);
		expect((await callerAs(office).payments.list({ flagged: 'true' })).rows.map((r) => r.id)).not.toContain(id);
		// Still on the full list, with who looked at it.
		const row = (await callerAs(office).payments.list({ customerId: (await t.db.select().from(payments).where(eq(payments.id, id)))[0].customerId })).rows[0];
		expect(row).toMatchObject({ id, flag: 'device-cash-invoice-paid:INV-202611-000001', flagReviewerName: office.name, flagReviewNote: 'sudah dikembalikan ke kredit' });
		expect(row.flagReviewedAt).toBeInstanceOf(Date);

		const [audit] = await reviewAudits('payment.reviewFlag', id);
		expect(audit).toMatchObject({ userId: office.id, entity: 'payment', ipAddress: '127.0.0.1' });
		expect(audit.before).toEqual({ flag: 'device-cash-invoice-paid:INV-202611-000001', flagReviewedAt: null });
		expect(audit.after).toMatchObject({ flagReviewedBy: office.id, flagReviewNote: 'sudah dikembalikan ke kredit' });
		// Phones never see flags: the row's sync version is unchanged.
		const [after] = await t.db.select({ version: payments.version }).from(payments).where(eq(payments.id, id));
		expect(after.version).toBe(before.version);
	});

	it('answers a second mark with the first one and writes nothing, also when two arrive at once', async () => {
		const id = await payment('paid-after-void');
		const [a, b] = await Promise.all([
			callerAs(office).payments.reviewFlag({ paymentId: id, note: 'pertama' }),
			callerAs(admin).payments.reviewFlag({ paymentId: id, note: 'kedua' })
		]);
		expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
		expect(b.reviewedAt).toEqual(a.reviewedAt);
		expect(b.note).toBe(a.note);
		const again = await callerAs(admin).payments.reviewFlag({ paymentId: id });
		expect(again).toEqual({ ...(a.duplicate ? b : a), duplicate: true });
		expect(await reviewAudits('payment.reviewFlag', id)).toHaveLength(1);
	});

	it('refuses a payment without a flag in the caller\'s language, an unknown payment, and a technician', async () => {
		const clean = await payment(null);
		expect(fieldErrorsOf(await errorOf(callerAs(office).payments.reviewFlag({ paymentId: clean })))).toEqual({ paymentId: ['Pembayaran ini tidak ditandai perlu dicek.'] });
		const english = await errorOf(callerAs({ ...office, language: 'en' }, 'en').payments.reviewFlag({ paymentId: clean }));
		expect(english.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(english)).toEqual({ paymentId: ['This payment is not flagged for a look.'] });
		expect(fieldErrorsOf(await errorOf(callerAs(office).payments.reviewFlag({ paymentId: randomUUID() })))).toEqual({ paymentId: ['Tidak ditemukan.'] });
		expect(fieldErrorsOf(await errorOf(callerAs(office).payments.reviewFlag({ paymentId: 'nope' })))).toHaveProperty('paymentId');

		const flagged = await payment('paid-twice: invoice was already paid');
		expect((await errorOf(callerAs(tech).payments.reviewFlag({ paymentId: flagged }))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(null).payments.reviewFlag({ paymentId: flagged }))).code).toBe('UNAUTHORIZED');
		const [row] = await t.db.select({ reviewedAt: payments.flagReviewedAt }).from(payments).where(eq(payments.id, flagged));
		expect(row.reviewedAt).toBeNull();
		expect(await reviewAudits('payment.reviewFlag', clean)).toHaveLength(0);
	});
});

describe('sync.reviewRejected', () => {
	it('takes a refused operation off the list and the dashboard count, audited; shown again on request', async () => {
		const { deviceId, opId } = await refusedAndApplied();
		const waiting = (await attentionCounts(t.db)).rejectedSyncOps;
		expect((await callerAs(office).sync.rejected({})).operations.map((o) => o.opId)).toContain(opId);

		const review = await callerAs(office).sync.reviewRejected({ deviceId, seq: 1, note: 'dicatat ulang di kantor' });
		expect(review).toMatchObject({ deviceId, seq: 1, reviewedBy: office.id, note: 'dicatat ulang di kantor', duplicate: false });

		expect((await attentionCounts(t.db)).rejectedSyncOps).toBe(waiting - 1);
		expect((await callerAs(office).sync.rejected({})).operations.map((o) => o.opId)).not.toContain(opId);
		const all = await callerAs(office).sync.rejected({ includeReviewed: true });
		expect(all.operations.find((o) => o.opId === opId)).toMatchObject({ reviewedByName: office.name, reviewNote: 'dicatat ulang di kantor' });

		const [audit] = await reviewAudits('syncOp.review', opId);
		expect(audit).toMatchObject({ userId: office.id, entity: 'sync_op' });
		expect(audit.before).toMatchObject({ deviceId, seq: 1, type: 'cash-payment', error: 'sync.rejected.customerUnknown', reviewedAt: null });
		expect(audit.after).toMatchObject({ reviewedBy: office.id, reviewNote: 'dicatat ulang di kantor' });
		// The phone's stored answer is untouched: a resend is refused the same way.
		const [stored] = await t.db.select().from(syncOps).where(eq(syncOps.opId, opId));
		expect(stored).toMatchObject({ status: 'rejected', error: 'sync.rejected.customerUnknown' });
	});

	it('answers a second mark with the first one and writes nothing, also when two arrive at once', async () => {
		const { deviceId, opId } = await refusedAndApplied();
		const [a, b] = await Promise.all([
			callerAs(office).sync.reviewRejected({ deviceId, seq: 1 }),
			callerAs(admin).sync.reviewRejected({ deviceId, seq: 1, note: 'juga' })
		]);
		expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
		expect(b.reviewedAt).toEqual(a.reviewedAt);
		expect(b.reviewedBy).toBe(a.reviewedBy);
		expect(await callerAs(office).sync.reviewRejected({ deviceId, seq: 1, note: 'lagi' })).toEqual({ ...(a.duplicate ? b : a), duplicate: true });
		expect(await reviewAudits('syncOp.review', opId)).toHaveLength(1);
	});

	it('refuses an applied or unknown operation and anyone but the office', async () => {
		const { deviceId, opId } = await refusedAndApplied();
		expect(fieldErrorsOf(await errorOf(callerAs(office).sync.reviewRejected({ deviceId, seq: 2 })))).toEqual({ seq: ['Tidak ditemukan.'] });
		expect(fieldErrorsOf(await errorOf(callerAs(office).sync.reviewRejected({ deviceId: randomUUID(), seq: 1 })))).toEqual({ seq: ['Tidak ditemukan.'] });
		expect(fieldErrorsOf(await errorOf(callerAs(office).sync.reviewRejected({ deviceId, seq: 0 })))).toHaveProperty('seq');
		expect((await errorOf(callerAs(tech).sync.reviewRejected({ deviceId, seq: 1 }))).code).toBe('FORBIDDEN');
		const [applied] = await t.db.select().from(syncOps).where(and(eq(syncOps.deviceId, deviceId), eq(syncOps.seq, 2)));
		expect(applied.reviewedAt).toBeNull();
		expect(await reviewAudits('syncOp.review', opId)).toHaveLength(0);
	});
});
