import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { errorOf, trpcTester } from '../../../../tests/trpc';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { areas, customers, invoices, payments, routerJobs, routers, subscriptions, syncDevices, syncOps, users, visits } from '../db/schema';
import { runBilling } from '../billing/billing-run';
import { recordPayment } from '../billing/payments';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { addDays, localDateOf } from '../../shared/dates';
import { translator } from '../../shared/i18n/index';
import type { PushInput, PushOpResult, SyncOperation } from '../../shared/sync/operations';
import type { SessionUser } from '../auth/session';
import { keyTranslator, pushOperations, type PushContext } from './push';
import { rejectionOf, SyncRejection } from './errors';
import { FieldValidationError } from '../trpc/trpc';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let otherArea: string;
let tech: SessionUser;
const today = localDateOf(new Date(), 'Asia/Jakarta');

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	otherArea = randomUUID();
	await t.db.insert(areas).values({ id: otherArea, name: 'Area Lain' });
	tech = await makeUser('technician', [isp.areaId]);
});
afterAll(async () => t?.drop());

/** A customer of `area` with one subscription and its first (open) invoice. */
async function customerWithInvoice(opts: { isolated?: boolean; area?: string } = {}) {
	const customerId = await makeCustomer(t.db, { ...isp, areaId: opts.area ?? isp.areaId });
	const subscriptionId = await makeSubscription(t.db, isp, customerId, { startDate: today, status: opts.isolated ? 'isolated' : 'active' });
	await runBilling(t.db, { today, rules: DEFAULT_BILLING_RULES, subscriptionIds: [subscriptionId] });
	const [invoice] = await t.db.select().from(invoices).where(eq(invoices.subscriptionId, subscriptionId));
	return { customerId, subscriptionId, invoice };
}

function cash(customerId: string, invoiceId: string | null, amount: number): SyncOperation {
	return { type: 'cash-payment', paymentId: randomUUID(), customerId, invoiceId, amount, receivedAt: new Date().toISOString() };
}

/** A device's queue: seq from `from`, a fresh opId per operation. */
function batch(deviceId: string, ops: SyncOperation[], from = 1): PushInput {
	return { deviceId, operations: ops.map((op, i) => ({ seq: from + i, opId: randomUUID(), op })) };
}

/** A new installation in the technician's area, as the phone registers it. */
function installation(): Extract<SyncOperation, { type: 'register-customer' }> {
	return {
		type: 'register-customer',
		customerId: randomUUID(),
		subscriptionId: randomUUID(),
		name: 'Pak Joko',
		address: 'Jl. Mawar 9',
		areaId: isp.areaId,
		packageId: isp.packageId,
		serviceUsername: `joko${randomUUID().slice(0, 6)}`,
		servicePassword: 'rahasia123',
		startDate: today
	};
}

async function paymentCount(customerId: string): Promise<number> {
	const [row] = await t.db.select({ n: count() }).from(payments).where(eq(payments.customerId, customerId));
	return row.n;
}

