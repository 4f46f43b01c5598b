import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { areas, auditLog, customers, invoices, numberCounters, packages, payments, subscriptions } from '../../db/schema';
import { audit } from '../../audit';
import type { SessionUser } from '../../auth/session';
import type { CustomerInput } from '../../../shared/schemas/catalogue';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let admin: SessionUser;
let office: SessionUser;
let technician: SessionUser;
let teluk: string;
let berkoh: string;
let packageId: string;

const customer = (over: Partial<CustomerInput> = {}): CustomerInput => ({
	name: 'Siti Aminah',
	phone: '081234567890',
	address: 'Jl. Merdeka No. 1, RT 02/RW 05',
	areaId: teluk,
	...over
});

const writes = async () => ({
	customers: (await t.db.select({ n: count() }).from(customers))[0].n,
	audit: (await t.db.select({ n: count() }).from(auditLog))[0].n,
	counter: (await t.db.select().from(numberCounters).where(eq(numberCounters.scope, 'CUSTOMER')))[0]?.lastValue ?? 0
});

beforeAll(async () => {
	t = await createTestDatabase();
	teluk = randomUUID();
	berkoh = randomUUID();
	packageId = randomUUID();
	await t.db.insert(areas).values([
		{ id: teluk, name: 'Teluk' },
		{ id: berkoh, name: 'Berkoh' }
	]);
	await t.db.insert(packages).values({ id: packageId, name: 'Rumahan 10 Mbps', price: 150_000, routerProfile: 'rumahan-10m', rateLimit: '10M/10M' });
	admin = await makeUser('admin');
	office = await makeUser('office');
	technician = await makeUser('technician', [teluk]);
});
afterAll(async () => t?.drop());

describe('customer roles', () => {
	it('refuse the signed-out, and let only admin and office write and only admin delete', async () => {
		expect((await errorOf(callerAs(null).customers.list({}))).code).toBe('UNAUTHORIZED');
		expect((await errorOf(callerAs(null).customers.get({ id: randomUUID() }))).code).toBe('UNAUTHORIZED');
		expect((await errorOf(callerAs(technician).customers.create(customer()))).code).toBe('FORBIDDEN');
		const { id } = await callerAs(office).customers.create(customer({ name: 'Untuk Dihapus' }));
		expect((await errorOf(callerAs(technician).customers.update({ id, ...customer() }))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(office).customers.delete({ id }))).code).toBe('FORBIDDEN');
		await callerAs(admin).customers.delete({ id });
		expect((await errorOf(callerAs(office).customers.get({ id }))).code).toBe('NOT_FOUND');
	});

	it('let a technician read only the customers of their areas, and hide the rest as NOT_FOUND', async () => {
		const mine = await callerAs(office).customers.create(customer({ name: 'Warga Teluk' }));
		const theirs = await callerAs(office).customers.create(customer({ name: 'Warga Berkoh', areaId: berkoh }));
		const listed = await callerAs(technician).customers.list({ search: 'Warga', pageSize: 200 });
		expect(listed.rows.map((c) => c.name)).toEqual(['Warga Teluk']);
		expect(listed.total).toBe(1);
		expect((await callerAs(technician).customers.list({ search: 'Warga', areaId: berkoh })).rows).toEqual([]);
		expect((await callerAs(technician).customers.get({ id: mine.id })).customer.name).toBe('Warga Teluk');
		const hidden = await errorOf(callerAs(technician).customers.get({ id: theirs.id }));
		const unknown = await errorOf(callerAs(technician).customers.get({ id: randomUUID() }));
		expect([hidden.code, hidden.message]).toEqual([unknown.code, unknown.message]);
		expect(hidden.code).toBe('NOT_FOUND');

		const idle = await makeUser('technician');
		expect(await callerAs(idle).customers.list({})).toEqual({ rows: [], total: 0, nextCursor: null, prevCursor: null });
	});
});

