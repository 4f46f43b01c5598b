/**
 * Nothing one operation carries may hold a phone's queue up (issue #12, finding 6): ill-formed
 * text is refused per operation naming the field, and an operation that keeps failing for a
 * reason nobody classified is stored as rejected after a few attempts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../tests/trpc';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { areas, customers, invoices, payments, syncOps, visits } from '../db/schema';
import { runBilling } from '../billing/billing-run';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { localDateOf } from '../../shared/dates';
import type { PushEnvelope, SyncOperation } from '../../shared/sync/operations';
import type { SessionUser } from '../auth/session';
import { MAX_FAILED_ATTEMPTS } from './push';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let tech: SessionUser;
let office: SessionUser;
let admin: SessionUser;
const today = localDateOf(new Date(), 'Asia/Jakarta');
/** Half an emoji: the high surrogate of 😀 without its pair. */
const HALF_EMOJI = 'Lunas \ud83d dibayar';

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	tech = await makeUser('technician', [isp.areaId]);
	office = await makeUser('office');
	admin = await makeUser('admin');
});
afterAll(async () => t?.drop());

async function customerWithInvoice() {
	const customerId = await makeCustomer(t.db, isp);
	const subscriptionId = await makeSubscription(t.db, isp, customerId, { startDate: today });
	await runBilling(t.db, { today, rules: DEFAULT_BILLING_RULES, subscriptionIds: [subscriptionId] });
	const [invoice] = await t.db.select().from(invoices).where(eq(invoices.subscriptionId, subscriptionId));
	return { customerId, subscriptionId, invoice };
}

function cash(customerId: string, amount: number, note?: string): SyncOperation {
	return { type: 'cash-payment', paymentId: randomUUID(), customerId, invoiceId: null, amount, receivedAt: new Date().toISOString(), note };
}

function batch(deviceId: string, ops: unknown[], from = 1): PushEnvelope {
	return { deviceId, operations: ops.map((op, i) => ({ seq: from + i, opId: randomUUID(), op })) };
}

async function paymentCount(customerId: string): Promise<number> {
	const [row] = await t.db.select({ n: count() }).from(payments).where(eq(payments.customerId, customerId));
	return row.n;
}

describe('sync.push: ill-formed text', () => {
	it('refuses a lone surrogate or a control character in every operation kind, naming the field, and goes on with the next operation', async () => {
		const { customerId } = await customerWithInvoice();
		const install = (over: Record<string, unknown>) => ({
			type: 'register-customer',
			customerId: randomUUID(),
			subscriptionId: randomUUID(),
			name: 'Pak Joko',
			address: 'Jl. Mawar 9',
			areaId: isp.areaId,
			packageId: isp.packageId,
			serviceUsername: `joko${randomUUID().slice(0, 6)}`,
			servicePassword: 'rahasia123',
			startDate: today,
			...over
		});
		const visit = (note: string) => ({ type: 'visit', visitId: randomUUID(), customerId, outcome: 'not-home', visitedAt: new Date().toISOString(), note });
		const handover = (note: string) => ({ type: 'handover', handoverId: randomUUID(), paymentIds: [randomUUID()], amount: 0, createdAt: new Date().toISOString(), note });
		const poisoned: Array<[unknown, string]> = [
			[cash(customerId, 10000, HALF_EMOJI), 'note'],
			[cash(customerId, 10000, 'nul\u0000byte'), 'note'],
			[install({ name: `Pak \udc00Joko` }), 'name'],
			[install({ address: `Jl. Mawar \ud83d` }), 'address'],
			[install({ phone: `0812\ud83d` }), 'phone'],
			[install({ servicePassword: `rahasia\ud83d` }), 'servicePassword'],
			[visit(HALF_EMOJI), 'note'],
			[handover(HALF_EMOJI), 'note']
		];
		const good = cash(customerId, 20000, 'tunai 😀');
		const input = batch(randomUUID(), [...poisoned.map(([op]) => op), good]);

		const out = await callerAs(tech).sync.push(input);
		expect(out.lastAppliedSeq).toBe(poisoned.length + 1);
		poisoned.forEach(([, field], k) => {
			expect(out.results[k]).toMatchObject({ status: 'rejected', error: { key: 'validation.text', params: { field } } });
		});
		expect(out.results.at(-1)?.status).toBe('applied');
		expect(await paymentCount(customerId)).toBe(1);

		// Stored: a resend answers the same, and the office sees the refusals with what was sent.
		expect(await callerAs(tech).sync.push(input)).toEqual(out);
		const stored = await t.db.select().from(syncOps).where(eq(syncOps.deviceId, input.deviceId));
		expect(stored.filter((r) => r.status === 'rejected')).toHaveLength(poisoned.length);
		const passwordRow = stored.find((r) => r.seq === 6);
		expect(JSON.stringify(passwordRow?.payload)).not.toContain('rahasia');
	});

	it('refuses an operation its schema refuses, or of an unknown type, as a stored rejection rather than refusing the push', async () => {
		const { customerId } = await customerWithInvoice();
		const input = batch(randomUUID(), [
			{ ...cash(customerId, 10000), amount: 'banyak' },
			{ type: 'teleport', to: 'mars' },
			'not even an object',
			cash(customerId, 5000)
		]);
		const out = await callerAs(tech).sync.push(input);
		expect(out.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'applied']);
		// Words from shared/validation.ts, the one mapping of zod issues, as the office forms get them.
		expect(out.results[0].error).toEqual({ key: 'validation.typeNumber', params: { field: 'amount' } });
		expect(out.results[1].error).toEqual({ key: 'sync.rejected.invalidField', params: { field: 'type' } });

		// The office's review lists them, whatever shape they came in, with the field named.
		const review = await callerAs(office).sync.rejected({ limit: 500 });
		const mine = review.operations.filter((o) => o.deviceId === input.deviceId).sort((a, b) => a.seq - b.seq);
		expect(mine.map((o) => [o.type, o.error, o.errorParams?.field])).toEqual([
			['cash-payment', 'validation.typeNumber', 'amount'],
			['invalid', 'sync.rejected.invalidField', 'type'],
			['invalid', 'sync.rejected.invalidField', 'type']
		]);
		expect(mine[0].summary).toMatchObject({ customerId, amount: 'banyak' });
	});
});

