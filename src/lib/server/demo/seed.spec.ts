import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { decryptSecret } from '../crypto/secret-box';
import { verifyPassword } from '../auth/password';
import { addDays, localDateOf, yearMonthOf } from '../../shared/dates';
import { payments } from '../db/schema';
import { DEMO_USERS, DemoSeedRefusedError, seedDemo, type SeedDemoResult } from './seed';
import { DEMO_ROUTERS } from './catalogue';
import { runBilling } from '../billing/billing-run';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';

const SECRETS_KEY = '0123456789abcdef'.repeat(4);
const TIME_ZONE = 'Asia/Jakarta';
// A fixed instant late in a month, so every kind of invoice (paid, due, overdue) exists.
const NOW = new Date('2026-03-24T05:30:00Z');
const TODAY = localDateOf(NOW, TIME_ZONE);

const TABLES = [
	'users',
	'areas',
	'user_areas',
	'routers',
	'packages',
	'customers',
	'subscriptions',
	'invoices',
	'invoice_items',
	'payments',
	'payment_allocations',
	'number_counters',
	'settings'
] as const;

async function rows<T>(t: TestDatabase, query: ReturnType<typeof sql>): Promise<T[]> {
	const [result] = (await t.db.execute(query)) as unknown as [T[]];
	return result;
}

async function tableCounts(t: TestDatabase): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const table of TABLES) {
		const [row] = await rows<{ n: number }>(t, sql.raw(`SELECT COUNT(*) AS n FROM ${table}`));
		counts[table] = Number(row.n);
	}
	return counts;
}

let t: TestDatabase;
let first: SeedDemoResult;
let seedMillis: number;

beforeAll(async () => {
	t = await createTestDatabase();
	const started = performance.now();
	first = await seedDemo(t.db, { secretsKey: SECRETS_KEY, timeZone: TIME_ZONE, now: NOW });
	seedMillis = performance.now() - started;
});

afterAll(async () => {
	await t?.drop();
});

