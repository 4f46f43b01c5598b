/**
 * The dashboard and report queries against fixtures with known numbers: aging at its day
 * boundaries, months in Asia/Jakarta around midnight, voids netted, collector attribution,
 * hand-overs, ledger paging and its CSV, and who may call what.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq as sqlEq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makeStaff, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../tests/trpc';
import { areas, cashHandovers, customers, handoverPayments, invoices, payments, routers, routerSnapshots, auditLog, syncDevices, syncOps } from '../db/schema';
import { arrearsAging, attentionCounts, collectedThisMonth, dashboard, revenueByMonth, routerHealth, subscriptionFlow, onlineNow, dashboardCounts } from './dashboard';
import { revenueReport } from './revenue';
import { arrearsReport } from './arrears';
import { collectorReport } from './collectors';
import { ledgerBatches, ledgerCount, ledgerPage } from './ledger';
import { auditPage } from './audit-log';
import { ledgerCsv, revenueCsv } from './exports';
import { recordPayment, voidPayment, type LedgerContext } from '../billing/payments';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { auditListInput, ledgerListInput } from '../../shared/schemas/reports';
import { translator } from '../../shared/i18n/index';
import { addDays } from '../../shared/dates';

const TZ = 'Asia/Jakarta';
/** 10:00 WIB on 24 Nov 2026. */
const NOW = new Date('2026-11-24T03:00:00Z');
const TODAY = '2026-11-24';
/** `hh:mm` WIB on `day` as an instant. */
const wib = (day: string, hhmm: string) => new Date(new Date(`${day}T${hhmm}:00+07:00`).toISOString());

let t: TestDatabase;
let isp: Isp;
const tester = trpcTester(() => t);

async function reset() {
	await t.pool.query('SET FOREIGN_KEY_CHECKS = 0');
	for (const table of ['sync_ops', 'sync_devices', 'handover_payments', 'cash_handovers', 'payment_allocations', 'payments', 'invoice_items', 'invoices', 'router_jobs', 'router_snapshots', 'subscriptions', 'customers', 'audit_log']) {
		await t.pool.query(`DELETE FROM ${table}`);
	}
	await t.pool.query('SET FOREIGN_KEY_CHECKS = 1');
}

let invoiceSeq = 0;
async function invoice(opts: { subscriptionId: string; customerId: string; due: string; amount: number; paid?: number; status?: 'unpaid' | 'partial' | 'paid' | 'void' }) {
	invoiceSeq += 1;
	const paid = opts.paid ?? 0;
	await t.db.insert(invoices).values({
		id: randomUUID(),
		number: `INV-TEST-${String(invoiceSeq).padStart(6, '0')}`,
		subscriptionId: opts.subscriptionId,
		customerId: opts.customerId,
		// Periods only need to be distinct per subscription here; the queries read due dates.
		periodStart: addDays('2020-01-01', invoiceSeq),
		periodEnd: addDays('2020-01-01', invoiceSeq),
		amount: opts.amount,
		amountPaid: paid,
		dueDate: opts.due,
		status: opts.status ?? (paid === 0 ? 'unpaid' : paid < opts.amount ? 'partial' : 'paid'),
		payToken: randomBytes(16).toString('hex')
	});
}

async function payment(opts: {
	customerId: string;
	amount: number;
	at: Date;
	method?: 'cash' | 'transfer' | 'midtrans' | 'credit';
	collectedBy?: string | null;
	voids?: string;
	id?: string;
	/** `device`: collected in the field with a phone. */
	source?: 'office' | 'device';
}) {
	const id = opts.id ?? randomUUID();
	await t.db.insert(payments).values({
		id,
		receiptNumber: opts.voids || opts.method === 'credit' ? null : `RCP-${id.slice(0, 8)}`,
		customerId: opts.customerId,
		amount: opts.amount,
		method: opts.method ?? 'cash',
		collectedBy: opts.collectedBy ?? null,
		receivedAt: opts.at,
		source: opts.voids ? 'system' : (opts.source ?? 'office'),
		externalId: opts.voids ? `void:${opts.voids}` : id,
		voidsPaymentId: opts.voids ?? null
	});
	return id;
}

