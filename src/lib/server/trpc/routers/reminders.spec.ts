import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../../tests/fixtures';
import { areas, customers, invoices, reminderMarks } from '../../db/schema';
import { listDueReminders, listIsolatedReminders } from '../../reminders/lists';
import { dueRemindersInput, isolatedRemindersInput } from '../../../shared/schemas/settings-reminders';
import { addDays, localDateOf } from '../../../shared/dates';
import { DEFAULT_TEMPLATES } from '../../../shared/templates';
import type { Db } from '../../db/index';
import type { SessionUser } from '../../auth/session';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let isp: Isp;
let admin: SessionUser, office: SessionUser, tech: SessionUser;
const BASE = testConfig('mysql://x/y').PUBLIC_BASE_URL;
const TZ = 'Asia/Jakarta';
/** 00:30 WIB on 24 Nov 2026 — still the 23rd in UTC, so a UTC calendar would pick other invoices. */
const NOW = new Date('2026-11-23T17:30:00Z');

async function invoiceFor(db: Db, customerId: string, subscriptionId: string, opts: { due: string; amount?: number; paid?: number; status?: 'unpaid' | 'partial' | 'paid' | 'void'; periodStart?: string }) {
	const id = randomUUID();
	const payToken = randomBytes(24).toString('base64url');
	const periodStart = opts.periodStart ?? addDays(opts.due, -10);
	await db.insert(invoices).values({
		id,
		number: `INV-T-${randomBytes(4).toString('hex')}`,
		subscriptionId,
		customerId,
		periodStart,
		periodEnd: addDays(periodStart, 29),
		amount: opts.amount ?? 150000,
		amountPaid: opts.paid ?? 0,
		dueDate: opts.due,
		status: opts.status ?? 'unpaid',
		payToken
	});
	return { id, payToken };
}

async function customerWith(name: string, phone: string | null, areaId = isp.areaId, status?: 'isolated') {
	const id = await makeCustomer(t.db, { ...isp, areaId });
	await t.db.update(customers).set({ name, phone }).where(eq(customers.id, id));
	const subscriptionId = await makeSubscription(t.db, isp, id, { startDate: '2026-01-05', status });
	return { id, subscriptionId };
}

const due = (input: Record<string, unknown>) => listDueReminders(t.db, dueRemindersInput.parse(input), { timeZone: TZ, publicBaseUrl: BASE, now: NOW });

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	admin = await makeUser('admin');
	office = await makeUser('office');
	tech = await makeUser('technician', [isp.areaId]);
});
afterAll(async () => t?.drop());

