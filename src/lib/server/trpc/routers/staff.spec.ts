import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, count } from 'drizzle-orm';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf } from '../../../../../tests/trpc';
import { createCaller } from '../root';
import { createContext } from '../trpc';
import { areas, auditLog, users } from '../../db/schema';
import { hashPassword } from '../../auth/password';
import type { Role } from '../../../shared/domain';
import type { SessionUser } from '../../auth/session';

let t: TestDatabase;
let admin: SessionUser;
let areaId: string;

async function makeUser(role: Role, username = `${role}-${randomUUID().slice(0, 6)}`): Promise<SessionUser> {
	const id = randomUUID();
	await t.db.insert(users).values({ id, username, name: username, role, passwordHash: await hashPassword('kata-sandi-1') });
	return { id, username, name: username, role, language: 'id' };
}

function callerAs(user: SessionUser | null, lang: 'id' | 'en' = 'id') {
	return createCaller(
		createContext({ db: t.db, config: testConfig(t.url), user, sessionId: null, ipAddress: '127.0.0.1', lang })
	);
}

beforeAll(async () => {
	t = await createTestDatabase();
	admin = await makeUser('admin', 'kepala');
	areaId = randomUUID();
	await t.db.insert(areas).values({ id: areaId, name: 'Perumahan Griya Asri' });
});
afterAll(async () => t?.drop());

describe('staff procedures', () => {
	it('need a signed-in admin', async () => {
		expect((await errorOf(callerAs(null).staff.list())).code).toBe('UNAUTHORIZED');
		expect((await errorOf(callerAs(await makeUser('office')).staff.list())).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(await makeUser('technician')).staff.create({ username: 'x', name: 'x', role: 'admin', password: '12345678' }))).code).toBe('FORBIDDEN');
	});

	it('creates a technician with areas, audited, without the password in the trail', async () => {
		const { id } = await callerAs(admin).staff.create({ username: 'Joko.T', name: 'Joko Tingkir', role: 'technician', password: 'rahasia-joko', areaIds: [areaId] });
		const list = await callerAs(admin).staff.list();
		const joko = list.find((u) => u.id === id)!;
		expect(joko).toMatchObject({ username: 'joko.t', role: 'technician', areaIds: [areaId], active: true });
		const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, id));
		expect(entry.action).toBe('staff.create');
		expect(entry.userId).toBe(admin.id);
		expect(JSON.stringify(entry.after)).not.toContain('rahasia-joko');
	});

	it('names the failing field in the user language and writes nothing', async () => {
		const before = (await t.db.select({ n: count() }).from(users))[0].n;
		const bad = await errorOf(callerAs(admin).staff.create({ username: 'a b', name: '', role: 'office', password: 'short' }));
		expect(bad.code).toBe('BAD_REQUEST');
		const taken = await errorOf(callerAs(admin, 'en').staff.create({ username: 'joko.t', name: 'Lain', role: 'office', password: 'panjang-sekali' }));
		expect(taken.code).toBe('BAD_REQUEST');
		expect(taken.message).toBe('Already taken.');
		const unknownArea = await errorOf(callerAs(admin).staff.create({ username: 'baru', name: 'Baru', role: 'technician', password: 'panjang-sekali', areaIds: [randomUUID()] }));
		expect(unknownArea.message).toBe('Tidak ditemukan.');
		expect((await t.db.select({ n: count() }).from(users))[0].n).toBe(before);
	});

	it('refuses guessable passwords wherever a password is set, in both languages, changing nothing', async () => {
		const before = (await t.db.select({ n: count() }).from(users))[0].n;
		for (const password of ['12345678', '1234567890', 'password123', 'qwertyuiop', 'admin12345']) {
			const create = await errorOf(callerAs(admin).staff.create({ username: 'lemah', name: 'Lemah', role: 'office', password }));
			expect(create.code, password).toBe('BAD_REQUEST');
			expect(Object.keys(fieldErrorsOf(create)), password).toEqual(['password']);
		}
		expect(fieldErrorsOf(await errorOf(callerAs(admin).staff.create({ username: 'lemah', name: 'Lemah', role: 'office', password: '12345678' })))).toEqual({ password: ['Minimal 10 karakter.'] });
		const weakEn = await errorOf(callerAs(admin, 'en').staff.create({ username: 'lemah', name: 'Lemah', role: 'office', password: '1234567890' }));
		expect(fieldErrorsOf(weakEn, 'en').password[0]).toMatch(/^This password is easy to guess/);
		expect((await t.db.select({ n: count() }).from(users))[0].n).toBe(before);

		const [row] = await t.db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.username, 'joko.t'));
		const set = await errorOf(callerAs(admin).staff.setPassword({ id: row.id, password: '0987654321' }));
		expect(fieldErrorsOf(set).password[0]).toMatch(/^Kata sandi ini mudah ditebak/);
		const [after] = await t.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, row.id));
		expect(after.passwordHash).toBe(row.passwordHash);
	});

	it('keeps at least one active admin and refuses self-disable', async () => {
		const self = await errorOf(callerAs(admin).staff.update({ id: admin.id, name: 'Kepala', role: 'admin', active: false, areaIds: [] }));
		expect(self.message).toBe('Anda tidak bisa menonaktifkan akun sendiri.');
		const demote = await errorOf(callerAs(admin).staff.update({ id: admin.id, name: 'Kepala', role: 'office', active: true, areaIds: [] }));
		expect(demote.message).toMatch(/Admin aktif terakhir/);
		const second = await makeUser('admin');
		await callerAs(admin).staff.update({ id: second.id, name: 'Wakil', role: 'office', active: true, areaIds: [] });
		const [row] = await t.db.select().from(users).where(eq(users.id, second.id));
		expect(row.role).toBe('office');
	});
});