describe('sync.push', () => {
	it('records cash with the device as source and the technician as collector, once however often it is resent', async () => {
		const { customerId, invoice } = await customerWithInvoice();
		const input = batch(randomUUID(), [cash(customerId, invoice.id, 50000), cash(customerId, invoice.id, 40000), cash(customerId, null, 10000)]);
		const first = await callerAs(tech).sync.push(input);
		expect(first.lastAppliedSeq).toBe(3);
		expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		expect(first.results[0].result?.receiptNumber).toMatch(/^RCP-\d{6}-\d{6}$/);

		const op = input.operations[0].op as Extract<SyncOperation, { type: 'cash-payment' }>;
		const [row] = await t.db.select().from(payments).where(eq(payments.id, op.paymentId));
		expect(row).toMatchObject({ source: 'device', externalId: op.paymentId, method: 'cash', collectedBy: tech.id, amount: 50000 });

		// The reply was lost: the phone sends the same batch again and gets the same answers.
		const again = await callerAs(tech).sync.push(input);
		expect(again).toEqual(first);
		expect(await paymentCount(customerId)).toBe(3);
		const [inv] = await t.db.select().from(invoices).where(eq(invoices.id, invoice.id));
		expect(inv.amountPaid).toBe(Math.min(100000, invoice.amount));
	});

	it('after a lost reply, a resend of the whole queue plus new operations applies only the new ones', async () => {
		const { customerId, invoice } = await customerWithInvoice();
		const deviceId = randomUUID();
		const queue = batch(deviceId, [cash(customerId, invoice.id, 1000), cash(customerId, invoice.id, 2000), cash(customerId, invoice.id, 3000), cash(customerId, invoice.id, 4000)]);
		// The server committed the first two, the phone never heard.
		await callerAs(tech).sync.push({ deviceId, operations: queue.operations.slice(0, 2) });
		const out = await callerAs(tech).sync.push(queue);
		expect(out.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
		expect(out.lastAppliedSeq).toBe(4);
		expect(await paymentCount(customerId)).toBe(4);
	});

	it('applies each operation once when the same batch is pushed twice at the same moment', async () => {
		const { customerId } = await customerWithInvoice();
		const input = batch(randomUUID(), Array.from({ length: 8 }, () => cash(customerId, null, 5000)));
		const [a, b] = await Promise.all([callerAs(tech).sync.push(input), callerAs(tech).sync.push(input)]);
		expect(await paymentCount(customerId)).toBe(8);
		for (const out of [a, b]) {
			for (const r of out.results) expect(['applied', 'retry']).toContain(r.status);
		}
		// Whichever push answered an operation, it answered with the same receipt.
		for (const [i, r] of a.results.entries()) {
			if (r.status === 'applied' && b.results[i].status === 'applied') expect(b.results[i].result?.receiptNumber).toBe(r.result?.receiptNumber);
		}
		const ra = a.results.filter((r) => r.status === 'applied').map((r) => r.result?.receiptNumber);
		const rb = b.results.filter((r) => r.status === 'applied').map((r) => r.result?.receiptNumber);
		expect(new Set([...ra, ...rb]).size).toBe(8);
	});

	it('stores a refusal with its reason, keeps going, and answers a resend with the same refusal', async () => {
		const mine = await customerWithInvoice();
		const theirs = await customerWithInvoice({ area: otherArea });
		const input = batch(randomUUID(), [cash(theirs.customerId, theirs.invoice.id, 7000), cash(mine.customerId, mine.invoice.id, 7000)]);
		const out = await callerAs(tech).sync.push(input);
		expect(out.results[0]).toMatchObject({ status: 'rejected', error: { key: 'sync.rejected.outsideArea' } });
		expect(out.results[1].status).toBe('applied');
		expect(out.lastAppliedSeq).toBe(2);
		expect(await paymentCount(theirs.customerId)).toBe(0);
		const [stored] = await t.db.select().from(syncOps).where(eq(syncOps.opId, input.operations[0].opId));
		expect(stored).toMatchObject({ status: 'rejected', error: 'sync.rejected.outsideArea', type: 'cash-payment' });
		expect((await callerAs(tech).sync.push(input)).results[0]).toEqual(out.results[0]);
		// The office sees it with the technician's name.
		const office = await makeUser('office');
		const review = await callerAs(office).sync.rejected({});
		expect(review.operations.find((o) => o.opId === input.operations[0].opId)).toMatchObject({ technicianName: tech.name, error: 'sync.rejected.outsideArea', summary: { amount: 7000 } });
	});

	it('answers retry for everything after a gap in the sequence and applies nothing', async () => {
		const { customerId } = await customerWithInvoice();
		const input = batch(randomUUID(), [cash(customerId, null, 1000), cash(customerId, null, 1000)], 2);
		const out = await callerAs(tech).sync.push(input);
		expect(out.results.map((r) => r.status)).toEqual(['retry', 'retry']);
		expect(out.lastAppliedSeq).toBe(0);
		expect(await paymentCount(customerId)).toBe(0);
	});

	it('records cash for an invoice paid online meanwhile as credit, flagged for the office', async () => {
		const { customerId, invoice } = await customerWithInvoice();
		await recordPayment(
			t.db,
			{ customerId, invoiceId: invoice.id, amount: invoice.amount, method: 'transfer', receivedAt: new Date(), source: 'midtrans', externalId: randomUUID(), collectedBy: null },
			{ timeZone: 'Asia/Jakarta', rules: DEFAULT_BILLING_RULES, actorUserId: null, ipAddress: null, t: translator('id') }
		);
		const op = cash(customerId, invoice.id, invoice.amount) as Extract<SyncOperation, { type: 'cash-payment' }>;
		const out = await callerAs(tech).sync.push(batch(randomUUID(), [op]));
		expect(out.results[0]).toMatchObject({ status: 'applied', result: { becameCredit: true, creditAdded: invoice.amount } });
		const [p] = await t.db.select().from(payments).where(eq(payments.id, op.paymentId));
		// The same money through another channel, owing nothing when it landed: also a likely duplicate (issue #13).
		expect(p.flag).toMatch(new RegExp(`^device-cash-invoice-paid:${invoice.number}; likely-duplicate:RCP-\\d{6}-\\d{6}:${invoice.amount}$`));
		const [c] = await t.db.select().from(customers).where(eq(customers.id, customerId));
		expect(c.creditBalance).toBe(invoice.amount);
	});

	it('restores an isolated subscription at once when its arrears are paid', async () => {
		const { customerId, subscriptionId, invoice } = await customerWithInvoice({ isolated: true });
		const out = await callerAs(tech).sync.push(batch(randomUUID(), [cash(customerId, invoice.id, invoice.amount)]));
		expect(out.results[0].result?.restoredSubscriptionIds).toEqual([subscriptionId]);
		const [sub] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
		expect(sub).toMatchObject({ status: 'active', desiredRouterState: 'active' });
		const jobs = await t.db.select().from(routerJobs).where(and(eq(routerJobs.subscriptionId, subscriptionId), eq(routerJobs.action, 'restore')));
		expect(jobs).toHaveLength(1);
	});

	it('registers a new customer and subscription with the phone ids, queues provisioning, and does it once', async () => {
		const op: SyncOperation = {
			type: 'register-customer',
			customerId: randomUUID(),
			subscriptionId: randomUUID(),
			name: 'Bu Sari',
			phone: '0812-3456-7890',
			address: 'Jl. Kenanga 5',
			areaId: isp.areaId,
			packageId: isp.packageId,
			serviceUsername: `sari${randomUUID().slice(0, 6)}`,
			servicePassword: 'rahasia123',
			startDate: today
		};
		const input = batch(randomUUID(), [op]);
		const out = await callerAs(tech).sync.push(input);
		expect(out.results[0]).toMatchObject({ status: 'applied', result: { customerId: op.customerId, subscriptionId: op.subscriptionId, provisioning: 'queued', routerId: isp.routerId } });
		expect(out.results[0].result?.customerCode).toMatch(/^C\d{6}$/);
		expect(await callerAs(tech).sync.push(input)).toEqual(out);
		const [c] = await t.db.select().from(customers).where(eq(customers.id, op.customerId));
		expect(c).toMatchObject({ phone: '081234567890', areaId: isp.areaId, createdBy: tech.id });
		const jobs = await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, op.subscriptionId));
		expect(jobs.map((j) => j.action)).toEqual(['provision']);
		// The stored operation never keeps the service password.
		const [stored] = await t.db.select().from(syncOps).where(eq(syncOps.opId, input.operations[0].opId));
		expect(JSON.stringify(stored.payload)).not.toContain('rahasia123');

		const elsewhere = await callerAs(tech).sync.push(batch(randomUUID(), [{ ...op, customerId: randomUUID(), subscriptionId: randomUUID(), areaId: otherArea }]));
		expect(elsewhere.results[0]).toMatchObject({ status: 'rejected', error: { key: 'sync.rejected.outsideArea' } });
	});

	it('logs visits; a promise to pay holds isolation of the customer\'s subscriptions until that day', async () => {
		const { customerId, subscriptionId } = await customerWithInvoice();
		const promised: SyncOperation = { type: 'visit', visitId: randomUUID(), customerId, outcome: 'promised', promisedDate: addDays(today, 5), visitedAt: new Date().toISOString(), note: 'gajian tgl 5' };
		const notHome: SyncOperation = { type: 'visit', visitId: randomUUID(), customerId, outcome: 'not-home', visitedAt: new Date().toISOString() };
		const tooLate: SyncOperation = { type: 'visit', visitId: randomUUID(), customerId, outcome: 'promised', promisedDate: addDays(today, 60), visitedAt: new Date().toISOString() };
		const out = await callerAs(tech).sync.push(batch(randomUUID(), [promised, notHome, tooLate]));
		expect(out.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
		expect(out.results[2].error).toEqual({ key: 'validation.holdRange', params: { field: 'promisedDate' } });
		const [sub] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
		expect(sub.isolationHoldUntil).toBe(addDays(today, 5));
		const logged = await t.db.select().from(visits).where(eq(visits.customerId, customerId));
		expect(logged.map((v) => v.outcome).sort()).toEqual(['not-home', 'promised']);
		expect(logged.every((v) => v.userId === tech.id)).toBe(true);
	});

	it('hands cash over; the office confirms with its count and both see the difference', async () => {
		const collector = await makeUser('technician', [isp.areaId]);
		const { customerId } = await customerWithInvoice();
		const deviceId = randomUUID();
		const paid = [cash(customerId, null, 20000), cash(customerId, null, 30000)] as Array<Extract<SyncOperation, { type: 'cash-payment' }>>;
		const handoverId = randomUUID();
		const handover: SyncOperation = { type: 'handover', handoverId, paymentIds: paid.map((p) => p.paymentId), amount: 50000, createdAt: new Date().toISOString() };
		const out = await callerAs(collector).sync.push(batch(deviceId, [...paid, handover]));
		expect(out.results[2]).toMatchObject({ status: 'applied', result: { expectedAmount: 50000, amount: 50000, difference: 0 } });

		// The same payments cannot be handed over twice, nor by someone else.
		const twice: SyncOperation = { ...handover, handoverId: randomUUID() } as SyncOperation;
		const again = await callerAs(collector).sync.push(batch(deviceId, [twice], 4));
		expect(again.results[0].error?.key).toBe('sync.rejected.alreadyHandedOver');
		const stranger = await callerAs(tech).sync.push(batch(randomUUID(), [{ ...handover, handoverId: randomUUID() } as SyncOperation]));
		expect(stranger.results[0].error?.key).toBe('sync.rejected.handoverNotYours');

		const office = await makeUser('office');
		expect((await errorOf(callerAs(collector).handovers.confirm({ id: handoverId, countedAmount: 45000 }))).code).toBe('FORBIDDEN');
		const pending = await callerAs(office).handovers.list({ status: 'pending' });
		expect(pending.rows.find((h) => h.id === handoverId)).toMatchObject({ technicianName: collector.name, expectedAmount: 50000, payments: 2 });
		// Counted short of what was handed over: confirmed only explicitly, with the reason; the 5.000 stays owed.
		const confirmed = await callerAs(office).handovers.confirm({ id: handoverId, countedAmount: 45000, acceptShortfall: true, note: 'kurang 5rb' });
		expect(confirmed).toEqual({ difference: -5000, duplicate: false, owed: 5000 });
		expect((await callerAs(office).handovers.confirm({ id: handoverId, countedAmount: 45000 })).duplicate).toBe(true);
		expect((await errorOf(callerAs(office).handovers.confirm({ id: handoverId, countedAmount: 50000 }))).code).toBe('BAD_REQUEST');
		const [listed] = (await callerAs(office).handovers.list({ status: 'confirmed' })).rows.filter((h) => h.id === handoverId);
		expect(listed).toMatchObject({ countedAmount: 45000, difference: -5000, confirmedByName: office.name });

		// The technician's phone sees the office's count on its next pull.
		const pulled = await callerAs(collector).sync.pull({ deviceId, cursor: 0, limit: 2000 });
		expect(pulled.rows.handovers).toEqual([
			expect.objectContaining({ id: handoverId, amount: 50000, countedAmount: 45000, status: 'confirmed', paymentIds: expect.arrayContaining(paid.map((p) => p.paymentId)) })
		]);
	});

	it('refuses a disabled account\'s phone and shows the phone to the office; without a session, 401 and no write', async () => {
		const leaver = await makeUser('technician', [isp.areaId]);
		const { customerId } = await customerWithInvoice();
		const deviceId = randomUUID();
		await callerAs(leaver).sync.push(batch(deviceId, [cash(customerId, null, 1000)]));
		await t.db.update(users).set({ active: false }).where(eq(users.id, leaver.id));
		const queued = batch(deviceId, [cash(customerId, null, 2000), cash(customerId, null, 3000)], 2);
		// Anonymous, with the disabled technician's device id: signed out, and the device row untouched.
		const deviceRow = async () => (await t.db.select().from(syncDevices).where(eq(syncDevices.id, deviceId)))[0];
		const before = await deviceRow();
		for (const call of [() => callerAs(null).sync.push(queued), () => callerAs(null).sync.pull({ deviceId, cursor: 0, limit: 100 })]) {
			expect((await errorOf(call())).code).toBe('UNAUTHORIZED');
		}
		expect(await deviceRow()).toEqual(before);
		expect(before.refusedAt).toBeNull();
		const refused = await errorOf(callerAs(leaver).sync.push(queued));
		expect(refused.code).toBe('FORBIDDEN');
		expect(refused.message).toBe(translator('id')('sync.accountDisabled'));
		expect((await errorOf(callerAs(leaver).sync.pull({ deviceId, cursor: 0, limit: 100 }))).code).toBe('FORBIDDEN');
		expect(await paymentCount(customerId)).toBe(1);
		// Someone unknown with no session is simply signed out.
		expect((await errorOf(callerAs(null).sync.push(batch(randomUUID(), [])))).code).toBe('UNAUTHORIZED');

		const office = await makeUser('office');
		const { disabledDevices } = await callerAs(office).sync.rejected({});
		expect(disabledDevices.find((d) => d.deviceId === deviceId)).toMatchObject({ technicianName: leaver.name, lastAppliedSeq: 1, refusedOps: 2 });
	});

	it('checks roles and device ownership', async () => {
		const office = await makeUser('office');
		const deviceId = randomUUID();
		expect((await errorOf(callerAs(office).sync.push(batch(deviceId, [])))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(tech).sync.rejected({}))).code).toBe('FORBIDDEN');
		await callerAs(tech).sync.push(batch(deviceId, []));
		const other = await makeUser('technician', [isp.areaId]);
		expect((await errorOf(callerAs(other).sync.pull({ deviceId, cursor: 0, limit: 10 }))).code).toBe('FORBIDDEN');
		const [device] = await t.db.select().from(syncDevices).where(eq(syncDevices.id, deviceId));
		expect(device.userId).toBe(tech.id);
		void sql;
	});

	it('applies a run of cash payments as one set with the answers one by one would give', async () => {
		const strict: PushContext = {
			actor: { userId: tech.id, role: 'technician', ipAddress: null, t: keyTranslator },
			t: translator('id'),
			areaIds: [isp.areaId],
			ledger: { timeZone: 'Asia/Jakarta', rules: DEFAULT_BILLING_RULES, actorUserId: tech.id, ipAddress: null, t: keyTranslator, secretsKey: '0'.repeat(64) }
		};
		/** The same route twice over fresh customers: once as a set, once one operation per transaction. */
		async function route(groupMaxOps: number | undefined) {
			const isolated = await customerWithInvoice({ isolated: true });
			// Overdue since long ago: only money that clears it lifts the isolation.
			await t.db.update(invoices).set({ dueDate: '2020-01-10' }).where(eq(invoices.id, isolated.invoice.id));
			const other = await customerWithInvoice();
			const outside = await customerWithInvoice({ area: otherArea });
			const taken = await recordPayment(t.db, { customerId: other.customerId, amount: 1000, method: 'cash', receivedAt: new Date(), source: 'office', externalId: randomUUID(), collectedBy: null }, strict.ledger);
			const half = Math.floor(isolated.invoice.amount / 2);
			const repeated = cash(other.customerId, other.invoice.id, 2000);
			const ops: SyncOperation[] = [
				cash(isolated.customerId, isolated.invoice.id, half),
				cash(outside.customerId, outside.invoice.id, 3000),
				cash(isolated.customerId, isolated.invoice.id, isolated.invoice.amount - half),
				{ ...(cash(other.customerId, null, 4000) as Extract<SyncOperation, { type: 'cash-payment' }>), paymentId: taken.paymentId },
				cash(other.customerId, isolated.invoice.id, 5000),
				repeated,
				{ ...repeated },
				cash(other.customerId, other.invoice.id, other.invoice.amount),
				// Its invoice was paid by the two before it in this same sync: flagged, kept as credit.
				cash(isolated.customerId, isolated.invoice.id, 1000)
			];
			const out = await pushOperations(t.db, batch(randomUUID(), ops), { ...strict, groupMaxOps });
			const jobs = await t.db.select().from(routerJobs).where(and(eq(routerJobs.subscriptionId, isolated.subscriptionId), eq(routerJobs.action, 'restore')));
			return { out, ops, isolated, other, jobs };
		}
		const asSet = await route(undefined);
		const oneByOne = await route(1);
		const shape = (r: PushOpResult) => ({
			status: r.status,
			error: r.error?.key,
			amounts: (r.result?.allocations as Array<{ amount: number }> | undefined)?.map((a) => a.amount),
			creditAdded: r.result?.creditAdded,
			restored: (r.result?.restoredSubscriptionIds as string[] | undefined)?.length,
			flag: (r.result?.flag as string | null | undefined)?.split(':')[0]
		});
		expect(asSet.out.results.map(shape)).toEqual(oneByOne.out.results.map(shape));
		expect(asSet.out.results.map(shape)).toEqual([
			{ status: 'applied', error: undefined, amounts: [expect.any(Number)], creditAdded: 0, restored: 0, flag: undefined },
			{ status: 'rejected', error: 'sync.rejected.outsideArea', amounts: undefined, creditAdded: undefined, restored: undefined, flag: undefined },
			{ status: 'applied', error: undefined, amounts: [expect.any(Number)], creditAdded: 0, restored: 1, flag: undefined },
			{ status: 'rejected', error: 'sync.rejected.idConflict', amounts: undefined, creditAdded: undefined, restored: undefined, flag: undefined },
			{ status: 'rejected', error: 'sync.rejected.invoiceUnknown', amounts: undefined, creditAdded: undefined, restored: undefined, flag: undefined },
			{ status: 'applied', error: undefined, amounts: [2000], creditAdded: 0, restored: 0, flag: undefined },
			{ status: 'applied', error: undefined, amounts: [2000], creditAdded: 0, restored: 0, flag: undefined },
			{ status: 'applied', error: undefined, amounts: [asSet.other.invoice.amount - 3000], creditAdded: 3000, restored: 0, flag: undefined },
			{ status: 'applied', error: undefined, amounts: [], creditAdded: 1000, restored: 0, flag: 'device-cash-invoice-paid' }
		]);
		// The repeated payment is one payment with one receipt; the others got consecutive numbers in queue order.
		const receipts = asSet.out.results.filter((r) => r.status === 'applied').map((r) => String(r.result?.receiptNumber));
		expect(receipts[2]).toBe(receipts[3]);
		const serials = [...new Set(receipts)].map((n) => Number(n.slice(-6)));
		expect(serials).toEqual(serials.map((_, k) => serials[0] + k));
		expect(await paymentCount(asSet.other.customerId)).toBe(1 + 2);
		// The restore job names the payment that cleared the arrears.
		const clearing = asSet.ops[2] as Extract<SyncOperation, { type: 'cash-payment' }>;
		expect(asSet.jobs.map((j) => j.dedupeKey)).toEqual([`restore:${asSet.isolated.subscriptionId}:${clearing.paymentId}`]);
		const [sub] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, asSet.isolated.subscriptionId));
		expect(sub).toMatchObject({ status: 'active', desiredRouterState: 'active' });
	});

	it('refuses only the operation that breaks a set of cash payments, and applies the others', async () => {
		// A key conflict the set cannot foresee (here forced by a trigger on one note) fails the whole
		// set; the payments are then tried one by one, so that one is refused and the queue moves on.
		await t.db.execute(sql`CREATE TRIGGER payments_boom BEFORE INSERT ON payments FOR EACH ROW
			BEGIN IF NEW.note = 'boom' THEN SIGNAL SQLSTATE '23000' SET MESSAGE_TEXT = 'forced duplicate', MYSQL_ERRNO = 1062; END IF; END`);
		try {
			const { customerId } = await customerWithInvoice();
			const ops = [cash(customerId, null, 1000), { ...(cash(customerId, null, 2000) as Extract<SyncOperation, { type: 'cash-payment' }>), note: 'boom' }, cash(customerId, null, 3000)];
			const out = await callerAs(tech).sync.push(batch(randomUUID(), ops));
			expect(out.results.map((r) => [r.status, r.error?.key])).toEqual([
				['applied', undefined],
				['rejected', 'sync.rejected.idConflict'],
				['applied', undefined]
			]);
			expect(out.lastAppliedSeq).toBe(3);
			expect(await paymentCount(customerId)).toBe(2);
		} finally {
			await t.db.execute(sql`DROP TRIGGER payments_boom`);
		}
	});

	it('keeps every guarantee with one transaction per operation (no grouping)', async () => {
		const { customerId } = await customerWithInvoice();
		const strict: PushContext = {
			actor: { userId: tech.id, role: 'technician', ipAddress: null, t: keyTranslator },
			t: translator('id'),
			areaIds: [isp.areaId],
			ledger: { timeZone: 'Asia/Jakarta', rules: DEFAULT_BILLING_RULES, actorUserId: tech.id, ipAddress: null, t: keyTranslator, secretsKey: '0'.repeat(64) },
			groupMaxOps: 1
		};
		const input = batch(randomUUID(), [cash(randomUUID(), null, 1000), ...Array.from({ length: 5 }, () => cash(customerId, null, 2000))]);
		const [a, b] = await Promise.all([pushOperations(t.db, input, strict), pushOperations(t.db, input, strict)]);
		expect(a.results[0].error?.key).toBe('sync.rejected.customerUnknown');
		expect(await paymentCount(customerId)).toBe(5);
		expect(a.lastAppliedSeq === 6 || b.lastAppliedSeq === 6).toBe(true);
		const replay = await pushOperations(t.db, input, { ...strict, groupMaxOps: undefined });
		expect(replay.results.map((r) => r.status)).toEqual(['rejected', 'applied', 'applied', 'applied', 'applied', 'applied']);
		expect(await paymentCount(customerId)).toBe(5);
	});

	it('records cash for a voided invoice against what is still owed, flagged; a hand-over skips payments never recorded', async () => {
		const { customerId, invoice } = await customerWithInvoice();
		await t.db.update(invoices).set({ status: 'void', voidReason: 'salah' }).where(eq(invoices.id, invoice.id));
		const op = cash(customerId, invoice.id, 25000) as Extract<SyncOperation, { type: 'cash-payment' }>;
		const lost = cash(randomUUID(), null, 5000) as Extract<SyncOperation, { type: 'cash-payment' }>;
		const handover: SyncOperation = { type: 'handover', handoverId: randomUUID(), paymentIds: [op.paymentId, lost.paymentId], amount: 30000, createdAt: new Date().toISOString() };
		const out = await callerAs(tech).sync.push(batch(randomUUID(), [op, lost, handover]));
		expect(out.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
		expect(out.results[0].result).toMatchObject({ becameCredit: true, creditAdded: 25000, flag: `device-cash-invoice-void:${invoice.number}` });
		const [p] = await t.db.select().from(payments).where(eq(payments.id, op.paymentId));
		expect(p).toMatchObject({ invoiceId: null, flag: `device-cash-invoice-void:${invoice.number}` });
		expect(out.results[2].result).toMatchObject({ expectedAmount: 25000, amount: 30000, difference: 5000, missingPaymentIds: [lost.paymentId] });
	});

	it('tells refusals (stored) from temporary failures (retry)', () => {
		expect(rejectionOf(new SyncRejection('sync.rejected.outsideArea'))).toEqual({ key: 'sync.rejected.outsideArea', params: undefined });
		expect(rejectionOf(new FieldValidationError({ amount: ['validation.amount'] }))).toEqual({ key: 'validation.amount', params: { field: 'amount' } });
		const deadlock = Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 });
		expect(rejectionOf(new Error('Failed query', { cause: deadlock }))).toBeNull();
		expect(rejectionOf(Object.assign(new Error('Lock wait timeout'), { code: 'ER_LOCK_WAIT_TIMEOUT' }))).toBeNull();
		expect(rejectionOf(Object.assign(new Error('gone'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }))).toBeNull();
		expect(rejectionOf(new TypeError('a bug'))).toBeNull();
		expect(rejectionOf(Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' }))).toEqual({ key: 'sync.rejected.idConflict' });
	});

	it('leaves the router to the office when the ISP has more than one and the area names none, and says so', async () => {
		await t.db.insert(routers).values({ id: randomUUID(), name: 'Router Dua', host: '127.0.0.2', username: 'admin', passwordEnc: 'v1:x:y:z' });
		const op = installation();
		const out = await callerAs(tech).sync.push(batch(randomUUID(), [op]));
		expect(out.results[0]).toMatchObject({ status: 'applied', result: { routerId: null, provisioning: 'office' } });
		expect(await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, op.subscriptionId))).toEqual([]);
		const [c] = await t.db.select().from(customers).where(eq(customers.id, op.customerId));
		expect(c.phone).toBeNull();
	});

	it("provisions on the area's router when the area names one, even with several routers", async () => {
		const timur = randomUUID();
		await t.db.insert(routers).values({ id: timur, name: 'Router Timur', host: '127.0.0.3', username: 'admin', passwordEnc: 'v1:x:y:z' });
		await t.db.update(areas).set({ routerId: timur }).where(eq(areas.id, isp.areaId));
		try {
			const op = installation();
			const out = await callerAs(tech).sync.push(batch(randomUUID(), [op]));
			expect(out.results[0]).toMatchObject({ status: 'applied', result: { routerId: timur, provisioning: 'queued' } });
			const [sub] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, op.subscriptionId));
			expect(sub).toMatchObject({ routerId: timur, liveServiceUsername: op.serviceUsername });
			const jobs = await t.db.select().from(routerJobs).where(eq(routerJobs.subscriptionId, op.subscriptionId));
			expect(jobs.map((j) => [j.routerId, j.action, j.desiredState])).toEqual([[timur, 'provision', 'active']]);

			// A router deleted since no longer serves the area: back to "the office decides".
			await t.db.update(routers).set({ deletedAt: new Date() }).where(eq(routers.id, timur));
			const later = installation();
			const next = await callerAs(tech).sync.push(batch(randomUUID(), [later]));
			expect(next.results[0]).toMatchObject({ status: 'applied', result: { routerId: null, provisioning: 'office' } });
		} finally {
			await t.db.update(areas).set({ routerId: null }).where(eq(areas.id, isp.areaId));
		}
	});
});