describe('customer create', () => {
	it('allocates gap-free codes, also under concurrent creates and after a refused one', async () => {
		const first = await callerAs(office).customers.create(customer({ name: 'Kode Satu' }));
		const n = Number(first.code.slice(1));
		expect(first.code).toMatch(/^C\d{6}$/);
		await errorOf(callerAs(office).customers.create(customer({ areaId: randomUUID() })));
		const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => callerAs(office).customers.create(customer({ name: `Kode ${i}` }))));
		const codes = burst.map((c) => Number(c.code.slice(1))).sort((a, b) => a - b);
		expect(codes).toEqual([n + 1, n + 2, n + 3, n + 4, n + 5, n + 6]);
	});

	it('is idempotent on a client-generated id: a resend returns the same customer', async () => {
		const id = randomUUID();
		const input = customer({ id, name: 'Dewi Lestari', phone: '+62 857-1234-5678' });
		const first = await callerAs(office).customers.create(input);
		const before = await writes();
		const again = await callerAs(office).customers.create(input);
		const concurrent = await Promise.all([callerAs(office).customers.create(input), callerAs(office).customers.create(input)]);
		expect(first).toEqual({ id, code: first.code, created: true });
		for (const resend of [again, ...concurrent]) expect(resend).toEqual({ id, code: first.code, created: false });
		expect(await writes()).toEqual(before);
		const fresh = customer({ id: randomUUID(), name: 'Dikirim Tiga Kali' });
		const racing = await Promise.all([1, 2, 3].map(() => callerAs(office).customers.create(fresh)));
		expect(racing.filter((r) => r.created)).toHaveLength(1);
		expect(new Set(racing.map((r) => `${r.id} ${r.code}`)).size).toBe(1);
		expect((await t.db.select({ n: count() }).from(customers).where(eq(customers.id, fresh.id!)))[0].n).toBe(1);
		const afterRace = await writes();
		expect(afterRace.customers).toBe(before.customers + 1);
		expect(afterRace.counter).toBe(before.counter + 1);
		const conflict = await errorOf(callerAs(office).customers.create({ ...input, name: 'Orang Lain' }));
		expect(conflict.code).toBe('CONFLICT');
		expect(await writes()).toEqual(afterRace);
	});

	it('answers bad input with BAD_REQUEST naming the field and writes nothing', async () => {
		const before = await writes();
		const cases: Array<[Partial<CustomerInput>, string, string]> = [
			[{ phone: '12345' }, 'phone', 'Nomor HP tidak valid. Contoh: 081234567890 atau +62 812-3456-7890.'],
			[{ phone: '0812 3456 7890 1234 5' }, 'phone', 'Nomor HP tidak valid. Contoh: 081234567890 atau +62 812-3456-7890.'],
			[{ areaId: randomUUID() }, 'areaId', 'Tidak ditemukan.'],
			[{ areaId: 'teluk' }, 'areaId', 'Pilih area.'],
			[{ email: 'bukan email' }, 'email', 'Alamat email tidak valid.'],
			[{ name: '' }, 'name', 'Wajib diisi.'],
			[{ address: 'x'.repeat(501) }, 'address', 'Maksimal 500 karakter.'],
			[{ latitude: -7.4 }, 'longitude', 'Isi lintang dan bujur, atau kosongkan keduanya.']
		];
		for (const [over, field, message] of cases) {
			const err = await errorOf(callerAs(office).customers.create(customer(over)));
			expect(err.code, field).toBe('BAD_REQUEST');
			expect(fieldErrorsOf(err), field).toEqual({ [field]: [message] });
		}
		const deletedArea = randomUUID();
		await t.db.insert(areas).values({ id: deletedArea, name: 'Tutup', deletedAt: new Date() });
		expect(fieldErrorsOf(await errorOf(callerAs(office).customers.create(customer({ areaId: deletedArea }))))).toEqual({ areaId: ['Tidak ditemukan.'] });
		expect(await writes()).toEqual(before);
	});
});

describe('customer update and delete', () => {
	it('audits before and after and bumps the version', async () => {
		const { id, code } = await callerAs(office).customers.create(customer({ name: 'Bambang', latitude: -7.4245, longitude: 109.2301 }));
		const [created] = await t.db.select().from(customers).where(eq(customers.id, id));
		await callerAs(office).customers.update({ id, ...customer({ name: 'Bambang', address: 'Jl. Baru 2', areaId: berkoh, status: 'inactive' }) });
		const [updated] = await t.db.select().from(customers).where(eq(customers.id, id));
		expect(updated).toMatchObject({ code, address: 'Jl. Baru 2', areaId: berkoh, status: 'inactive', latitude: null });
		expect(updated.version).toBeGreaterThan(created.version);
		const trail = await t.db.select().from(auditLog).where(and(eq(auditLog.entity, 'customer'), eq(auditLog.entityId, id)));
		expect(trail.map((a) => [a.action, a.userId])).toEqual([['customer.create', office.id], ['customer.update', office.id]]);
		expect(trail[0].after).toMatchObject({ code, name: 'Bambang', latitude: -7.4245, longitude: 109.2301 });
		expect(trail[1].before).toMatchObject({ address: 'Jl. Merdeka No. 1, RT 02/RW 05', areaId: teluk, status: 'active', latitude: -7.4245 });
		expect(trail[1].after).toMatchObject({ address: 'Jl. Baru 2', areaId: berkoh, status: 'inactive', latitude: null });
	});

	it('answers unknown ids with NOT_FOUND, never a 500', async () => {
		expect((await errorOf(callerAs(office).customers.update({ id: randomUUID(), ...customer() }))).code).toBe('NOT_FOUND');
		expect((await errorOf(callerAs(admin).customers.delete({ id: randomUUID() }))).code).toBe('NOT_FOUND');
		expect((await errorOf(callerAs(office).customers.get({ id: 'C000001' }))).code).toBe('BAD_REQUEST');
	});

	it('refuses deleting a customer with a live subscription or an open invoice', async () => {
		const { id } = await callerAs(office).customers.create(customer({ name: 'Masih Aktif' }));
		const subscriptionId = randomUUID();
		await t.db.insert(subscriptions).values({ id: subscriptionId, customerId: id, packageId, billingDay: 1, startDate: '2026-01-01' });
		const refused = await errorOf(callerAs(admin).customers.delete({ id }));
		expect(fieldErrorsOf(refused)).toEqual({ id: ['Pelanggan ini masih punya langganan aktif atau tagihan terbuka.'] });
		await t.db.update(subscriptions).set({ status: 'terminated' }).where(eq(subscriptions.id, subscriptionId));
		await callerAs(admin).customers.delete({ id });
		const [row] = await t.db.select().from(customers).where(eq(customers.id, id));
		expect(row.deletedAt).toBeInstanceOf(Date);
	});
});