/** A customer with one subscription, for attaching invoices. */
async function account(areaIsp = isp, opts: { startDate?: string } = {}) {
	const customerId = await makeCustomer(t.db, areaIsp);
	const subscriptionId = await makeSubscription(t.db, areaIsp, customerId, { startDate: opts.startDate ?? '2026-01-05' });
	return { customerId, subscriptionId };
}

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
});
afterAll(async () => {
	await t?.drop();
});
beforeEach(reset);

describe('arrears aging', () => {
	it('puts 30/31, 60/61 and 90/91 days past due in their buckets, and due today in current', async () => {
		const a = await account();
		const cases: Array<[number, number]> = [
			[-5, 1], // due in 5 days
			[0, 2], // due today: not yet past due
			[1, 4],
			[30, 8],
			[31, 16],
			[60, 32],
			[61, 64],
			[90, 128],
			[91, 256],
			[400, 512]
		];
		for (const [daysPast, amount] of cases) await invoice({ ...a, due: addDays(TODAY, -daysPast), amount: amount * 1000 });
		// Partly paid counts what is still owed; paid and void invoices are not arrears.
		await invoice({ ...a, due: addDays(TODAY, -45), amount: 100_000, paid: 40_000 });
		await invoice({ ...a, due: addDays(TODAY, -45), amount: 77_000, paid: 77_000 });
		await invoice({ ...a, due: addDays(TODAY, -45), amount: 99_000, status: 'void' });

		const aging = await arrearsAging(t.db, { now: NOW, timeZone: TZ });
		expect(aging).toEqual([
			{ bucket: 'current', invoices: 2, amount: 3_000 },
			{ bucket: 'd1_30', invoices: 2, amount: 12_000 },
			{ bucket: 'd31_60', invoices: 3, amount: 48_000 + 60_000 },
			{ bucket: 'd61_90', invoices: 2, amount: 192_000 },
			{ bucket: 'd91', invoices: 2, amount: 768_000 }
		]);
		const counts = await dashboardCounts(t.db);
		expect(counts.unpaidTotal).toBe(aging.reduce((s, b) => s + b.amount, 0));
		expect(counts.unpaidInvoices).toBe(11);
	});

	it('counts days in the ISP calendar: at 23:30 WIB the 24th is already over in UTC terms but not in Jakarta', async () => {
		const a = await account();
		await invoice({ ...a, due: '2026-10-25', amount: 5_000 }); // 30 days past on the 24th, 31 on the 25th
		// 23:30 WIB on 24 Nov is 16:30 UTC on 24 Nov; 00:30 WIB on 25 Nov is 17:30 UTC on 24 Nov.
		const late = await arrearsAging(t.db, { now: wib('2026-11-24', '23:30'), timeZone: TZ });
		expect(late.find((b) => b.bucket === 'd1_30')?.invoices).toBe(1);
		const nextDay = await arrearsAging(t.db, { now: wib('2026-11-25', '00:30'), timeZone: TZ });
		expect(nextDay.find((b) => b.bucket === 'd31_60')?.invoices).toBe(1);
	});
});