describe('reminders: due in N days', () => {
	let siti: { id: string; subscriptionId: string; invoiceId: string; payToken: string };

	beforeAll(async () => {
		const c = await customerWith('Siti Aminah', '0812-3456-7890');
		const inv = await invoiceFor(t.db, c.id, c.subscriptionId, { due: '2026-11-27', amount: 175000, paid: 25000, status: 'partial' });
		siti = { ...c, invoiceId: inv.id, payToken: inv.payToken };
		// The day before and after the boundary, and closed invoices on it; yesterday's is overdue, not coming due.
		const other = await customerWith('Budi', '081299990000');
		await invoiceFor(t.db, other.id, other.subscriptionId, { due: '2026-11-23', periodStart: '2026-06-01' });
		await invoiceFor(t.db, other.id, other.subscriptionId, { due: '2026-11-26' });
		await invoiceFor(t.db, other.id, other.subscriptionId, { due: '2026-11-28' });
		await invoiceFor(t.db, other.id, other.subscriptionId, { due: '2026-11-27', status: 'paid', paid: 150000, periodStart: '2026-08-01' });
		await invoiceFor(t.db, other.id, other.subscriptionId, { due: '2026-11-27', status: 'void', periodStart: '2026-07-01' });
	});

	it('lists open invoices due within N days (today through day N) in Asia/Jakarta, not in UTC', async () => {
		expect(localDateOf(NOW, TZ)).toBe('2026-11-24');
		const page = await due({ days: 3 });
		// Budi's is due on day 2, Siti's on day 3: "due in 3 days" means by then, not only on day 3.
		expect(page.rows.map((r) => [r.name, r.invoice?.dueDate])).toEqual([
			['Budi', '2026-11-26'],
			['Siti Aminah', '2026-11-27']
		]);
		expect(page.total).toBe(2);
		expect(page.rows[1]).toMatchObject({ id: siti.invoiceId, whatsappNumber: '6281234567890', invoice: { outstanding: 150000, dueDate: '2026-11-27' }, sent: false });
		expect((await due({ days: 2 })).rows.map((r) => r.invoice?.dueDate)).toEqual(['2026-11-26']);
		expect((await due({ days: 4 })).rows.map((r) => r.invoice?.dueDate).sort()).toEqual(['2026-11-26', '2026-11-27', '2026-11-28']);
		// Nothing is due today; yesterday's invoice is overdue, not coming due.
		expect((await due({ days: 0 })).total).toBe(0);
	});

	it('carries a wa.me link with the templated reminder and the pay link', async () => {
		const [row] = (await due({ days: 3, search: 'Siti' })).rows;
		const url = new URL(row.whatsappUrl!);
		expect(`${url.origin}${url.pathname}`).toBe('https://wa.me/6281234567890');
		const text = url.searchParams.get('text')!;
		expect(text).toBe(row.message);
		expect(text).toContain('Yth. Siti Aminah');
		expect(text).toContain('Rp 150.000');
		expect(text).toContain('jatuh tempo 27 Nov 2026');
		expect(text).toContain(`${BASE}/pay/${siti.payToken}`);
		expect(row.invoice?.payUrl).toBe(`${BASE}/pay/${siti.payToken}`);
		expect(text).not.toMatch(/\{[a-z_]+\}/);
	});

	it('follows the templates saved in settings', async () => {
		await callerAs(admin).settings.saveTemplates({ ...DEFAULT_TEMPLATES, reminder: 'Halo {nama} ({paket}): {jumlah} s.d. {jatuh_tempo} di {link_bayar} — {isp}' });
		const [row] = (await due({ days: 3, search: 'Siti' })).rows;
		expect(row.message).toMatch(/^Halo Siti Aminah \(Paket [0-9a-f]{6}\): Rp 150\.000 s\.d\. 27 Nov 2026 di http:\/\/localhost:5173\/pay\/\S+ — Lunas$/);
		await callerAs(admin).settings.saveTemplates(DEFAULT_TEMPLATES);
	});

	it('shows customers without a usable phone as such, with no link', async () => {
		const none = await customerWith('Tanpa Nomor', null);
		const bad = await customerWith('Nomor Rusak', '12345');
		await invoiceFor(t.db, none.id, none.subscriptionId, { due: '2026-11-30' });
		await invoiceFor(t.db, bad.id, bad.subscriptionId, { due: '2026-11-30' });
		const rows = (await due({ days: 6, search: 'Nomor' })).rows;
		expect(rows.map((r) => [r.name, r.phone, r.whatsappNumber, r.whatsappUrl])).toEqual([
			['Nomor Rusak', '12345', null, null],
			['Tanpa Nomor', null, null, null]
		]);
		expect(rows[0].message).toContain('Nomor Rusak');
	});

	it('filters by area and pages by keyset without repeats', async () => {
		const areaId = randomUUID();
		await t.db.insert(areas).values({ id: areaId, name: 'Dusun Paging' });
		for (let i = 0; i < 12; i++) {
			const c = await customerWith(`Warga ${String(i).padStart(2, '0')}`, `08133300${String(i).padStart(4, '0')}`, areaId);
			await invoiceFor(t.db, c.id, c.subscriptionId, { due: '2026-12-01' });
		}
		const first = await due({ days: 7, areaId, pageSize: 10 });
		expect(first.total).toBe(12);
		expect(first.rows).toHaveLength(10);
		const second = await due({ days: 7, areaId, pageSize: 10, cursor: first.nextCursor! });
		expect(second.rows.map((r) => r.name)).toEqual(['Warga 10', 'Warga 11']);
		expect(second.nextCursor).toBeNull();
		expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(12);
		expect((await due({ days: 7, areaId: isp.areaId })).rows.filter((r) => r.name.startsWith('Warga'))).toEqual([]);
		expect((await due({ days: 7, search: 'warga 03' })).rows.map((r) => r.name)).toEqual(['Warga 03']);
	});

	it('marks a row sent once per day, idempotently, and unmarks it', async () => {
		const as = callerAs(office);
		await as.reminders.mark({ kind: 'due', subjectId: siti.invoiceId, sent: true });
		await as.reminders.mark({ kind: 'due', subjectId: siti.invoiceId, sent: true });
		expect(await t.db.select().from(reminderMarks).where(eq(reminderMarks.subjectId, siti.invoiceId))).toHaveLength(1);
		const [mark] = await t.db.select().from(reminderMarks).where(eq(reminderMarks.subjectId, siti.invoiceId));
		expect(mark).toMatchObject({ kind: 'due', markedBy: office.id, day: localDateOf(new Date(), TZ) });
		expect((await as.reminders.progress({ kind: 'due' })).sentToday).toBe(1);
		// The procedures run on the real clock: an invoice due 5 days from the real today shows its mark.
		const c = await customerWith('Jam Dinding', '081200001111');
		const real = await invoiceFor(t.db, c.id, c.subscriptionId, { due: addDays(localDateOf(new Date(), TZ), 5) });
		expect((await as.reminders.due({ days: 5, search: 'Jam Dinding' })).rows.map((r) => [r.id, r.sent])).toEqual([[real.id, false]]);
		await as.reminders.mark({ kind: 'due', subjectId: real.id, sent: true });
		expect((await as.reminders.due({ days: 5, search: 'Jam Dinding' })).rows.map((r) => [r.id, r.sent])).toEqual([[real.id, true]]);
		await as.reminders.mark({ kind: 'due', subjectId: real.id, sent: false });
		await as.reminders.mark({ kind: 'due', subjectId: siti.invoiceId, sent: false });
		expect(await t.db.select().from(reminderMarks).where(eq(reminderMarks.subjectId, siti.invoiceId))).toHaveLength(0);
		expect((await errorOf(as.reminders.mark({ kind: 'due', subjectId: randomUUID(), sent: true }))).code).toBe('NOT_FOUND');
	});

	it('answers a bad N with a translated field error', async () => {
		const err = await errorOf(callerAs(office, 'en').reminders.due({ days: 40 }));
		expect(fieldErrorsOf(err, 'en')).toEqual({ days: ['Enter a number of days from 0 to 31.'] });
		const text = await errorOf(callerAs(office).reminders.due({ days: 'abc' as unknown as number }));
		expect(fieldErrorsOf(text)).toEqual({ days: ['Isi jumlah hari antara 0 dan 31.'] });
	});
});