describe('customer list', () => {
	let ids: Record<string, string>;
	beforeAll(async () => {
		const made = await Promise.all([
			callerAs(office).customers.create(customer({ name: 'Cari Nama Unik', phone: '081311112222' })),
			callerAs(office).customers.create(customer({ name: 'Cari Lewat HP', phone: '085799887766', areaId: berkoh })),
			callerAs(office).customers.create(customer({ name: 'Cari Lewat User', phone: '081200000001', status: 'inactive' }))
		]);
		ids = { name: made[0].id, phone: made[1].id, user: made[2].id };
		await t.db.insert(subscriptions).values({ id: randomUUID(), customerId: made[2].id, packageId, serviceUsername: 'pppoe-rt05-joko', billingDay: 3, startDate: '2026-01-03' });
		const [{ code }] = await t.db.select({ code: customers.code }).from(customers).where(eq(customers.id, made[0].id));
		ids.code = code;
	});

	const search = async (term: string) => (await callerAs(office).customers.list({ search: term, pageSize: 200 })).rows.map((c) => c.id);

	it('finds by name, code, phone in any form, and service username', async () => {
		expect(await search('nama unik')).toEqual([ids.name]);
		expect(await search(ids.code.toLowerCase())).toEqual([ids.name]);
		expect(await search('0857 9988')).toEqual([ids.phone]);
		expect(await search('99887766')).toEqual([ids.phone]);
		expect(await search('+62 857-9988-7766')).toEqual([ids.phone]);
		expect(await search('6285799887766')).toEqual([ids.phone]);
		expect(await search('rt05-jok')).toEqual([ids.user]);
		expect(await search('100%_')).toEqual([]);
		const [row] = (await callerAs(office).customers.list({ search: 'rt05-joko' })).rows;
		expect(row).toMatchObject({ areaName: 'Teluk', serviceUsernames: ['pppoe-rt05-joko'], owed: 0, status: 'inactive' });
	});

	it('filters by area and status', async () => {
		const inBerkoh = await callerAs(office).customers.list({ search: 'Cari', areaId: berkoh });
		expect(inBerkoh.rows.map((c) => c.id)).toEqual([ids.phone]);
		const inactive = await callerAs(office).customers.list({ search: 'Cari', status: 'inactive' });
		expect(inactive.rows.map((c) => c.id)).toEqual([ids.user]);
		expect(inactive.total).toBe(1);
	});

	it('pages through name ties in both directions, every customer once', async () => {
		await Promise.all(Array.from({ length: 23 }, (_, i) => callerAs(office).customers.create(customer({ name: i % 2 ? 'Sama Saja' : 'Sama Juga' }))));
		for (const dir of ['asc', 'desc'] as const) {
			const seen: string[] = [];
			let page = await callerAs(office).customers.list({ search: 'Sama', sort: 'name', dir, pageSize: 10 });
			for (;;) {
				expect(page.total).toBe(23);
				seen.push(...page.rows.map((c) => c.name + c.id));
				if (!page.nextCursor) break;
				page = await callerAs(office).customers.list({ search: 'Sama', sort: 'name', dir, pageSize: 10, cursor: page.nextCursor });
			}
			expect(new Set(seen).size).toBe(23);
			expect(seen).toEqual([...seen].sort((a, b) => (dir === 'asc' ? a.localeCompare(b) : b.localeCompare(a))));
		}
	});

	it('answers a malformed or mismatched cursor with BAD_REQUEST on the cursor field', async () => {
		const page = await callerAs(office).customers.list({ sort: 'name', pageSize: 10 });
		for (const input of [{ cursor: 'eyJub3QiOiJvdXJzIn0' }, { cursor: page.nextCursor!, sort: 'code' as const }]) {
			const err = await errorOf(callerAs(office, 'en').customers.list(input));
			expect(err.code).toBe('BAD_REQUEST');
			expect(fieldErrorsOf(err, 'en')).toEqual({ cursor: ['This page position no longer fits the list. Start again from the first page.'] });
		}
	});
});