describe('revenue and collections by month', () => {
	it('files a payment at 23:30 WIB on the last day of a month under that month, and 00:10 WIB under the next', async () => {
		const { customerId } = await account();
		await payment({ customerId, amount: 100_000, at: wib('2026-10-31', '23:30') }); // 16:30 UTC, 31 Oct
		await payment({ customerId, amount: 50_000, at: wib('2026-11-01', '00:10'), method: 'transfer' }); // 17:10 UTC, 31 Oct
		await payment({ customerId, amount: 7_000, at: wib('2026-11-30', '23:59') });
		await payment({ customerId, amount: 9_000, at: wib('2026-12-01', '00:00') }); // next month, after NOW's window

		const months = await revenueByMonth(t.db, { now: wib('2026-11-30', '23:30'), timeZone: TZ });
		expect(months).toHaveLength(12);
		expect(months[0].month).toBe('2025-12');
		expect(months.at(-2)).toMatchObject({ month: '2026-10', received: 100_000, net: 100_000, byMethod: { cash: 100_000, transfer: 0, midtrans: 0 } });
		expect(months.at(-1)).toMatchObject({ month: '2026-11', received: 57_000, net: 57_000, byMethod: { cash: 7_000, transfer: 50_000, midtrans: 0 } });

		// "This month" follows the ISP's clock: 00:30 WIB on 1 Nov is still 31 Oct in UTC.
		const novemberAlready = await collectedThisMonth(t.db, { now: wib('2026-11-01', '00:30'), timeZone: TZ });
		expect(novemberAlready).toEqual([
			{ method: 'cash', amount: 7_000, payments: 1 },
			{ method: 'transfer', amount: 50_000, payments: 1 },
			{ method: 'midtrans', amount: 0, payments: 0 }
		]);
		const stillOctober = await collectedThisMonth(t.db, { now: wib('2026-10-31', '23:30'), timeZone: TZ });
		expect(stillOctober.find((m) => m.method === 'cash')).toEqual({ method: 'cash', amount: 100_000, payments: 1 });
	});

	it('nets a void in the month it was recorded and leaves credit applications out', async () => {
		const { customerId } = await account();
		const paid = await payment({ customerId, amount: 150_000, at: wib('2026-10-20', '10:00') });
		await payment({ customerId, amount: 80_000, at: wib('2026-10-21', '10:00'), method: 'midtrans' });
		await payment({ customerId, amount: -150_000, at: wib('2026-11-02', '09:00'), voids: paid });
		await payment({ customerId, amount: 30_000, at: wib('2026-11-03', '09:00'), method: 'credit' });
		await payment({ customerId, amount: 20_000, at: wib('2026-11-04', '09:00') });

		const months = await revenueByMonth(t.db, { now: NOW, timeZone: TZ });
		expect(months.at(-2)).toMatchObject({ month: '2026-10', received: 230_000, voided: 0, net: 230_000 });
		expect(months.at(-1)).toMatchObject({ month: '2026-11', received: 20_000, voided: -150_000, net: -130_000, byMethod: { cash: -130_000, transfer: 0, midtrans: 0 } });
		const collected = await collectedThisMonth(t.db, { now: NOW, timeZone: TZ });
		expect(collected.find((m) => m.method === 'cash')).toEqual({ method: 'cash', amount: -130_000, payments: 1 });
		expect(collected.some((m) => (m.method as string) === 'credit')).toBe(false);
	});
});

