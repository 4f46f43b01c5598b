/**
 * Quiet hours as the admin sets them on the settings page: validated in both languages, audited,
 * and obeyed by the worker — reminders wait, receipts go — through the simulated gateway.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../tests/trpc';
import type { SessionUser } from '../auth/session';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../whatsapp-sim/index';
import { localMinutesOf } from '../../shared/dates';
import { enqueueMessages } from './enqueue';
import { createFonnteGateway } from './fonnte';
import { inQuietHours } from './quiet-hours';
import { WhatsAppWorker } from './worker';

let t: TestDatabase;
let sim: WhatsAppSimulator;
const { makeUser, callerAs } = trpcTester(() => t);
let admin: SessionUser, office: SessionUser;

beforeAll(async () => {
	t = await createTestDatabase();
	sim = await startWhatsAppSimulator({ fonnteToken: 'fonnte-token' });
	[admin, office] = await Promise.all([makeUser('admin'), makeUser('office')]);
});
afterAll(async () => {
	await sim?.close();
	await t?.drop();
});

const hhmm = (m: number) => `${String(Math.floor((((m % 1440) + 1440) % 1440) / 60)).padStart(2, '0')}:${String((((m % 1440) + 1440) % 1440) % 60).padStart(2, '0')}`;

async function statuses(): Promise<Record<string, string>> {
	const [rows] = (await t.db.execute(sql`SELECT dedupe_key, status FROM wa_messages`)) as unknown as [Array<{ dedupe_key: string; status: string }>];
	return Object.fromEntries(rows.map((r) => [r.dedupe_key, r.status]));
}

async function until(check: () => Promise<boolean>): Promise<void> {
	const end = Date.now() + 60_000;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('condition not reached in time');
		await new Promise((r) => setTimeout(r, 25));
	}
}

describe('quiet hours on the settings page', () => {
	it('are the admin’s, 21:00–07:00 until changed, and refuse a bad time or an empty window in the user’s language', async () => {
		expect((await errorOf(callerAs(office).whatsapp.quietHours())).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(office).whatsapp.saveQuietHours({ enabled: false, start: '21:00', end: '07:00' }))).code).toBe('FORBIDDEN');
		expect(await callerAs(admin).whatsapp.quietHours()).toEqual({ enabled: true, start: '21:00', end: '07:00' });

		for (const [lang, clock, same] of [
			['id', 'Jam tidak valid', 'Jam selesai harus berbeda dari jam mulai'],
			['en', 'Not a valid time', 'The end must differ from the start']
		] as const) {
			const caller = callerAs({ ...admin, language: lang }, lang);
			const bad = await errorOf(caller.whatsapp.saveQuietHours({ enabled: true, start: '24:00', end: '7:00' }));
			expect(bad.code).toBe('BAD_REQUEST');
			expect(fieldErrorsOf(bad, lang).start?.[0]).toContain(clock);
			expect(fieldErrorsOf(bad, lang).end?.[0]).toContain(clock);
			const empty = await errorOf(caller.whatsapp.saveQuietHours({ enabled: true, start: '22:00', end: '22:00' }));
			expect(fieldErrorsOf(empty, lang).end?.[0]).toContain(same);
		}
		// Switched off, the times do not matter.
		await callerAs(admin).whatsapp.saveQuietHours({ enabled: false, start: '22:00', end: '22:00' });
		expect(await callerAs(admin).whatsapp.quietHours()).toEqual({ enabled: false, start: '22:00', end: '22:00' });
	});

	it('hold reminders in a window that wraps midnight, let receipts through, and release reminders once switched off — audited', async () => {
		// Quiet all day but the hour starting an hour from now: start after end, so the window runs
		// past midnight (except when now is 22:00–22:59, when both ends fall after midnight).
		const now = localMinutesOf(new Date(), 'Asia/Jakarta');
		const window = { enabled: true, start: hhmm(now + 120), end: hhmm(now + 60) };
		await callerAs(admin).whatsapp.saveQuietHours(window);
		expect(inQuietHours(new Date(), 'Asia/Jakarta', window)).toBe(true);

		await enqueueMessages(t.db, [
			{ dedupeKey: 'q:reminder', customerId: null, phone: '081234560001', kind: 'due_soon', body: 'pengingat' },
			{ dedupeKey: 'q:receipt', customerId: null, phone: '081234560002', kind: 'payment_receipt', body: 'kuitansi' }
		]);
		const gateway = createFonnteGateway({ token: 'fonnte-token', baseUrl: sim.url, ratePerSecond: 100 });
		const worker = new WhatsAppWorker({ db: t.db, gateway: async () => gateway, timeZone: () => 'Asia/Jakarta', pollMs: 20 });
		worker.start();
		try {
			await until(async () => (await statuses())['q:receipt'] === 'sent');
			expect((await statuses())['q:reminder']).toBe('queued');
			expect(sim.delivered.map((d) => d.body)).toEqual(['kuitansi']);

			await callerAs(admin).whatsapp.saveQuietHours({ ...window, enabled: false });
			worker.reloadConfig(); // what the procedure does for the server's own worker
			await until(async () => (await statuses())['q:reminder'] === 'sent');
		} finally {
			await worker.stop();
		}
		expect(sim.delivered.map((d) => d.body).sort()).toEqual(['kuitansi', 'pengingat']);

		const [trail] = (await t.db.execute(sql`SELECT user_id, \`before\`, \`after\` FROM audit_log WHERE action = 'settings.whatsappQuietHours' ORDER BY id`)) as unknown as [
			Array<{ user_id: string; before: unknown; after: unknown }>
		];
		const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
		expect(trail.map((a) => [a.user_id, parse(a.before), parse(a.after)]).slice(-2)).toEqual([
			[admin.id, { enabled: false, start: '22:00', end: '22:00' }, window],
			[admin.id, window, { ...window, enabled: false }]
		]);
	});
});
