import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { areas, auditLog, customers, packages, subscriptions } from '../../db/schema';
import type { SessionUser } from '../../auth/session';
import type { PackageInput } from '../../../shared/schemas/catalogue';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let admin: SessionUser;
let office: SessionUser;
let technician: SessionUser;

const pkg = (over: Partial<PackageInput> = {}): PackageInput => ({
	name: `Paket ${randomUUID().slice(0, 6)}`,
	price: 150_000,
	serviceType: 'pppoe',
	routerProfile: 'rumahan-10m',
	rateLimit: '10M/10M',
	...over
});

beforeAll(async () => {
	t = await createTestDatabase();
	admin = await makeUser('admin');
	office = await makeUser('office');
	technician = await makeUser('technician');
});
afterAll(async () => t?.drop());

const rowOf = async (id: string) => (await t.db.select().from(packages).where(eq(packages.id, id)))[0];
const writes = async () => ({
	packages: (await t.db.select({ n: count() }).from(packages))[0].n,
	audit: (await t.db.select({ n: count() }).from(auditLog))[0].n
});

async function subscribe(packageId: string, status: 'active' | 'terminated' = 'active') {
	const areaId = randomUUID();
	const customerId = randomUUID();
	await t.db.insert(areas).values({ id: areaId, name: `Area ${areaId.slice(0, 8)}` });
	await t.db.insert(customers).values({ id: customerId, code: `X${customerId.slice(0, 8)}`, name: 'Bu Tini', address: 'Jl. Melati', areaId });
	const id = randomUUID();
	await t.db.insert(subscriptions).values({ id, customerId, packageId, billingDay: 5, startDate: '2026-01-05', status });
	return id;
}

describe('packages', () => {
	it('are read by every role, written by admin and office, deleted only by admin', async () => {
		expect((await errorOf(callerAs(null).packages.list({}))).code).toBe('UNAUTHORIZED');
		const { id } = await callerAs(office).packages.create(pkg({ name: 'Hemat 5 Mbps', price: 100_000, rateLimit: '5M/5M' }));
		expect((await callerAs(technician).packages.get({ id })).price).toBe(100_000);
		expect((await errorOf(callerAs(technician).packages.create(pkg()))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(office).packages.delete({ id }))).code).toBe('FORBIDDEN');
		await callerAs(admin).packages.delete({ id });
		expect((await rowOf(id)).deletedAt).toBeInstanceOf(Date);
	});

	it('refuse a negative, zero, fractional or huge price on the price field, writing nothing', async () => {
		const before = await writes();
		for (const price of [-150_000, 0, 150_000.5, 2_000_000_000]) {
			const err = await errorOf(callerAs(office).packages.create(pkg({ price })));
			expect(err.code).toBe('BAD_REQUEST');
			expect(fieldErrorsOf(err)).toEqual({ price: ['Harga harus rupiah bulat lebih dari 0, paling banyak Rp 1.000.000.000.'] });
		}
		const bad = await errorOf(callerAs(office, 'en').packages.create(pkg({ rateLimit: '10 Mbps', routerProfile: 'profil baru', priority: 0 })));
		expect(Object.keys(fieldErrorsOf(bad, 'en')).sort()).toEqual(['priority', 'rateLimit', 'routerProfile']);
		expect(fieldErrorsOf(bad, 'en').rateLimit).toEqual(['A RouterOS rate limit, for example 10M/10M or 512k/2M.']);
		expect(await writes()).toEqual(before);
	});

	it('audit create and update with before and after, and bump the version', async () => {
		const { id } = await callerAs(office).packages.create(pkg({ name: 'Keluarga 20 Mbps', price: 200_000, rateLimit: '20M/20M', burst: '40M/40M 15M/15M 16/16', priority: 6 }));
		const created = await rowOf(id);
		await callerAs(office).packages.update({ id, ...pkg({ name: 'Keluarga 25 Mbps', price: 225_000, rateLimit: '25M/25M 50M/50M 20M/20M 16/16 5' }), active: false });
		const updated = await rowOf(id);
		expect(updated).toMatchObject({ name: 'Keluarga 25 Mbps', price: 225_000, burst: null, priority: 8, active: false });
		expect(updated.version).toBeGreaterThan(created.version);
		const trail = await t.db.select().from(auditLog).where(and(eq(auditLog.entity, 'package'), eq(auditLog.entityId, id)));
		expect(trail.map((a) => a.action)).toEqual(['package.create', 'package.update']);
		expect(trail[1].before).toMatchObject({ name: 'Keluarga 20 Mbps', price: 200_000, burst: '40M/40M 15M/15M 16/16', priority: 6, active: true });
		expect(trail[1].after).toMatchObject({ name: 'Keluarga 25 Mbps', price: 225_000, burst: null, priority: 8, active: false });
		expect(await callerAs(office).packages.options()).not.toContainEqual(expect.objectContaining({ id }));
	});

	it('refuse deleting a package a live subscription uses', async () => {
		const { id } = await callerAs(office).packages.create(pkg());
		const subscriptionId = await subscribe(id);
		await subscribe(id, 'terminated');
		expect((await callerAs(office).packages.get({ id })).subscriptions).toBe(1);
		const refused = await errorOf(callerAs(admin).packages.delete({ id }));
		expect(refused.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(refused)).toEqual({ id: ['Paket ini masih dipakai 1 langganan. Ganti paket mereka dulu.'] });
		expect((await rowOf(id)).deletedAt).toBeNull();
		await t.db.update(subscriptions).set({ status: 'terminated' }).where(eq(subscriptions.id, subscriptionId));
		await callerAs(admin).packages.delete({ id });
		expect((await errorOf(callerAs(office).packages.get({ id }))).code).toBe('NOT_FOUND');
	});

	it('page by price with ties, every package once', async () => {
		const prices = [50_000, 75_000, 75_000, 75_000, 99_000, 99_000, 120_000, 120_000, 120_000, 120_000, 130_000, 999_000];
		const created = await Promise.all(prices.map((price) => callerAs(office).packages.create(pkg({ name: `Tie ${price}-${randomUUID().slice(0, 4)}`, price, routerProfile: 'tie' }))));
		for (const dir of ['asc', 'desc'] as const) {
			const seen: Array<{ id: string; price: number }> = [];
			let cursor: string | undefined;
			do {
				const page = await callerAs(office).packages.list({ search: 'tie', sort: 'price', dir, pageSize: 10, cursor });
				expect(page.total).toBe(prices.length);
				seen.push(...page.rows);
				cursor = page.nextCursor ?? undefined;
			} while (cursor);
			expect(seen.map((p) => p.id).sort()).toEqual(created.map((c) => c.id).sort());
			const sorted = [...prices].sort((a, b) => (dir === 'asc' ? a - b : b - a));
			expect(seen.map((p) => p.price)).toEqual(sorted);
		}
	});
});