describe('subscriptions, routers and the whole dashboard', () => {
	it('counts started subscriptions by local start date and terminations by local month', async () => {
		await account(isp, { startDate: '2026-11-01' });
		await account(isp, { startDate: '2026-10-31' });
		await account(isp, { startDate: '2025-11-30' }); // 13 months back: outside the chart
		const ended = await account(isp, { startDate: '2025-12-01' });
		await t.pool.query("UPDATE subscriptions SET status = 'terminated', terminated_at = ? WHERE id = ?", [wib('2026-11-01', '00:15'), ended.subscriptionId]);

		const flow = await subscriptionFlow(t.db, { now: NOW, timeZone: TZ });
		expect(flow[0]).toEqual({ month: '2025-12', started: 1, terminated: 0 });
		expect(flow.at(-2)).toEqual({ month: '2026-10', started: 1, terminated: 0 });
		expect(flow.at(-1)).toEqual({ month: '2026-11', started: 1, terminated: 1 });
	});

	it('sums online sessions over routers that answered and reads CPU and uptime from the stored reading', async () => {
		const down = randomUUID();
		await t.db.insert(routers).values({ id: down, name: 'ZZ Router mati', host: '10.9.9.9', username: 'admin', passwordEnc: 'v1:x:y:z', status: 'down', lastError: 'timeout' });
		await t.db.update(routers).set({ status: 'up', lastCheckedAt: NOW }).where(eqId(isp.routerId));
		const session = (name: string) => ({ service: 'pppoe', name, address: null, uptime: '1h', uptimeSeconds: 3600, callerId: null });
		await t.db.insert(routerSnapshots).values([
			{ routerId: isp.routerId, kind: 'online', data: { sessions: [session('a'), session('b'), session('c')] }, takenAt: NOW },
			{ routerId: isp.routerId, kind: 'resource', data: { identity: 'r', version: '7.16', rosMajor: 7, board: null, architecture: null, uptime: '2d', uptimeSeconds: 172800, cpuLoad: 17, freeMemory: null, totalMemory: null }, takenAt: NOW },
			// The dead router's last count is stale: it must not add to "online now".
			{ routerId: down, kind: 'online', data: { sessions: [session('x'), session('y')] }, takenAt: NOW }
		]);
		const health = await routerHealth(t.db);
		const up = health.find((r) => r.id === isp.routerId)!;
		expect(up).toMatchObject({ status: 'up', cpuLoad: 17, uptimeSeconds: 172800, online: 3 });
		expect(health.find((r) => r.id === down)).toMatchObject({ status: 'down', online: 2, cpuLoad: null, lastError: 'timeout' });
		expect(onlineNow(health)).toEqual({ online: 3, routersUp: 1, routersDown: 1, readAt: NOW });
		await t.db.delete(routerSnapshots);
		await t.db.delete(routers).where(eqId(down));
	});

	it('assembles every figure for the page', async () => {
		const a = await account();
		await makeSubscription(t.db, isp, a.customerId, { startDate: '2026-02-01', status: 'isolated' });
		await invoice({ ...a, due: addDays(TODAY, -3), amount: 150_000 });
		await payment({ customerId: a.customerId, amount: 150_000, at: wib('2026-11-10', '10:00'), method: 'transfer' });
		const d = await dashboard(t.db, { now: NOW, timeZone: TZ });
		expect(d.month).toBe('2026-11');
		expect(d.counts).toEqual({ activeSubscriptions: 1, isolated: 1, unpaidTotal: 150_000, unpaidInvoices: 1 });
		expect(d.collectedTotal).toBe(150_000);
		expect(d.revenue).toHaveLength(12);
		expect(d.aging.find((b) => b.bucket === 'd1_30')?.amount).toBe(150_000);
		expect(d.attention).toEqual({ flaggedPayments: 0, pendingHandovers: 0, rejectedSyncOps: 0 });
	});

	it('counts what waits for a person: flagged payments, uncounted hand-overs, refused phone operations', async () => {
		const { customerId } = await account();
		const flagged = await payment({ customerId, amount: 50_000, at: wib('2026-11-10', '10:00') });
		await payment({ customerId, amount: 60_000, at: wib('2026-11-10', '11:00') });
		await t.db.update(payments).set({ flag: 'device-cash-invoice-paid:INV-1' }).where(sqlEq(payments.id, flagged));
		const tech = await makeStaff(t.db, 'technician');
		const handover = { technicianId: tech.id, expectedAmount: 1, amount: 1, handedOverAt: NOW };
		await t.db.insert(cashHandovers).values([
			{ ...handover, id: randomUUID(), status: 'pending' },
			{ ...handover, id: randomUUID(), status: 'confirmed', countedAmount: 1 },
			{ ...handover, id: randomUUID(), status: 'pending', deletedAt: NOW }
		]);
		const deviceId = randomUUID();
		await t.db.insert(syncDevices).values({ id: deviceId, userId: tech.id });
		const op = { deviceId, type: 'visit', payload: {} };
		await t.db.insert(syncOps).values([
			{ ...op, seq: 1, opId: randomUUID(), status: 'rejected', error: 'sync.rejected.invalid' },
			{ ...op, seq: 2, opId: randomUUID(), status: 'applied' }
		]);
		expect(await attentionCounts(t.db)).toEqual({ flaggedPayments: 1, pendingHandovers: 1, rejectedSyncOps: 1 });
	});
});