describe('seedDemo', () => {
	it('seeds a whole ISP', async () => {
		expect(first.seeded).toBe(true);
		// Printed, not asserted: a timed assertion fails on a busy machine, not on a slow seed.
		console.info(`seedDemo: 300 customers in ${Math.round(seedMillis)} ms`, first.counts);
		const counts = await tableCounts(t);
		expect(counts.areas).toBeGreaterThanOrEqual(3);
		expect(counts.packages).toBeGreaterThanOrEqual(5);
		expect(counts.routers).toBe(DEMO_ROUTERS.length);
		expect(counts.customers).toBe(300);
		expect(counts.subscriptions).toBeGreaterThanOrEqual(300);
		expect(counts.invoices).toBeGreaterThan(1000);
		expect(counts.payments).toBeGreaterThan(900);
		expect(first.counts.customers).toBe(300);
		expect(first.counts.invoices).toBe(counts.invoices);
		expect(first.counts.payments).toBe(counts.payments);
	});

	it('looks like a real ISP: revenue in every month since the first customer, the field cash handed over but the last week, the latest hand-over still to confirm', async () => {
		const months = await rows<{ month: string; n: number }>(
			t,
			sql`SELECT DATE_FORMAT(CONVERT_TZ(received_at, '+00:00', '+07:00'), '%Y-%m') AS month, COUNT(*) AS n FROM payments GROUP BY month ORDER BY month`
		);
		const [first] = await rows<{ start: string }>(t, sql`SELECT DATE_FORMAT(MIN(start_date), '%Y-%m') AS start FROM subscriptions`);
		const expected: string[] = [];
		for (let m = first.start; m <= TODAY.slice(0, 7); m = addDays(`${m}-28`, 5).slice(0, 7)) expected.push(m);
		// The first month may be a customer's start with the first bill paid the month after.
		expect(months.map((r) => r.month)).toEqual(expect.arrayContaining(expected.slice(1)));

		const handovers = await rows<{ status: string; expected: number; counted: number; linked: number }>(
			t,
			sql`SELECT h.status, h.expected_amount AS expected, h.counted_amount AS counted,
			      (SELECT COALESCE(SUM(p.amount), 0) FROM handover_payments hp JOIN payments p ON p.id = hp.payment_id WHERE hp.handover_id = h.id) AS linked
			    FROM cash_handovers h`
		);
		expect(handovers.length).toBeGreaterThan(5);
		for (const h of handovers) expect(Number(h.linked)).toBe(Number(h.expected));
		// One hand-over waits for the office to count it (the latest); every other is confirmed in full.
		const pending = handovers.filter((h) => h.status === 'pending');
		expect(pending).toHaveLength(1);
		expect(pending[0].counted).toBeNull();
		for (const h of handovers.filter((h) => h.status !== 'pending')) {
			expect(h.status).toBe('confirmed');
			expect(Number(h.counted)).toBe(Number(h.expected));
		}
		const [latest] = await rows<{ status: string }>(t, sql`SELECT status FROM cash_handovers ORDER BY handed_over_at DESC LIMIT 1`);
		expect(latest.status).toBe('pending');
		// Only the technician's own field cash is handed over, and the last days' is still with them.
		const [kept] = await rows<{ n: number }>(
			t,
			sql`SELECT COUNT(*) AS n FROM payments p LEFT JOIN handover_payments hp ON hp.payment_id = p.id
			    WHERE p.source = 'device' AND hp.payment_id IS NULL`
		);
		const [foreign] = await rows<{ n: number }>(
			t,
			sql`SELECT COUNT(*) AS n FROM handover_payments hp JOIN payments p ON p.id = hp.payment_id WHERE p.source <> 'device'`
		);
		expect(Number(kept.n)).toBeGreaterThan(0);
		expect(Number(foreign.n)).toBe(0);
	});

	it('creates one staff account per role and their passwords verify', async () => {
		const staff = await rows<{ username: string; role: string; password_hash: string }>(
			t,
			sql`SELECT username, role, password_hash FROM users ORDER BY role`
		);
		expect(staff.map((s) => s.role).sort()).toEqual(['admin', 'office', 'technician']);
		for (const demo of DEMO_USERS) {
			const row = staff.find((s) => s.username === demo.username)!;
			expect(row.role).toBe(demo.role);
			expect(await verifyPassword(row.password_hash, demo.password)).toBe(true);
			expect(await verifyPassword(row.password_hash, `${demo.password}x`)).toBe(false);
		}
		const [assigned] = await rows<{ n: number }>(
			t,
			sql`SELECT COUNT(*) AS n FROM user_areas ua JOIN users u ON u.id = ua.user_id WHERE u.role = 'technician'`
		);
		expect(Number(assigned.n)).toBeGreaterThanOrEqual(1);
		expect(Number(assigned.n)).toBeLessThanOrEqual(2);
	});

	it('gives customers sequential codes, Indonesian mobile numbers and addresses', async () => {
		const people = await rows<{ code: string; phone: string; address: string; name: string }>(
			t,
			sql`SELECT code, phone, address, name FROM customers ORDER BY code`
		);
		expect(people.map((p) => p.code)).toEqual(people.map((_, i) => `C${String(i + 1).padStart(6, '0')}`));
		for (const p of people) {
			expect(p.phone).toMatch(/^08\d{8,11}$/);
			expect(p.address).toMatch(/, RT \d{2}\/RW \d{2}, Kel\. \w/);
		}
		expect(new Set(people.map((p) => p.name)).size).toBe(people.length);
	});

	it('numbers invoices INV-YYYYMM-NNNNNN, gap-free from 1 within each month of the period start', async () => {
		const list = await rows<{ number: string; period_start: string }>(
			t,
			sql`SELECT number, period_start FROM invoices`
		);
		expect(new Set(list.map((i) => i.number)).size).toBe(list.length);
		const byMonth = new Map<string, number[]>();
		for (const invoice of list) {
			expect(invoice.number).toMatch(/^INV-\d{6}-\d{6}$/);
			const [, ym, seq] = invoice.number.split('-');
			expect(ym).toBe(invoice.period_start.slice(0, 4) + invoice.period_start.slice(5, 7));
			byMonth.set(ym, [...(byMonth.get(ym) ?? []), Number(seq)]);
		}
		expect(byMonth.size).toBeGreaterThanOrEqual(4);
		for (const seqs of byMonth.values()) {
			expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1));
		}
	});

	it('numbers receipts RCP-YYYYMM-NNNNNN, gap-free within each local month of receipt', async () => {
		// The typed query builder, because raw execute() returns DATETIME as text.
		const list = await t.db
			.select({ receiptNumber: payments.receiptNumber, receivedAt: payments.receivedAt })
			.from(payments);
		const byMonth = new Map<string, number[]>();
		for (const p of list) {
			expect(p.receiptNumber).toMatch(/^RCP-\d{6}-\d{6}$/);
			const [, ym, seq] = (p.receiptNumber ?? '').split('-');
			expect(ym).toBe(yearMonthOf(localDateOf(p.receivedAt, TIME_ZONE)));
			expect(p.receivedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
			byMonth.set(ym, [...(byMonth.get(ym) ?? []), Number(seq)]);
		}
		for (const seqs of byMonth.values()) {
			expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1));
		}
	});

	it('keeps every invoice consistent with its allocations and items', async () => {
		const list = await rows<{
			amount: number;
			amount_paid: number;
			status: string;
			allocated: number | string;
			items: number | string;
			allocations: number | string;
			payments: number | string;
			due_date: string;
			overdue_since: string | null;
		}>(
			t,
			sql`SELECT i.amount, i.amount_paid, i.status, i.due_date, i.overdue_since,
			      COALESCE((SELECT SUM(a.amount) FROM payment_allocations a WHERE a.invoice_id = i.id), 0) AS allocated,
			      (SELECT COUNT(*) FROM payment_allocations a WHERE a.invoice_id = i.id) AS allocations,
			      (SELECT COUNT(*) FROM payments p WHERE p.invoice_id = i.id) AS payments,
			      (SELECT SUM(it.amount) FROM invoice_items it WHERE it.invoice_id = i.id) AS items
			    FROM invoices i`
		);
		const statuses = new Set<string>();
		for (const i of list) {
			expect(Number(i.allocated)).toBe(Number(i.amount_paid));
			expect(Number(i.items)).toBe(Number(i.amount));
			expect(Number(i.allocations)).toBe(Number(i.payments));
			const expected = i.amount_paid >= i.amount ? 'paid' : i.amount_paid > 0 ? 'partial' : 'unpaid';
			expect(i.status).toBe(expected);
			expect(i.overdue_since !== null).toBe(i.status !== 'paid' && i.due_date < TODAY);
			statuses.add(i.status);
		}
		expect([...statuses].sort()).toEqual(['paid', 'partial', 'unpaid']);
	});

	it('isolates exactly the subscriptions with an unpaid invoice past due plus grace', async () => {
		const subs = await rows<{
			status: string;
			desired_router_state: string;
			service_username: string | null;
			live_service_username: string | null;
			terminated_at: string | null;
			oldest_open_due: string | null;
		}>(
			t,
			sql`SELECT s.status, s.desired_router_state, s.service_username, s.live_service_username, s.terminated_at,
			      (SELECT MIN(i.due_date) FROM invoices i WHERE i.subscription_id = s.id AND i.status <> 'paid') AS oldest_open_due
			    FROM subscriptions s`
		);
		const graceOver = (due: string | null) => due !== null && addDays(due, 3) < TODAY;
		for (const s of subs) {
			if (s.status === 'terminated') {
				expect(s.live_service_username).toBeNull();
				expect(s.terminated_at).not.toBeNull();
				expect(s.oldest_open_due).toBeNull();
				continue;
			}
			expect(s.live_service_username).toBe(s.service_username);
			expect(s.status === 'isolated').toBe(graceOver(s.oldest_open_due));
			expect(s.desired_router_state).toBe(s.status === 'isolated' ? 'isolated' : 'active');
		}
		const isolated = subs.filter((s) => s.status === 'isolated').length;
		const terminated = subs.filter((s) => s.status === 'terminated').length;
		expect(isolated).toBeGreaterThanOrEqual(5);
		expect(isolated).toBeLessThanOrEqual(30);
		expect(terminated).toBeGreaterThanOrEqual(1);
		expect(terminated).toBeLessThanOrEqual(15);
	});

	it('sets paidThrough to the end of the last consecutively paid invoice', async () => {
		const list = await rows<{ subscription_id: string; paid_through: string | null; period_end: string; status: string }>(
			t,
			sql`SELECT s.id AS subscription_id, s.paid_through, i.period_end, i.status
			    FROM subscriptions s JOIN invoices i ON i.subscription_id = s.id
			    ORDER BY s.id, i.period_start`
		);
		const bySubscription = new Map<string, typeof list>();
		for (const row of list) bySubscription.set(row.subscription_id, [...(bySubscription.get(row.subscription_id) ?? []), row]);
		for (const invoices of bySubscription.values()) {
			const firstOpen = invoices.findIndex((i) => i.status !== 'paid');
			const paid = firstOpen === -1 ? invoices : invoices.slice(0, firstOpen);
			if (paid.length > 0) expect(invoices[0].paid_through).toBe(paid[paid.length - 1].period_end);
			else if (invoices[0].paid_through !== null) expect(invoices[0].paid_through < invoices[0].period_end).toBe(true);
		}
	});

	it('encrypts PPPoE and router passwords with the secrets key', async () => {
		const subs = await rows<{ service_password_enc: string }>(
			t,
			sql`SELECT service_password_enc FROM subscriptions LIMIT 20`
		);
		for (const s of subs) expect(decryptSecret(s.service_password_enc, SECRETS_KEY)).toMatch(/^[a-z2-9]{8}$/);
		const stored = await rows<{ name: string; password_enc: string }>(t, sql`SELECT name, password_enc FROM routers ORDER BY name`);
		expect(stored.map((r) => [r.name, decryptSecret(r.password_enc, SECRETS_KEY)])).toEqual(
			DEMO_ROUTERS.map((r) => [r.name, r.password]).sort((a, b) => a[0].localeCompare(b[0]))
		);
		expect(() => decryptSecret(subs[0].service_password_enc, 'f'.repeat(64))).toThrow();
	});

	it('splits the subscriptions between the routers by area', async () => {
		const split = await rows<{ router: string; area: string; n: number }>(
			t,
			sql`SELECT r.name AS router, a.name AS area, COUNT(*) AS n FROM subscriptions s
			    JOIN routers r ON r.id = s.router_id JOIN customers c ON c.id = s.customer_id JOIN areas a ON a.id = c.area_id
			    GROUP BY r.name, a.name`
		);
		for (const row of split) expect(DEMO_ROUTERS.find((r) => r.name === row.router)!.areas).toContain(row.area);
		expect(new Set(split.map((r) => r.router)).size).toBe(DEMO_ROUTERS.length);
	});

	it('gives every cached row the version of the seeding transaction', async () => {
		const versions = await rows<{ v: number | string }>(
			t,
			sql`SELECT DISTINCT version AS v FROM (
			      SELECT version FROM areas UNION ALL SELECT version FROM packages UNION ALL
			      SELECT version FROM customers UNION ALL SELECT version FROM subscriptions UNION ALL
			      SELECT version FROM invoices UNION ALL SELECT version FROM payments) AS all_rows`
		);
		expect(versions).toHaveLength(1);
		expect(Number(versions[0].v)).toBeGreaterThan(0);
	});

	it('does nothing the second time', async () => {
		const before = await tableCounts(t);
		const again = await seedDemo(t.db, { secretsKey: SECRETS_KEY, timeZone: TIME_ZONE, now: NOW });
		expect(again.seeded).toBe(false);
		expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
		expect(await tableCounts(t)).toEqual(before);
	});
});