describe('reminders: isolated now', () => {
	it('lists isolated subscriptions with the isolation notice and the oldest open invoice', async () => {
		const c = await customerWith('Rina Isolir', '+62 857-1111-2222', isp.areaId, 'isolated');
		const newer = await invoiceFor(t.db, c.id, c.subscriptionId, { due: '2026-11-15', periodStart: '2026-11-05' });
		const older = await invoiceFor(t.db, c.id, c.subscriptionId, { due: '2026-10-15', periodStart: '2026-10-05', amount: 120000 });
		const manual = await customerWith('Manual Isolir', '085700000001', isp.areaId, 'isolated');
		const page = await listIsolatedReminders(t.db, isolatedRemindersInput.parse({}), { timeZone: TZ, publicBaseUrl: BASE, now: NOW });
		expect(page.rows.map((r) => r.name)).toEqual(['Manual Isolir', 'Rina Isolir']);
		const rina = page.rows[1];
		expect(rina.id).toBe(c.subscriptionId);
		expect(rina.invoice).toMatchObject({ id: older.id, outstanding: 120000, payUrl: `${BASE}/pay/${older.payToken}` });
		expect(rina.message).toContain('sedang diisolir');
		expect(rina.message).toContain('Rp 120.000');
		expect(decodeURIComponent(rina.whatsappUrl!.split('?text=')[1])).toBe(rina.message);
		expect(rina.whatsappUrl).toMatch(/^https:\/\/wa\.me\/6285711112222\?text=/);
		expect(rina.message).not.toContain(newer.payToken);
		// Isolated by hand with nothing owed: no bill to quote, so no message.
		expect(page.rows[0]).toMatchObject({ invoice: null, message: '', whatsappUrl: null });
		expect(manual.subscriptionId).toBe(page.rows[0].id);

		await callerAs(admin).reminders.mark({ kind: 'isolated', subjectId: c.subscriptionId, sent: true });
		const again = await callerAs(office).reminders.isolated({});
		expect(again.rows.find((r) => r.id === c.subscriptionId)?.sent).toBe(true);
		expect((await errorOf(callerAs(office).reminders.mark({ kind: 'isolated', subjectId: older.id, sent: true }))).code).toBe('NOT_FOUND');
	});

	it('refuses technicians and signed-out callers everywhere', async () => {
		const as = callerAs(tech);
		expect((await errorOf(as.reminders.due({}))).code).toBe('FORBIDDEN');
		expect((await errorOf(as.reminders.isolated({}))).code).toBe('FORBIDDEN');
		expect((await errorOf(as.reminders.progress({ kind: 'due' }))).code).toBe('FORBIDDEN');
		expect((await errorOf(as.reminders.mark({ kind: 'due', subjectId: randomUUID(), sent: true }))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(null).reminders.due({}))).code).toBe('UNAUTHORIZED');
	});
});