function eqId(id: string) {
	return sqlEq(routers.id, id);
}

describe('reports', () => {
	it('monthly revenue filters by area and counts a void for the collector of the payment it cancels', async () => {
		const [collector, admin] = [await makeStaff(t.db, 'technician'), await makeStaff(t.db, 'admin')];
		const otherArea = { ...isp, areaId: randomUUID() };
		await t.db.insert(areas).values({ id: otherArea.areaId, name: `Area lain ${otherArea.areaId.slice(0, 4)}` });
		const here = await account();
		const there = await account(otherArea);
		const ctx = (): LedgerContext => ({ timeZone: TZ, rules: DEFAULT_BILLING_RULES, actorUserId: admin.id, ipAddress: null, t: translator('id'), now: NOW });
		const first = await recordPayment(
			t.db,
			{ customerId: here.customerId, amount: 100_000, method: 'cash', receivedAt: wib('2026-11-05', '10:00'), source: 'device', externalId: randomUUID(), collectedBy: collector.id },
			ctx()
		);
		await recordPayment(
			t.db,
			{ customerId: there.customerId, amount: 60_000, method: 'cash', receivedAt: wib('2026-11-06', '10:00'), source: 'device', externalId: randomUUID(), collectedBy: collector.id },
			ctx()
		);
		await voidPayment(t.db, { paymentId: first.paymentId, reason: 'salah catat' }, ctx());

		const all = await revenueReport(t.db, { from: '2026-11', to: '2026-11' }, NOW, TZ);
		expect(all.rows).toEqual([{ month: '2026-11', cash: 60_000, transfer: 0, midtrans: 0, received: 160_000, voided: -100_000, net: 60_000, payments: 2 }]);
		const area = await revenueReport(t.db, { from: '2026-11', to: '2026-11', areaId: isp.areaId }, NOW, TZ);
		expect(area.total).toMatchObject({ received: 100_000, voided: -100_000, net: 0 });
		// The void was recorded by the admin but undoes the technician's money.
		const byCollector = await revenueReport(t.db, { from: '2026-11', to: '2026-11', collectedBy: collector.id }, NOW, TZ);
		expect(byCollector.total).toMatchObject({ received: 160_000, voided: -100_000, net: 60_000 });
		const byAdmin = await revenueReport(t.db, { from: '2026-11', to: '2026-11', collectedBy: admin.id }, NOW, TZ);
		expect(byAdmin.total.net).toBe(0);
		expect((await revenueReport(t.db, {}, NOW, TZ)).rows.map((r) => r.month)).toEqual((await revenueByMonth(t.db, { now: NOW, timeZone: TZ })).map((r) => r.month));
	});

	it('arrears per area adds up per bucket and counts isolated subscriptions', async () => {
		const a = await account();
		const b = await account();
		await invoice({ ...a, due: addDays(TODAY, -10), amount: 150_000 });
		await invoice({ ...a, due: addDays(TODAY, -40), amount: 150_000, paid: 50_000 });
		await invoice({ ...b, due: addDays(TODAY, -95), amount: 200_000 });
		await t.pool.query("UPDATE subscriptions SET status = 'isolated' WHERE id = ?", [b.subscriptionId]);
		const report = await arrearsReport(t.db, {}, NOW, TZ);
		const row = report.rows.find((r) => r.areaId === isp.areaId)!;
		expect(row).toMatchObject({ customers: 2, invoices: 3, owed: 450_000, current: 0, d1_30: 150_000, d31_60: 100_000, d61_90: 0, d91: 200_000, isolated: 1 });
		const narrowed = await arrearsReport(t.db, { from: addDays(TODAY, -50), to: TODAY, areaId: isp.areaId }, NOW, TZ);
		expect(narrowed.rows).toHaveLength(1);
		expect(narrowed.total.owed).toBe(250_000);
	});

	it('collector performance shows cash not yet handed over, the hand-over difference and what is still owed', async () => {
		const tech = await makeStaff(t.db, 'technician');
		const { customerId } = await account();
		const handed = await payment({ customerId, amount: 150_000, at: wib('2026-11-10', '09:00'), collectedBy: tech.id, source: 'device' });
		await payment({ customerId, amount: 100_000, at: wib('2026-11-11', '09:00'), collectedBy: tech.id, source: 'device' });
		await payment({ customerId, amount: 75_000, at: wib('2026-11-11', '10:00'), method: 'midtrans' });
		const handoverId = randomUUID();
		await t.db.insert(cashHandovers).values({ id: handoverId, technicianId: tech.id, expectedAmount: 150_000, amount: 150_000, countedAmount: 145_000, status: 'confirmed', handedOverAt: wib('2026-11-12', '17:00') });
		await t.db.insert(handoverPayments).values({ paymentId: handed, handoverId });

		const report = await collectorReport(t.db, { from: '2026-11-01', to: '2026-11-30' }, NOW, TZ);
		expect(report.rows.find((r) => r.userId === tech.id)).toMatchObject({
			name: tech.name,
			payments: 2,
			cash: 250_000,
			net: 250_000,
			cashNotHandedOver: 100_000,
			handovers: 1,
			handoversPending: 0,
			handedOverExpected: 150_000,
			handedOverCounted: 145_000,
			handoverDifference: -5_000,
			// The 100.000 never handed over and the 5.000 the office counted short.
			cashOwed: 105_000
		});
		expect(report.rows.at(-1)).toMatchObject({ userId: null, midtrans: 75_000 });
		// A month with nothing collected still lists what the collector owes.
		const outside = await collectorReport(t.db, { from: '2026-10-01', to: '2026-10-31' }, NOW, TZ);
		expect(outside.rows.map((r) => [r.userId, r.payments, r.cashOwed])).toEqual([[tech.id, 0, 105_000]]);
	});

	it('pages the ledger by keyset and totals the whole filter', async () => {
		const { customerId } = await account();
		for (let i = 0; i < 25; i++) await payment({ customerId, amount: 1_000 + i, at: new Date(wib('2026-11-01', '08:00').getTime() + i * 60_000) });
		await payment({ customerId, amount: 500, at: wib('2026-11-02', '08:00'), method: 'credit' });
		const first = await ledgerPage(t.db, ledgerListInput.parse({ pageSize: 10, from: '2026-11-01', to: '2026-11-30' }), TZ);
		expect(first.total).toBe(26);
		expect(first.rows).toHaveLength(10);
		expect(first.totals.moneyIn).toBe(25 * 1_000 + (24 * 25) / 2);
		const second = await ledgerPage(t.db, ledgerListInput.parse({ pageSize: 10, from: '2026-11-01', to: '2026-11-30', cursor: first.nextCursor! }), TZ);
		expect(second.rows.map((r) => r.id)).not.toContain(first.rows[0].id);
		expect(new Date(second.rows[0].receivedAt).getTime()).toBeLessThanOrEqual(new Date(first.rows[9].receivedAt).getTime());
		const cashOnly = await ledgerPage(t.db, ledgerListInput.parse({ method: 'credit' }), TZ);
		expect(cashOnly.total).toBe(1);
		// The export announces the same count the page shows.
		expect(await ledgerCount(t.db, { from: '2026-11-01', to: '2026-11-30' }, TZ)).toBe(26);
		expect(await ledgerCount(t.db, { method: 'credit' }, TZ)).toBe(1);

		let seen = 0;
		let batches = 0;
		for await (const batch of ledgerBatches(t.db, { from: '2026-11-01' }, TZ, 7)) {
			seen += batch.length;
			batches += 1;
		}
		expect([seen, batches]).toEqual([26, 4]);
	});

	it('the audit log filters by user, record and action prefix', async () => {
		const admin = await makeStaff(t.db, 'admin');
		await t.db.insert(auditLog).values([
			{ userId: admin.id, action: 'payment.record', entity: 'payment', entityId: 'p1', after: { amount: 1 }, at: wib('2026-11-01', '09:00') },
			{ userId: admin.id, action: 'payment.void', entity: 'payment', entityId: 'p1', before: { voided: false }, after: { voided: true }, at: wib('2026-11-02', '09:00') },
			{ userId: null, action: 'subscription.isolate', entity: 'subscription', entityId: 's1', at: wib('2026-11-03', '09:00') }
		]);
		const byAction = await auditPage(t.db, auditListInput.parse({ action: 'payment' }), TZ);
		expect(byAction.rows.map((r) => r.action)).toEqual(['payment.void', 'payment.record']);
		expect((await auditPage(t.db, auditListInput.parse({ entity: 'subscription', entityId: 's1' }), TZ)).total).toBe(1);
		expect((await auditPage(t.db, auditListInput.parse({ userId: admin.id, from: '2026-11-02', to: '2026-11-02' }), TZ)).rows.map((r) => r.action)).toEqual(['payment.void']);
		// A `%` typed in the filter is a character, not a wildcard.
		expect((await auditPage(t.db, auditListInput.parse({ action: '%' }), TZ)).total).toBe(0);
	});
});

