/**
 * The set-based reminders write exactly what the row-by-row path writes: same numbers (every way
 * people type them), same words (names with quotes, `$&`, braces, emoji; periods, due days and
 * amounts; both customer languages), same Meta parameters, same skips. Real MariaDB both ways.
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makePackage, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { customers, invoices } from '../db/schema';
import { writeSetting } from '../settings';
import { MESSAGE_TEMPLATES_KEY } from '../../shared/templates';
import { WA_GATEWAY_KEY } from './gateway-settings';
import { billMessages, billQuery, configureWhatsAppEvents, setupFor, waDueReminders, WA_EVENTS_KEY } from './events';
import { enqueueMessages, whatsAppNumber } from './enqueue';
import { insertBillReminders, whatsAppNumberSql } from './bill-reminders-sql';

let t: TestDatabase;
let isp: Isp;
const invoiceIds: string[] = [];
let seq = 0;

const PHONES = [
	'0812-3456-7001',
	'+62 812 3456 7002',
	'0062 812 3456 7003',
	'812 3456 7004',
	'62812345670 05',
	'(0812) 3456.7006',
	'021-555-1234',
	'+1 202 555 0100',
	'08123',
	'0812345678901234',
	'0000812345670',
	'+62+812345670 08',
	'   ',
	null
];
const NAMES = ["O'Neil $& {kode}", 'Siti 😀 Aminah', 'Budi "B" \\ Santoso', 'Dewi — Ayu', 'Rahmat %s ?'];

async function invoice(customerId: string, subscriptionId: string, f: { start: string; end: string; due: string; amount: number; paid?: number; status?: 'unpaid' | 'partial' | 'paid' }) {
	seq += 1;
	const id = randomUUID();
	await t.db.insert(invoices).values({
		id,
		number: `INV-T-${seq}-${id.slice(0, 6)}`,
		subscriptionId,
		customerId,
		periodStart: f.start,
		periodEnd: f.end,
		amount: f.amount,
		amountPaid: f.paid ?? 0,
		dueDate: f.due,
		status: f.status ?? (f.paid ? 'partial' : 'unpaid'),
		payToken: randomUUID().replaceAll('-', '')
	});
	invoiceIds.push(id);
}

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db, 150000);
	const cheap = await makePackage(t.db, 1);
	configureWhatsAppEvents({ publicBaseUrl: 'https://isp.test', timeZone: () => 'Asia/Jakarta' });
	await writeSetting(t.db, WA_GATEWAY_KEY, { kind: 'meta' }, null);
	for (const [i, phone] of PHONES.entries()) {
		const id = await makeCustomer(t.db, isp);
		await t.db.update(customers).set({ phone, name: NAMES[i % NAMES.length], whatsappOptOut: i === 4 }).where(eq(customers.id, id));
		const sub = await makeSubscription(t.db, isp, id, { startDate: '2026-08-01', packageId: i % 3 === 0 ? cheap : undefined });
		const amount = i % 3 === 0 ? 1 : 150_000 + i * 1_234_567;
		await invoice(id, sub, { start: '2026-10-01', end: '2026-10-31', due: '2026-10-10', amount, paid: i % 4 === 1 ? 999 : 0 });
		await invoice(id, sub, { start: '2026-05-05', end: '2026-06-04', due: '2026-05-14', amount: 1000 });
		await invoice(id, sub, { start: '2026-12-01', end: '2026-12-31', due: '2026-12-10', amount: 2000, paid: 2000, status: 'paid' });
	}
});
afterAll(async () => {
	configureWhatsAppEvents(null);
	await t?.drop();
});

type Row = { key: string; customer_id: string | null; phone: string | null; kind: string; quiet_hours: number; body: string; template: unknown; status: string; last_error: string | null; expires_at: Date | null; finished: number };

async function written(prefix: string): Promise<Row[]> {
	const [rows] = (await t.db.execute(sql`
		SELECT SUBSTRING(dedupe_key, ${prefix.length + 1}) AS \`key\`, customer_id, phone, kind, quiet_hours, body, template, status, last_error, expires_at, finished_at IS NOT NULL AS finished
		FROM wa_messages WHERE dedupe_key LIKE ${`${prefix}%`} ORDER BY \`key\``)) as unknown as [Row[]];
	return rows.map((r) => ({ ...r, template: typeof r.template === 'string' ? JSON.parse(r.template) : r.template, finished: Number(r.finished), quiet_hours: Number(r.quiet_hours) }));
}

describe('set-based reminders', () => {
	it('write what the row-by-row path writes, in both languages, with and without a Meta template', async () => {
		const expiresAt = new Date('2026-10-08T16:59:59.123Z');
		let round = 0;
		for (const language of ['id', 'en'] as const) {
			for (const metaTemplates of [{}, { due_soon: { name: 'lunas_due', language: 'id', params: ['nama', 'jumlah', 'periode', 'link_bayar'] } }]) {
				round += 1;
				await writeSetting(t.db, MESSAGE_TEMPLATES_KEY, { language, reminder: 'Halo {nama} ({kode}) {salah} {paket}: {periode}, {jumlah}, {jatuh_tempo}, {link_bayar} — {isp} {nama}' }, null);
				await writeSetting(t.db, WA_EVENTS_KEY, { metaTemplates }, null);
				const setup = (await setupFor(t.db, 'due_soon'))!;
				const open = await billQuery(t.db).where(inArray(invoices.id, invoiceIds));
				const wanted = open.filter((r) => invoiceIds.includes(r.invoiceId) && r.amountPaid < r.amount);
				await enqueueMessages(t.db, billMessages(setup, wanted, (id) => `js${round}:${id}`, expiresAt));
				const added = await t.db.transaction((tx) =>
					insertBillReminders(tx, setup, { where: sql`i.id IN (${sql.join(invoiceIds.map((id) => sql`${id}`), sql`, `)})`, keyPrefix: `sql${round}:`, expiresAt })
				);
				const [js, set] = [await written(`js${round}:`), await written(`sql${round}:`)];
				expect(set).toEqual(js);
				expect(added).toBe(js.length);
				// What the comparison covered: skips, failures for unusable numbers, both languages' words.
				// Skipped: no phone (2 customers), opted out (1), paid invoices, and customer 9's October
				// invoice (Rp 1 with 999 paid: nothing owed). Failed: the 5 unusable numbers, less that one.
				expect(js.length).toBe((PHONES.length - 3) * 2 - 1);
				expect(js.filter((r) => r.status === 'failed').length).toBe(2 * 5 - 1);
				expect(js.some((r) => r.body.includes(language === 'en' ? '1 Oct 2026 – 31 Oct 2026' : '1 Okt 2026 – 31 Okt 2026'))).toBe(true);
				expect(js.some((r) => r.body.includes('Rp 2.619.134'))).toBe(true);
				// A replay adds nothing.
				expect(
					await t.db.transaction((tx) => insertBillReminders(tx, setup, { where: sql`i.id IN (${sql.join(invoiceIds.map((id) => sql`${id}`), sql`, `)})`, keyPrefix: `sql${round}:`, expiresAt }))
				).toBe(0);
			}
		}
		await writeSetting(t.db, MESSAGE_TEMPLATES_KEY, {}, null);
		await writeSetting(t.db, WA_EVENTS_KEY, {}, null);
	});

	it('read a number the way whatsAppNumber does, for every way people type one', async () => {
		const inputs = [...PHONES.filter((p): p is string => p !== null), '+6281234567890', '6281234567890', '81234567890', '0812345678', '08123456789012', '081234567890123', 'abc', '٠٨١٢٣٤٥٦٧٨٩٠'];
		for (const raw of inputs) {
			const [[row]] = (await t.db.execute(sql`SELECT ${whatsAppNumberSql(sql`${raw}`)} AS n`)) as unknown as [Array<{ n: string | null }>];
			expect([raw, row.n]).toEqual([raw, whatsAppNumber(raw)]);
		}
	});

	it('waDueReminders writes each due invoice once through it, and a replayed day adds none', async () => {
		await writeSetting(t.db, WA_GATEWAY_KEY, { kind: 'fonnte' }, null);
		const first = await waDueReminders(t.db, '2026-10-07');
		const again = await waDueReminders(t.db, '2026-10-07');
		expect(first.whatsappDueSoon).toBe(PHONES.length - 4);
		expect(again).toEqual({ whatsappDueSoon: 0, whatsappDueToday: 0 });
		const [[n]] = (await t.db.execute(sql`SELECT COUNT(*) AS n FROM wa_messages WHERE dedupe_key LIKE 'due_soon:%'`)) as unknown as [Array<{ n: number }>];
		expect(Number(n.n)).toBe(PHONES.length - 4);
	});
});
