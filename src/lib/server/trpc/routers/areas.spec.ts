import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { areas, auditLog, customers, routers, userAreas } from '../../db/schema';
import type { SessionUser } from '../../auth/session';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let admin: SessionUser;
let office: SessionUser;

beforeAll(async () => {
	t = await createTestDatabase();
	admin = await makeUser('admin');
	office = await makeUser('office');
});
afterAll(async () => t?.drop());

const auditOf = (entityId: string) => t.db.select().from(auditLog).where(and(eq(auditLog.entity, 'area'), eq(auditLog.entityId, entityId)));
const rowOf = async (id: string) => (await t.db.select().from(areas).where(eq(areas.id, id)))[0];

async function addCustomer(areaId: string) {
	const id = randomUUID();
	await t.db.insert(customers).values({ id, code: `X${id.slice(0, 8)}`, name: 'Pak RT', address: 'Jl. Mawar', areaId });
	return id;
}

describe('areas', () => {
	it('are read by every role, written by admin and office, deleted only by admin', async () => {
		expect((await errorOf(callerAs(null).areas.list({}))).code).toBe('UNAUTHORIZED');
		const technician = await makeUser('technician');
		const { id } = await callerAs(office).areas.create({ name: 'Karangklesem' });
		expect((await callerAs(technician).areas.get({ id })).name).toBe('Karangklesem');
		expect((await callerAs(technician).areas.options()).map((a) => a.id)).toContain(id);
		expect((await errorOf(callerAs(technician).areas.create({ name: 'Teluk' }))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(technician).areas.update({ id, name: 'Teluk' }))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(office).areas.delete({ id }))).code).toBe('FORBIDDEN');
		await callerAs(admin).areas.delete({ id });
		expect((await rowOf(id)).deletedAt).toBeInstanceOf(Date);
	});

	it('audits create and update with before and after, and bump the version each time', async () => {
		const { id } = await callerAs(office).areas.create({ name: '  Berkoh  ', description: 'Dekat pasar' });
		const created = await rowOf(id);
		expect(created).toMatchObject({ name: 'Berkoh', description: 'Dekat pasar' });
		expect(created.version).toBeGreaterThan(0);
		await callerAs(office).areas.update({ id, name: 'Berkoh Timur', description: '' });
		const updated = await rowOf(id);
		expect(updated).toMatchObject({ name: 'Berkoh Timur', description: null });
		expect(updated.version).toBeGreaterThan(created.version);
		const trail = await auditOf(id);
		expect(trail.map((a) => [a.action, a.userId, a.before, a.after])).toEqual([
			['area.create', office.id, null, { name: 'Berkoh', description: 'Dekat pasar', routerId: null }],
			['area.update', office.id, { name: 'Berkoh', description: 'Dekat pasar', routerId: null }, { name: 'Berkoh Timur', description: null, routerId: null }]
		]);
	});

	it('refuse a taken name (any case) on the name field, writing nothing', async () => {
		const { id } = await callerAs(office).areas.create({ name: 'Sokaraja' });
		const before = (await t.db.select({ n: count() }).from(auditLog))[0].n;
		const taken = await errorOf(callerAs(office, 'en').areas.create({ name: 'SOKARAJA' }));
		expect(taken.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(taken)).toEqual({ name: ['Already taken.'] });
		const other = await callerAs(office).areas.create({ name: 'Sokaraja Lor' });
		expect(fieldErrorsOf(await errorOf(callerAs(office).areas.update({ id: other.id, name: 'sokaraja' })))).toEqual({ name: ['Sudah dipakai.'] });
		expect((await t.db.select({ n: count() }).from(auditLog))[0].n).toBe(before + 1);
		expect((await rowOf(id)).name).toBe('Sokaraja');
		expect(fieldErrorsOf(await errorOf(callerAs(office).areas.create({ name: ' ' })))).toEqual({ name: ['Wajib diisi.'] });
	});

	it('refuse deleting an area with customers, and unassign technicians when deleting an empty one', async () => {
		const { id } = await callerAs(office).areas.create({ name: 'Teluk' });
		const customerId = await addCustomer(id);
		const technician = await makeUser('technician', [id]);
		const refused = await errorOf(callerAs(admin).areas.delete({ id }));
		expect(refused.code).toBe('BAD_REQUEST');
		expect(fieldErrorsOf(refused)).toEqual({ id: ['Area ini masih punya 1 pelanggan. Pindahkan mereka dulu.'] });
		expect((await rowOf(id)).deletedAt).toBeNull();
		expect((await callerAs(office).areas.get({ id })).customers).toBe(1);

		await t.db.update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, customerId));
		const versionBefore = (await rowOf(id)).version;
		await callerAs(admin).areas.delete({ id });
		expect((await rowOf(id)).version).toBeGreaterThan(versionBefore);
		expect(await t.db.select().from(userAreas).where(eq(userAreas.areaId, id))).toEqual([]);
		const [deletion] = (await auditOf(id)).filter((a) => a.action === 'area.delete');
		expect(deletion.before).toMatchObject({ name: 'Teluk', technicianIds: [technician.id] });
		expect((await errorOf(callerAs(office).areas.get({ id }))).code).toBe('NOT_FOUND');
		expect((await callerAs(office).areas.list({ search: 'Teluk' })).rows).toEqual([]);
	});

	it('bring a deleted area back when its name is created again', async () => {
		const { id } = await callerAs(office).areas.create({ name: 'Pasir Kidul' });
		await callerAs(admin).areas.delete({ id });
		const other = await callerAs(office).areas.create({ name: 'Pasir Lor' });
		expect(fieldErrorsOf(await errorOf(callerAs(office).areas.update({ id: other.id, name: 'Pasir Kidul' })))).toEqual({
			name: ['Sudah dipakai oleh data yang telah dihapus.']
		});
		const again = await callerAs(office).areas.create({ name: 'pasir kidul', description: 'Buka lagi' });
		expect(again.id).toBe(id);
		expect(await rowOf(id)).toMatchObject({ name: 'pasir kidul', description: 'Buka lagi', deletedAt: null });
		expect((await auditOf(id)).map((a) => a.action)).toEqual(['area.create', 'area.delete', 'area.restore']);
	});

	it('answer unknown ids with NOT_FOUND and malformed ones with BAD_REQUEST', async () => {
		const unknown = randomUUID();
		expect((await errorOf(callerAs(office).areas.get({ id: unknown }))).code).toBe('NOT_FOUND');
		expect((await errorOf(callerAs(office).areas.update({ id: unknown, name: 'X' }))).code).toBe('NOT_FOUND');
		expect((await errorOf(callerAs(admin).areas.delete({ id: unknown }))).code).toBe('NOT_FOUND');
		expect((await errorOf(callerAs(office).areas.get({ id: '1 OR 1=1' }))).code).toBe('BAD_REQUEST');
	});

	it('list with customer counts, searching names and descriptions', async () => {
		const { id } = await callerAs(office).areas.create({ name: 'Kedungwuluh', description: 'Gang Kenari' });
		await addCustomer(id);
		await addCustomer(id);
		const found = await callerAs(office).areas.list({ search: 'kenari' });
		expect(found.rows.map((a) => [a.name, a.customers])).toEqual([['Kedungwuluh', 2]]);
		expect(found.total).toBe(1);
		const all = await callerAs(office).areas.list({ sort: 'name', dir: 'desc' });
		expect(all.rows.map((a) => a.name)).toEqual([...all.rows.map((a) => a.name)].sort((a, b) => b.localeCompare(a, 'id', { sensitivity: 'base' })));
		expect(fieldErrorsOf(await errorOf(callerAs(office).areas.list({ cursor: 'AAAA' })))).toEqual({ cursor: ['Posisi halaman tidak valid. Mulai lagi dari halaman pertama.'] });
	});

	it('name the router serving them: a live router only, audited, and a deleted router reads as none', async () => {
		const addRouter = async (name: string) => {
			const id = randomUUID();
			await t.db.insert(routers).values({ id, name, host: '127.0.0.1', username: 'admin', passwordEnc: 'v1:x:y:z' });
			return id;
		};
		const utama = await addRouter('Router Utama');
		const timur = await addRouter('Router Timur');
		const { id } = await callerAs(office).areas.create({ name: 'Arcawinangun', routerId: utama });
		expect(await callerAs(office).areas.get({ id })).toMatchObject({ routerId: utama, routerName: 'Router Utama' });

		await callerAs(office).areas.update({ id, name: 'Arcawinangun', description: null, routerId: timur });
		expect((await rowOf(id)).routerId).toBe(timur);
		const [, update] = await auditOf(id);
		expect([update.before, update.after]).toEqual([
			{ name: 'Arcawinangun', description: null, routerId: utama },
			{ name: 'Arcawinangun', description: null, routerId: timur }
		]);

		// An unknown or deleted router is refused on its field, in the caller's language, and nothing changes.
		await t.db.update(routers).set({ deletedAt: new Date() }).where(eq(routers.id, utama));
		for (const routerId of [utama, randomUUID()]) {
			const refused = await errorOf(callerAs(office, 'en').areas.update({ id, name: 'Arcawinangun', routerId }));
			expect(refused.code).toBe('BAD_REQUEST');
			expect(fieldErrorsOf(refused, 'en')).toEqual({ routerId: ['Router not found.'] });
		}
		expect(fieldErrorsOf(await errorOf(callerAs(office).areas.create({ name: 'Berkoh Lor', routerId: utama })))).toEqual({ routerId: ['Router tidak ditemukan.'] });
		expect(fieldErrorsOf(await errorOf(callerAs(office).areas.create({ name: 'Berkoh Lor', routerId: 'bukan-id' })))).toEqual({ routerId: ['Router tidak ditemukan.'] });
		expect((await rowOf(id)).routerId).toBe(timur);
		expect(await auditOf(id)).toHaveLength(2);

		// Clearing it is allowed; a router deleted later shows as none rather than as a dead link.
		await callerAs(office).areas.update({ id, name: 'Arcawinangun', routerId: null });
		expect((await rowOf(id)).routerId).toBeNull();
		await callerAs(office).areas.update({ id, name: 'Arcawinangun', routerId: timur });
		await t.db.update(routers).set({ deletedAt: new Date() }).where(eq(routers.id, timur));
		const [listed] = (await callerAs(office).areas.list({ search: 'Arcawinangun' })).rows;
		expect(listed).toMatchObject({ routerId: null, routerName: null });
	});
});
