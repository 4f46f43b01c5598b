import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeIsp, type Isp } from '../../../../tests/fixtures';
import { customers, invoices, routerSnapshots, subscriptions } from '../db/schema';
import { writeSetting } from '../settings';
import { ISP_PROFILE_KEY } from '../../shared/schemas/isp-profile';
import type { OnlineSnapshot } from '../../shared/router-snapshots';
import { eq } from 'drizzle-orm';
import { customerCodeOf, lookupByAddress, lookupByQuery, payTarget, phoneOf } from './isolir-lookup';
import { DEFAULT_LOOKUP_POLICY, takeLookup } from './isolir-throttle';

let t: TestDatabase;
let isp: Isp;
const now = new Date('2026-11-24T03:00:00Z');

async function customer(code: string, name: string, phone: string | null): Promise<string> {
	const id = randomUUID();
	await t.db.insert(customers).values({ id, code, name, phone, address: 'Jl. Rahasia 7', areaId: isp.areaId });
	return id;
}
async function subscription(customerId: string, opts: { username?: string; staticIp?: string; status?: 'active' | 'isolated' | 'terminated' }): Promise<string> {
	const id = randomUUID();
	await t.db.insert(subscriptions).values({
		id,
		customerId,
		packageId: isp.packageId,
		routerId: isp.routerId,
		serviceUsername: opts.username ?? null,
		liveServiceUsername: opts.status === 'terminated' ? null : (opts.username ?? null),
		staticIp: opts.staticIp ?? null,
		billingDay: 1,
		startDate: '2026-09-01',
		status: opts.status ?? 'isolated'
	});
	return id;
}
async function invoice(subscriptionId: string, customerId: string, month: string, amount: number, amountPaid: number, status: 'unpaid' | 'partial' | 'paid', overdueSince: string | null = null) {
	const token = randomUUID().replace(/-/g, '');
	await t.db.insert(invoices).values({
		id: randomUUID(),
		overdueSince,
		number: `INV-${month.replace('-', '')}-${token.slice(0, 6)}`,
		subscriptionId,
		customerId,
		periodStart: `${month}-01`,
		periodEnd: `${month}-28`,
		amount,
		amountPaid,
		dueDate: `${month}-11`,
		status,
		payToken: token
	});
	return token;
}

let siti: string;
let sitiTokens: string[];
const refOf = async (token: string) => (await t.db.select({ id: invoices.id }).from(invoices).where(eq(invoices.payToken, token)))[0].id;
let dewiToken: string;

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	await writeSetting(t.db, ISP_PROFILE_KEY, { name: 'Lintas Desa Net', address: '', phone: '' }, null);
	siti = await customer('C000123', 'Siti Nurhaliza Binti Ahmad', '081234567890');
	const sitiSub = await subscription(siti, { username: 'siti' });
	sitiTokens = [await invoice(sitiSub, siti, '2026-10', 150000, 50000, 'partial'), await invoice(sitiSub, siti, '2026-11', 150000, 0, 'unpaid')];
	await invoice(sitiSub, siti, '2026-09', 150000, 150000, 'paid');

	const budi = await customer('C000124', 'Budi Santoso', '081299998888');
	const budiSub = await subscription(budi, { staticIp: '192.168.88.20' });
	await invoice(budiSub, budi, '2026-11', 200000, 0, 'unpaid');

	// Dewi is connected and owes this month's bill, not yet due; Eko is connected but overdue.
	const dewi = await customer('C000125', 'Dewi Lestari', '081277776666');
	dewiToken = await invoice(await subscription(dewi, { username: 'dewi', status: 'active' }), dewi, '2026-11', 150000, 0, 'unpaid');
	const eko = await customer('C000126', 'Eko Prasetyo', null);
	const ekoSub = await subscription(eko, { username: 'eko', status: 'active' });
	await invoice(ekoSub, eko, '2026-10', 150000, 0, 'unpaid', '2026-10-12');

	const snapshot: OnlineSnapshot = {
		sessions: [
			{ service: 'pppoe', name: 'someone-else', address: '10.10.0.9', uptime: '1h', uptimeSeconds: 3600, callerId: null },
			{ service: 'pppoe', name: 'siti', address: '10.10.0.7', uptime: '2h', uptimeSeconds: 7200, callerId: 'AA:BB:CC:DD:EE:FF' }
		]
	};
	await t.db.insert(routerSnapshots).values({ routerId: isp.routerId, kind: 'online', data: snapshot, takenAt: new Date(now.getTime() - 60_000) });
});
afterAll(async () => t?.drop());