describe('sync.push: an operation that keeps failing', () => {
	it(`is stored as rejected after ${MAX_FAILED_ATTEMPTS} attempts, and the operations behind it sync`, async () => {
		// The database refuses this one visit for a reason the push does not know (as a storage
		// engine, a trigger or a constraint added later might): neither a rule nor temporary.
		await t.db.execute(sql.raw(`CREATE TRIGGER visits_poison BEFORE INSERT ON visits FOR EACH ROW
			BEGIN IF NEW.note = 'poison' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'; END IF; END`));
		try {
			const { customerId } = await customerWithInvoice();
			const visit = { type: 'visit', visitId: randomUUID(), customerId, outcome: 'not-home', visitedAt: new Date().toISOString(), note: 'poison' };
			const input = batch(randomUUID(), [cash(customerId, 1000), visit, cash(customerId, 2000)]);

			for (let attempt = 1; attempt < MAX_FAILED_ATTEMPTS; attempt++) {
				const out = await callerAs(tech).sync.push(input);
				// It and what follows wait, for now (what precedes it lands unless it shared its transaction).
				expect(out.results.slice(1).map((r) => r.status)).toEqual(['retry', 'retry']);
			}
			const out = await callerAs(tech).sync.push(input);
			expect(out.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
			expect(out.results[1].error).toEqual({ key: 'sync.rejected.failedRepeatedly' });
			expect(out.lastAppliedSeq).toBe(3);
			expect(await paymentCount(customerId)).toBe(2);
			expect(await t.db.select().from(visits).where(eq(visits.id, visit.visitId))).toHaveLength(0);

			const [failure] = (await t.db.execute(sql`SELECT attempts, last_error FROM sync_op_failures WHERE op_id = ${input.operations[1].opId}`)) as unknown as [
				Array<{ attempts: number; last_error: string }>
			];
			expect(failure[0].attempts).toBe(MAX_FAILED_ATTEMPTS);
			expect(failure[0].last_error).toContain('refused by the test');
			// Final: a resend answers the stored rejection.
			expect((await callerAs(tech).sync.push(input)).results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
		} finally {
			await t.db.execute(sql.raw('DROP TRIGGER IF EXISTS visits_poison'));
		}
	});
});

describe('office inputs: ill-formed text', () => {
	it('is a 400 naming the field, and nothing is written', async () => {
		const { customerId } = await customerWithInvoice();
		const cases: Array<[string, () => Promise<unknown>, string]> = [
			['customers.create', () => callerAs(office).customers.create({ name: HALF_EMOJI, phone: '081234567890', address: 'Jl. Mawar 1', areaId: isp.areaId }), 'name'],
			['customers.create notes', () => callerAs(office).customers.create({ name: 'Bu Ani', phone: '081234567891', address: 'Jl. Mawar 1', areaId: isp.areaId, notes: 'a\u0000b' }), 'notes'],
			['areas.create', () => callerAs(office).areas.create({ name: 'Area \udfff' }), 'name'],
			['payments.record', () => callerAs(office).payments.record({ idempotencyKey: randomUUID(), customerId, amount: 5000, method: 'cash', note: HALF_EMOJI }), 'note'],
			['customers.list search', () => callerAs(office).customers.list({ search: HALF_EMOJI }), 'search'],
			['settings.saveTemplates', () => callerAs(admin).settings.saveTemplates({ reminder: `Halo {name} \ud83d`, isolir: 'x {name}', receipt: 'y {name}' }), 'reminder'],
			['staff.create', () => callerAs(admin).staff.create({ username: 'budi', name: 'Budi \ud83d', role: 'office', password: 'rahasia-sekali-123', areaIds: [] }), 'name']
		];
		const before = await t.db.select({ n: count() }).from(customers);
		for (const [name, call, field] of cases) {
			const err = await errorOf(call());
			expect(err.code, name).toBe('BAD_REQUEST');
			expect(fieldErrorsOf(err)[field], name).toEqual([expect.stringContaining('karakter yang tidak bisa disimpan')]);
			expect(fieldErrorsOf(err, 'en')[field], name).toEqual([expect.stringContaining('cannot be stored')]);
		}
		expect(await t.db.select({ n: count() }).from(customers)).toEqual(before);
		expect(await paymentCount(customerId)).toBe(0);
		expect((await t.db.select().from(areas).where(eq(areas.name, 'Area \udfff'))).length).toBe(0);
	});
});

describe('reused ids: a stored match is the same write only when it agrees', () => {
	it('refuses cash under another payment id or another device operation id, answering nothing of the other payment', async () => {
		const otherTech = await makeUser('technician', [isp.areaId]);
		const { customerId } = await customerWithInvoice();
		const victim = await customerWithInvoice();
		const original = cash(victim.customerId, 150000);
		const first = await callerAs(tech).sync.push(batch(randomUUID(), [original]));
		expect(first.results[0].status).toBe('applied');

		// Another technician's phone sends cash under that payment id: for their own customer, or
		// even for the same customer and amount — the collector differs, so it is not a resend.
		for (const op of [{ ...original, customerId, amount: 1000 }, { ...original }]) {
			const out = await callerAs(otherTech).sync.push(batch(randomUUID(), [op, cash(customerId, 3000)]));
			expect(out.results[0]).toMatchObject({ status: 'rejected', error: { key: 'sync.rejected.idConflict' } });
			expect(out.results[0].result ?? {}).toEqual({});
			expect(JSON.stringify(out)).not.toContain(String(first.results[0].result?.receiptNumber));
			expect(out.results[1].status).toBe('applied');
		}
		expect(await paymentCount(victim.customerId)).toBe(1);

		// Another device replays the first device's operation id: refused, nothing of its answer leaks.
		const stolen = batch(randomUUID(), [cash(customerId, 4000), cash(customerId, 5000)]);
		stolen.operations[0].opId = (await t.db.select().from(syncOps).where(eq(syncOps.status, 'applied')).limit(1))[0].opId;
		const out = await callerAs(otherTech).sync.push(stolen);
		expect(out.results[0]).toEqual({ seq: 1, opId: stolen.operations[0].opId, status: 'rejected', result: {}, error: { key: 'sync.rejected.idConflict' } });
		expect(out.results[1].status).toBe('applied');
		// Resent, it answers the same.
		expect(await callerAs(otherTech).sync.push(stolen)).toEqual(out);
	});

	it('answers a resend of the same cash from the same phone with its receipt, as before', async () => {
		const { customerId } = await customerWithInvoice();
		const deviceId = randomUUID();
		const op = cash(customerId, 7000);
		const first = await callerAs(tech).sync.push(batch(deviceId, [op]));
		// Queued twice under two operation ids (a phone that re-queued it): the same payment.
		const again = await callerAs(tech).sync.push(batch(deviceId, [op], 2));
		expect(again.results[0].status).toBe('applied');
		expect(again.results[0].result?.receiptNumber).toBe(first.results[0].result?.receiptNumber);
		expect(await paymentCount(customerId)).toBe(1);
	});

	it('refuses the office counter form reusing another clerk\'s key, and answers its own resend', async () => {
		const otherClerk = await makeUser('office');
		const { customerId } = await customerWithInvoice();
		const other = await customerWithInvoice();
		const form = { idempotencyKey: randomUUID(), customerId, amount: 150000, method: 'cash' as const };
		const first = await callerAs(office).payments.record(form);
		expect((await callerAs(office).payments.record(form)).receiptNumber).toBe(first.receiptNumber);

		for (const [who, input] of [
			[otherClerk, form],
			[office, { ...form, amount: 1 }],
			[office, { ...form, customerId: other.customerId }],
			[office, { ...form, method: 'transfer' as const }]
		] as const) {
			const err = await errorOf(callerAs(who).payments.record(input));
			expect(err.code).toBe('BAD_REQUEST');
			expect(fieldErrorsOf(err).id).toEqual(['Kode ini sudah dipakai untuk data lain yang isinya berbeda.']);
			expect(JSON.stringify(err)).not.toContain(String(first.receiptNumber));
		}
		expect(await paymentCount(customerId)).toBe(1);
		expect(await paymentCount(other.customerId)).toBe(0);
	});

	it('refuses a field registration under an existing customer id', async () => {
		const existing = await makeCustomer(t.db, isp);
		const op = {
			type: 'register-customer',
			customerId: existing,
			subscriptionId: randomUUID(),
			name: 'Orang Lain',
			address: 'Jl. Lain 1',
			areaId: isp.areaId,
			packageId: isp.packageId,
			serviceUsername: `lain${randomUUID().slice(0, 6)}`,
			servicePassword: 'rahasia123',
			startDate: today
		};
		const out = await callerAs(tech).sync.push(batch(randomUUID(), [op]));
		expect(out.results[0]).toMatchObject({ status: 'rejected', error: { key: 'customer.idConflict' } });
		expect(JSON.stringify(out.results[0])).not.toMatch(/C\d{6}/);
	});
});