describe('CSV exports', () => {
	async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
		return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
	}

	it('streams the ledger with a BOM, quoted text, Indonesian names and plain rupiah', async () => {
		const customerId = await makeCustomer(t.db, isp);
		await t.db.update(customers).set({ name: 'Bu "Siti", Warung Kopi Ñusantara' }).where(sqlEq(customers.id, customerId));
		await payment({ customerId, amount: 1_250_000, at: wib('2026-11-05', '23:30'), method: 'transfer' });
		const text = await read(ledgerCsv({ db: t.db, t: translator('id'), timeZone: TZ }, {}));
		expect(text.startsWith('\uFEFF')).toBe(true);
		const lines = text.slice(1).split('\r\n');
		expect(lines[0]).toBe('Waktu diterima,Kuitansi,Kode pelanggan,Pelanggan,Area,Cara bayar,Sumber,Petugas,Jumlah,Membatalkan,Catatan');
		expect(lines[1]).toContain('2026-11-05 23:30,');
		expect(lines[1]).toContain(',"Bu ""Siti"", Warung Kopi Ñusantara",');
		expect(lines[1]).toContain(',1250000,');
		expect(lines.at(-1)).toBe('');
	});

	it('writes a small report in the reader’s language', async () => {
		const { customerId } = await account();
		await payment({ customerId, amount: 150_000, at: wib('2026-11-05', '10:00') });
		const csv = revenueCsv(translator('en'), await revenueReport(t.db, { from: '2026-10', to: '2026-11' }, NOW, TZ));
		expect(csv).toBe('\uFEFFMonth,Cash,Bank transfer,Online (Midtrans),Received,Voided,Net,Payments\r\n2026-10,0,0,0,0,0,0,0\r\n2026-11,150000,0,0,150000,0,150000,1\r\n');
	});
});