describe('reading what was typed', () => {
	it('understands customer codes and phone numbers as people write them', () => {
		expect(customerCodeOf('C000123')).toBe('C000123');
		expect(customerCodeOf('c123')).toBe('C000123');
		expect(customerCodeOf('123')).toBe('C000123');
		expect(customerCodeOf('0812345678')).toBeNull();
		expect(phoneOf('+62 812-3456-7890')).toBe('081234567890');
		expect(phoneOf('0812 3456 7890')).toBe('081234567890');
		expect(phoneOf('C000123')).toBeNull();
	});
});

describe('the isolir page by the visitor\'s address', () => {
	it('finds a PPPoE customer through the router\'s online sessions, showing only what paying needs', async () => {
		const view = await lookupByAddress(t.db, '::ffff:10.10.0.7', now, 'Asia/Jakarta');
		expect(view).toEqual({
			ispName: 'Lintas Desa Net',
			customers: [
				{
					firstName: 'Siti',
					isolated: true,
					// Pay everything owed starts from the oldest invoice. Isolated with no arrears reason: paying lifts nothing, so nothing is promised.
					payAll: { ref: await refOf(sitiTokens[0]), total: 250000, count: 2, now: { kind: 'not-isolated' } },
					invoices: [
						{ ref: await refOf(sitiTokens[0]), periodStart: '2026-10-01', periodEnd: '2026-10-28', amount: 100000, dueDate: '2026-10-11' },
						{ ref: await refOf(sitiTokens[1]), periodStart: '2026-11-01', periodEnd: '2026-11-28', amount: 150000, dueDate: '2026-11-11' }
					]
				}
			]
		});
		const shown = JSON.stringify(view);
		for (const secret of ['081234567890', 'Jl. Rahasia', 'Nurhaliza', 'C000123', 'INV-', ...sitiTokens]) expect(shown).not.toContain(secret);
	});

	it('finds a static-IP customer by the address itself', async () => {
		const view = await lookupByAddress(t.db, '192.168.88.20', now, 'Asia/Jakarta');
		expect(view?.customers.map((c) => [c.firstName, c.invoices.map((i) => i.amount)])).toEqual([['Budi', [200000]]]);
	});

	it('names nobody for an unknown address, a session without a subscription, or a stale snapshot', async () => {
		expect(await lookupByAddress(t.db, '10.10.0.99', now, 'Asia/Jakarta')).toBeNull();
		expect(await lookupByAddress(t.db, '10.10.0.9', now, 'Asia/Jakarta')).toBeNull();
		expect(await lookupByAddress(t.db, 'not-an-ip', now, 'Asia/Jakarta')).toBeNull();
		expect(await lookupByAddress(t.db, '10.10.0.7', new Date(now.getTime() + 60 * 60_000), 'Asia/Jakarta')).toBeNull();
	});
});

describe('the isolir page by code or phone', () => {
	it('finds by customer code or phone', async () => {
		const byCode = await lookupByQuery(t.db, '203.0.113.1', 'c123', now, 'Asia/Jakarta');
		expect(byCode.status === 'found' && byCode.view.customers[0].firstName).toBe('Siti');
		const byPhone = await lookupByQuery(t.db, '203.0.113.1', '+62 812-9999-8888', now, 'Asia/Jakarta');
		expect(byPhone.status === 'found' && byPhone.view.customers[0].firstName).toBe('Budi');
		expect((await lookupByQuery(t.db, '203.0.113.1', 'C999999', now, 'Asia/Jakarta')).status).toBe('notFound');
		expect((await lookupByQuery(t.db, '203.0.113.1', 'x', now, 'Asia/Jakarta')).status).toBe('invalid');
		expect((await lookupByQuery(t.db, '203.0.113.1', "' OR 1=1 --", now, 'Asia/Jakarta')).status).toBe('invalid');
	});

	it('refuses an address that looks up too often, whatever it finds, until the window has passed', async () => {
		const address = '203.0.113.50';
		for (let i = 0; i < DEFAULT_LOOKUP_POLICY.limit; i++) {
			expect((await lookupByQuery(t.db, address, `C${String(500 + i).padStart(6, '0')}`, now, 'Asia/Jakarta')).status).toBe('notFound');
		}
		const refused = await lookupByQuery(t.db, address, 'C000123', now, 'Asia/Jakarta');
		expect(refused.status).toBe('tooMany');
		// Another address is not affected.
		expect((await lookupByQuery(t.db, '203.0.113.51', 'C000123', now, 'Asia/Jakarta')).status).toBe('found');
		const later = new Date(now.getTime() + (DEFAULT_LOOKUP_POLICY.windowMinutes + 1) * 60_000);
		expect((await lookupByQuery(t.db, address, 'C000123', later, 'Asia/Jakarta')).status).toBe('found');
	});
});