describe('customer detail', () => {
	it('shows subscriptions without passwords, open invoices, payments, balance and history', async () => {
		const { id } = await callerAs(office).customers.create(customer({ name: 'Detail Lengkap' }));
		await callerAs(office).customers.update({ id, ...customer({ name: 'Detail Lengkap', address: 'Jl. Kenanga 7' }) });
		const subscriptionId = randomUUID();
		await t.db.insert(subscriptions).values({
			id: subscriptionId,
			customerId: id,
			packageId,
			serviceUsername: 'detail-lengkap',
			servicePasswordEnc: 'v1:secret-envelope',
			billingDay: 10,
			startDate: '2026-01-10',
			paidThrough: '2026-02-09'
		});
		const invoice = (n: number, amount: number, amountPaid: number, status: 'unpaid' | 'partial' | 'paid') => ({
			id: randomUUID(),
			number: `INV-2026${String(n).padStart(2, '0')}-${id.slice(0, 6)}`,
			subscriptionId,
			customerId: id,
			periodStart: `2026-${String(n).padStart(2, '0')}-10`,
			periodEnd: `2026-${String(n + 1).padStart(2, '0')}-09`,
			amount,
			amountPaid,
			dueDate: `2026-${String(n).padStart(2, '0')}-20`,
			status,
			payToken: randomUUID()
		});
		const invoiceRows = [invoice(1, 150_000, 150_000, 'paid'), invoice(2, 150_000, 50_000, 'partial'), invoice(3, 150_000, 0, 'unpaid')];
		await t.db.insert(invoices).values(invoiceRows);
		const paymentId = randomUUID();
		await t.db.insert(payments).values({ id: paymentId, receiptNumber: `RCP-202601-${id.slice(0, 6)}`, customerId: id, invoiceId: invoiceRows[0].id, amount: 200_000, method: 'cash', collectedBy: technician.id, receivedAt: new Date('2026-01-15T03:00:00Z'), source: 'office', externalId: randomUUID() });
		await t.db.update(customers).set({ creditBalance: 25_000 }).where(eq(customers.id, id));
		await audit(t.db, { userId: office.id, action: 'payment.record', entity: 'payment', entityId: paymentId, after: { amount: 200_000 } });
		await audit(t.db, { userId: office.id, action: 'subscription.create', entity: 'subscription', entityId: subscriptionId });

		const detail = await callerAs(office).customers.get({ id });
		expect(detail.customer).toMatchObject({ name: 'Detail Lengkap', address: 'Jl. Kenanga 7', areaName: 'Teluk', creditBalance: 25_000 });
		expect(detail.subscriptions).toEqual([
			expect.objectContaining({ id: subscriptionId, packageName: 'Rumahan 10 Mbps', status: 'active', desiredRouterState: 'active', confirmedRouterState: 'unknown', billingDay: 10, paidThrough: '2026-02-09' })
		]);
		expect(JSON.stringify(detail)).not.toContain('secret-envelope');
		expect(Object.keys(detail.subscriptions[0])).not.toContain('servicePasswordEnc');
		expect(detail.openInvoices.map((i) => [i.status, i.amount - i.amountPaid, i.dueDate])).toEqual([
			['partial', 100_000, '2026-02-20'],
			['unpaid', 150_000, '2026-03-20']
		]);
		expect(detail.recentPayments).toEqual([expect.objectContaining({ id: paymentId, amount: 200_000, collectedByName: technician.name, invoiceNumber: invoiceRows[0].number })]);
		expect(detail.balance).toEqual({ owed: 250_000, credit: 25_000, net: 225_000 });
		expect(detail.history.map((h) => h.action)).toEqual(['subscription.create', 'payment.record', 'customer.update', 'customer.create']);
		expect(detail.history[2]).toMatchObject({ userName: office.name, before: expect.objectContaining({ address: 'Jl. Merdeka No. 1, RT 02/RW 05' }) });

		const listed = await callerAs(office).customers.list({ search: 'Detail Lengkap' });
		expect(listed.rows[0].owed).toBe(250_000);
		const stillOwing = await errorOf(callerAs(admin).customers.delete({ id }));
		expect(stillOwing.code).toBe('BAD_REQUEST');
		expect((await t.db.select({ n: count() }).from(customers).where(inArray(customers.id, [id])))[0].n).toBe(1);
	});
});