describe('who may see reports', () => {
	it('refuses technicians everything, lets office staff read reports but not the audit log', async () => {
		const tech = await tester.makeUser('technician', [isp.areaId]);
		const office = await tester.makeUser('office');
		const admin = await tester.makeUser('admin');
		for (const call of [
			tester.callerAs(tech).reports.dashboard(),
			tester.callerAs(tech).reports.revenue({}),
			tester.callerAs(tech).reports.arrears({}),
			tester.callerAs(tech).reports.collectors({}),
			tester.callerAs(tech).reports.ledger({}),
			tester.callerAs(tech).reports.audit({}),
			tester.callerAs(office).reports.audit({})
		]) {
			expect((await errorOf(call)).code).toBe('FORBIDDEN');
		}
		expect((await errorOf(tester.callerAs(null).reports.dashboard())).code).toBe('UNAUTHORIZED');
		await expect(tester.callerAs(office).reports.dashboard()).resolves.toHaveProperty('counts');
		await expect(tester.callerAs(admin).reports.audit({})).resolves.toHaveProperty('rows');
	});

	it('answers a bad filter with a translated field error', async () => {
		const office = await tester.makeUser('office');
		const err = await errorOf(tester.callerAs(office, 'en').reports.collectors({ from: '2026-11-30', to: '2026-11-01' }));
		expect(err.code).toBe('BAD_REQUEST');
		const bad = await errorOf(tester.callerAs(office).reports.revenue({ from: '2026-13' }));
		expect(bad.code).toBe('BAD_REQUEST');
	});

	it('refuses dates at the edges of the calendar, and a span too long once its defaults are filled in, with the field named', async () => {
		const admin = await tester.makeUser('admin');
		const as = tester.callerAs(admin, 'en');
		const cases: Array<[string, () => Promise<unknown>, string]> = [
			['revenue from year 0', () => as.reports.revenue({ from: '0000-01' }), 'from'],
			['revenue to year 9999', () => as.reports.revenue({ to: '9999-12' }), 'to'],
			// Both within the accepted years, but from 2000 to this month is more than five years.
			['revenue from 2000 alone', () => as.reports.revenue({ from: '2000-01' }), 'from'],
			['arrears to 9999-12-31', () => as.reports.arrears({ to: '9999-12-31' }), 'to'],
			['collectors from 0001-01-01', () => as.reports.collectors({ from: '0001-01-01' }), 'from'],
			// Within the accepted years, but up to today (the default end) it is more than five years.
			['collectors from 2000 alone', () => as.reports.collectors({ from: '2000-01-01' }), 'from'],
			// Alone, a future start lies after the default end (today).
			['collectors from 2099 alone', () => as.reports.collectors({ from: '2099-01-01' }), 'from'],
			['ledger to 9999-12-31', () => as.reports.ledger({ to: '9999-12-31' }), 'to'],
			['audit to 9999-12-31', () => as.reports.audit({ to: '9999-12-31' }), 'to'],
			['payments to 9999-12-31', () => as.payments.list({ to: '9999-12-31' }), 'to'],
			['invoices period 0000-01', () => as.invoices.list({ period: '0000-01' }), 'period'],
			['handovers from 1969-12-31', () => as.handovers.list({ from: '1969-12-31' }), 'from'],
			['print period 9999-12', () => as.invoices.printBatch({ period: '9999-12' }), 'period']
		];
		for (const [name, call, field] of cases) {
			const err = await errorOf(call());
			expect(err.code, name).toBe('BAD_REQUEST');
			expect(Object.keys(fieldErrorsOf(err, 'en')), name).toEqual([field]);
		}
		const [yearMessage] = fieldErrorsOf(await errorOf(as.reports.arrears({ to: '9999-12-31' })), 'en').to;
		expect(yearMessage).toBe('The year must be between 2000 and 2100.');
		// The edges themselves are fine.
		await expect(as.reports.revenue({ from: '2096-01', to: '2100-12' })).resolves.toHaveProperty('rows');
		await expect(as.payments.list({ from: '2000-01-01', to: '2100-12-31' })).resolves.toHaveProperty('rows');
	});
});