describe('seedDemo on another database', () => {
	let other: TestDatabase;
	beforeAll(async () => {
		other = await createTestDatabase();
	});
	afterAll(async () => {
		await other?.drop();
	});

	it('seeds once when two callers race, and reproduces the same data', async () => {
		const options = { secretsKey: SECRETS_KEY, timeZone: TIME_ZONE, now: NOW };
		const results = await Promise.all([seedDemo(other.db, options), seedDemo(other.db, options)]);
		expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
		expect(await tableCounts(other)).toEqual(await tableCounts(t));

		const fingerprint = sql`SELECT c.code, c.name, c.phone, i.number, i.amount, i.amount_paid, i.status
		                        FROM invoices i JOIN customers c ON c.id = i.customer_id ORDER BY i.number`;
		expect(await rows(other, fingerprint)).toEqual(await rows(t, fingerprint));
	});

	it('refuses a database that already has real staff or customers', async () => {
		const fresh = await createTestDatabase();
		try {
			await fresh.db.execute(
				sql`INSERT INTO users (id, username, name, password_hash, role) VALUES (UUID(), 'pemilik', 'Pemilik', 'x', 'admin')`
			);
			await expect(seedDemo(fresh.db, { secretsKey: SECRETS_KEY, timeZone: TIME_ZONE, now: NOW })).rejects.toBeInstanceOf(
				DemoSeedRefusedError
			);
			const [marker] = await rows<{ n: number }>(fresh, sql`SELECT COUNT(*) AS n FROM settings`);
			expect(Number(marker.n)).toBe(0);
		} finally {
			await fresh.drop();
		}
	});
});

describe('the demo and the billing engine', () => {
	it('agree on the calendar: the first run after seeding finds nobody a period behind', async () => {
		for (const now of [new Date('2026-01-30T03:00:00Z'), new Date('2026-11-24T00:30:00Z')]) {
			const fresh = await createTestDatabase();
			try {
				await seedDemo(fresh.db, { secretsKey: SECRETS_KEY, timeZone: TIME_ZONE, now, customers: 300 });
				const today = localDateOf(now, TIME_ZONE);
				const run = await runBilling(fresh.db, { today, rules: DEFAULT_BILLING_RULES, now });
				// Each subscription due an invoice gets exactly its next period: no catch-up of missed ones.
				expect(run.invoicesCreated).toBe(run.processed);
				const [rows] = (await fresh.db.execute(sql`
					SELECT COUNT(*) AS n FROM invoices WHERE issued_at = ${now} AND period_start < ${today}`)) as unknown as [Array<{ n: number }>];
				expect(Number(rows[0].n)).toBe(0);
			} finally {
				await fresh.drop();
			}
		}
		// Two whole demo seeds and billing runs: minutes, not seconds, on a loaded two-core machine.
	}, 180_000);
});