describe('what a typed lookup may reveal, and paying from it', () => {
	it('answers only for customers cut off or overdue now, exactly as for nobody otherwise', async () => {
		expect((await lookupByQuery(t.db, '203.0.113.60', 'C000125', now, 'Asia/Jakarta')).status).toBe('notFound');
		expect((await lookupByQuery(t.db, '203.0.113.60', '081277776666', now, 'Asia/Jakarta')).status).toBe('notFound');
		const eko = await lookupByQuery(t.db, '203.0.113.60', 'C000126', now, 'Asia/Jakarta');
		expect(eko.status === 'found' && eko.view.customers.map((c) => [c.firstName, c.invoices.map((i) => i.amount)])).toEqual([['Eko', [150000]]]);
		const siti = await lookupByQuery(t.db, '203.0.113.60', 'C000123', now, 'Asia/Jakarta');
		expect(JSON.stringify(siti)).not.toMatch(new RegExp([...sitiTokens, 'INV-', 'Nurhaliza'].join('|')));
	});

	it('redirects a pay button to the pay page only for an open invoice of whom the visitor was recognised as', async () => {
		const [oct] = await Promise.all([refOf(sitiTokens[0])]);
		expect(await payTarget(t.db, '203.0.113.70', oct, 'C000123', now)).toEqual({ status: 'pay', token: sitiTokens[0] });
		// By the visitor's own address, nothing typed.
		expect(await payTarget(t.db, '10.10.0.7', oct, null, now)).toEqual({ status: 'pay', token: sitiTokens[0] });
		// Someone else's code, a customer who is not cut off, a made-up invoice: nothing.
		expect((await payTarget(t.db, '203.0.113.70', oct, 'C000124', now)).status).toBe('notFound');
		expect((await payTarget(t.db, '203.0.113.70', await refOf(dewiToken), 'C000125', now)).status).toBe('notFound');
		expect((await payTarget(t.db, '203.0.113.70', randomUUID(), 'C000123', now)).status).toBe('notFound');
		expect((await payTarget(t.db, '203.0.113.70', 'INV-202610-000001', 'C000123', now)).status).toBe('notFound');
	});

	it('counts an IPv6 client per /64 and all sources together', async () => {
		for (let i = 0; i < DEFAULT_LOOKUP_POLICY.limit; i++) {
			expect((await lookupByQuery(t.db, `2001:db8:5:6::${i + 1}`, 'C000999', now, 'Asia/Jakarta')).status).toBe('notFound');
		}
		expect((await lookupByQuery(t.db, '2001:db8:5:6:ffff::1', 'C000123', now, 'Asia/Jakarta')).status).toBe('tooMany');
		expect((await lookupByQuery(t.db, '2001:db8:5:7::1', 'C000123', now, 'Asia/Jakarta')).status).toBe('found');

		const later = new Date(now.getTime() + 24 * 60 * 60_000);
		const tight = { perSource: DEFAULT_LOOKUP_POLICY, overall: { windowMinutes: 15, limit: 3 } };
		const allowed = [];
		for (let i = 0; i < 5; i++) allowed.push((await takeLookup(t.db, `198.51.100.${i + 1}`, later, tight)).allowed);
		expect(allowed).toEqual([true, true, true, false, false]);
	});
});
