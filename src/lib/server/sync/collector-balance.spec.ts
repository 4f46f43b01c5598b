/**
 * A collector's cash is a running balance: partial and short hand-overs leave the rest owed, a
 * shortfall needs an explicit confirmation with a reason, and only a later hand-over or an admin's
 * write-off settles it. Driven through the real procedures (sync push, office confirm, pull).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../tests/trpc';
import { makeCustomer, makeIsp, type Isp } from '../../../../tests/fixtures';
import { auditLog, cashWriteoffs } from '../db/schema';
import type { SyncOperation } from '../../shared/sync/operations';
import type { SessionUser } from '../auth/session';
import { collectorBalance } from './collector-balance';
import { collectorReport } from '../reports/collectors';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let office: SessionUser;
let admin: SessionUser;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	office = await makeUser('office');
	admin = await makeUser('admin');
});
afterAll(async () => t?.drop());

/** A technician with a phone whose queue numbers run on from push to push. */
async function collector() {
	const user = await makeUser('technician', [isp.areaId]);
	const deviceId = randomUUID();
	let seq = 0;
	const push = async (ops: SyncOperation[]) => {
		const out = await callerAs(user).sync.push({ deviceId, operations: ops.map((op) => ({ seq: ++seq, opId: randomUUID(), op })) });
		expect(out.results.map((r) => r.status)).toEqual(ops.map(() => 'applied'));
	};
	/** Cash from a customer with nothing owed: it is recorded as credit, which is all this needs. */
	const collect = async (amount: number) => {
		const customerId = await makeCustomer(t.db, isp);
		const paymentId = randomUUID();
		await push([{ type: 'cash-payment', paymentId, customerId, invoiceId: null, amount, receivedAt: new Date().toISOString() }]);
		return paymentId;
	};
	const handOver = async (paymentIds: string[], amount: number) => {
		const handoverId = randomUUID();
		await push([{ type: 'handover', handoverId, paymentIds, amount, createdAt: new Date().toISOString() }]);
		return handoverId;
	};
	const owed = async () => (await collectorBalance(t.db, user.id)).owed;
	return { user, deviceId, collect, handOver, owed };
}

describe('a collector\'s cash balance', () => {
	it('keeps the rest of a partial, short hand-over owed, and shows it on the phone and in the report', async () => {
		const c = await collector();
		const paid = [await c.collect(12_800_000), await c.collect(10_000_000)];
		expect(await c.owed()).toBe(22_800_000);

		// He hands over Rp 2 jt of the 22,8 jt; the office counts 1,95 jt.
		const handoverId = await c.handOver(paid, 2_000_000);
		expect(await c.owed()).toBe(22_800_000);
		const confirm = { id: handoverId, countedAmount: 1_950_000 };
		const refused = await errorOf(callerAs(office).handovers.confirm(confirm));
		expect(refused.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(refused)).toEqual({
			acceptShortfall: ['Centang untuk mengonfirmasi kekurangan Rp 50.000.'],
			note: ['Tulis alasan kekurangan Rp 50.000.']
		});
		expect(fieldErrorsOf(await errorOf(callerAs(office).handovers.confirm({ ...confirm, acceptShortfall: true }))).note).toHaveLength(1);
		expect(await c.owed()).toBe(22_800_000);

		const done = await callerAs(office).handovers.confirm({ ...confirm, acceptShortfall: true, note: 'uang kurang satu lembar' });
		expect(done).toMatchObject({ duplicate: false, owed: 20_850_000 });
		expect(await c.owed()).toBe(20_850_000);
		// Resent: the same answer, nothing counted twice.
		expect(await callerAs(office).handovers.confirm({ ...confirm, acceptShortfall: true, note: 'uang kurang satu lembar' })).toMatchObject({ duplicate: true, owed: 20_850_000 });

		const pulled = await callerAs(c.user).sync.pull({ deviceId: c.deviceId, cursor: 0, limit: 2000 });
		expect(pulled.cashOwed).toBe(20_850_000);
		const report = await collectorReport(t.db, {}, new Date(), 'Asia/Jakarta');
		expect(report.rows.find((r) => r.userId === c.user.id)?.cashOwed).toBe(20_850_000);
		const balances = await callerAs(office).handovers.balances();
		expect(balances.find((b) => b.userId === c.user.id)).toMatchObject({ notHandedOver: 0, pending: 0, shortfall: 20_850_000, writtenOff: 0, owed: 20_850_000 });
	});

	it('is settled by a later hand-over of no new payments and by an admin\'s write-off, which is audited', async () => {
		const c = await collector();
		const paid = await c.collect(300_000);
		const first = await c.handOver([paid], 300_000);
		await callerAs(office).handovers.confirm({ id: first, countedAmount: 250_000, acceptShortfall: true, note: 'kurang 50 ribu' });
		expect(await c.owed()).toBe(50_000);

		// New cash counts on top; a hand-over of no payments pays the balance down.
		await c.collect(100_000);
		expect(await c.owed()).toBe(150_000);
		const settle = await c.handOver([], 30_000);
		expect(await c.owed()).toBe(150_000);
		await callerAs(office).handovers.confirm({ id: settle, countedAmount: 30_000 });
		expect(await c.owed()).toBe(120_000);

		// Only an admin writes off, at most what is owed, with a reason; a resend writes once.
		const writeOff = { id: randomUUID(), collectorId: c.user.id, amount: 20_000, reason: 'uang hilang di jalan, disetujui pemilik' };
		expect((await errorOf(callerAs(office).handovers.writeOff(writeOff))).code).toBe('FORBIDDEN');
		const tooMuch = await errorOf(callerAs(admin).handovers.writeOff({ ...writeOff, amount: 120_001 }));
		expect(fieldErrorsOf(tooMuch)).toEqual({ amount: ['Yang bisa dihapuskan paling banyak yang masih harus disetor: Rp 120.000.'] });
		expect(fieldErrorsOf(await errorOf(callerAs(admin).handovers.writeOff({ ...writeOff, reason: ' ' }))).reason).toHaveLength(1);
		expect(await callerAs(admin).handovers.writeOff(writeOff)).toEqual({ owed: 100_000, duplicate: false });
		expect(await callerAs(admin).handovers.writeOff(writeOff)).toEqual({ owed: 100_000, duplicate: true });
		expect(await t.db.select().from(cashWriteoffs).where(eq(cashWriteoffs.collectorId, c.user.id))).toHaveLength(1);
		const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, writeOff.id));
		expect(entry).toMatchObject({ action: 'handover.writeOff', userId: admin.id });
		expect(await c.owed()).toBe(100_000);
	});

	it('refuses a hand-over with neither payments nor cash', async () => {
		const c = await collector();
		const out = await callerAs(c.user).sync.push({
			deviceId: c.deviceId,
			operations: [{ seq: 1, opId: randomUUID(), op: { type: 'handover', handoverId: randomUUID(), paymentIds: [], amount: 0, createdAt: new Date().toISOString() } }]
		});
		expect(out.results[0]).toMatchObject({ status: 'rejected' });
	});
});
