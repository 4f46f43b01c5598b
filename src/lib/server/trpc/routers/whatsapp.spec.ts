import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../../tests/db';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../../tests/trpc';
import { enqueueMessages } from '../../whatsapp/enqueue';
import type { SessionUser } from '../../auth/session';
import { translateDomainError } from '../trpc';
import type { DomainError } from '../../errors';
import { translator } from '../../../shared/i18n/index';

let t: TestDatabase;
const { makeUser, callerAs } = trpcTester(() => t);
let admin: SessionUser, office: SessionUser, tech: SessionUser;

beforeAll(async () => {
	t = await createTestDatabase();
	[admin, office, tech] = await Promise.all([makeUser('admin'), makeUser('office'), makeUser('technician')]);
});
afterAll(async () => {
	await t?.drop();
});

async function setStatus(key: string, status: string) {
	await t.db.execute(sql`UPDATE wa_messages SET status = ${status} WHERE dedupe_key = ${key}`);
}
async function idOf(key: string): Promise<number> {
	const [[row]] = (await t.db.execute(sql`SELECT id FROM wa_messages WHERE dedupe_key = ${key}`)) as unknown as [Array<{ id: number }>];
	return Number(row.id);
}

describe('whatsapp router', () => {
	it('keeps the gateway and its keys to the admin, and never returns a secret', async () => {
		expect((await errorOf(callerAs(office).whatsapp.gateway())).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(tech).whatsapp.outbox({}))).code).toBe('FORBIDDEN');
		expect((await errorOf(callerAs(null).whatsapp.outbox({}))).code).toBe('UNAUTHORIZED');
		const view = await callerAs(admin).whatsapp.saveGateway({ kind: 'fonnte', fonnte: { token: 'fonnte-secret-token', ratePerSecond: 2 } });
		expect(JSON.stringify(view)).not.toContain('fonnte-secret-token');
		expect((await callerAs(admin).whatsapp.gateway()).fonnte).toEqual({ tokenStored: true, baseUrl: null, ratePerSecond: 2 });
	});

	it('queues a test message (nothing is sent from the request) and refuses a number WhatsApp cannot reach, naming the field', async () => {
		const { id } = await callerAs(admin).whatsapp.sendTest({ phone: '0812 3456 7800' });
		const { rows } = await callerAs(office).whatsapp.outbox({ kind: 'test' });
		expect(rows.find((r) => r.id === id)).toMatchObject({ status: 'queued', phone: '+6281234567800', kind: 'test', attempts: 0 });
		for (const [lang, text] of [['id', 'Bukan nomor WhatsApp'], ['en', 'Not a valid WhatsApp number']] as const) {
			const err = await errorOf(callerAs({ ...admin, language: lang }, lang).whatsapp.sendTest({ phone: '021 555 1234' }));
			expect(err.code).toBe('BAD_REQUEST');
			expect(fieldErrorsOf(err, lang).phone?.[0]).toContain(text);
		}
		expect((await callerAs(office).whatsapp.outbox({ kind: 'test' })).rows).toHaveLength(1);
	});

	it('lets the office send again, cancel and settle unsure messages — each only from states where it makes sense', async () => {
		await enqueueMessages(t.db, [
			{ dedupeKey: 'o:dead', customerId: null, phone: '081234567811', kind: 'due_soon', body: 'a' },
			{ dedupeKey: 'o:unsure', customerId: null, phone: '081234567812', kind: 'payment_receipt', body: 'b' },
			{ dedupeKey: 'o:sent', customerId: null, phone: '081234567813', kind: 'payment_receipt', body: 'c' },
			{ dedupeKey: 'o:nonumber', customerId: null, phone: null, kind: 'payment_receipt', body: 'd' }
		]);
		await setStatus('o:dead', 'dead');
		await setStatus('o:unsure', 'unsure');
		await setStatus('o:sent', 'sent');
		const caller = callerAs(office);

		await caller.whatsapp.retry({ id: await idOf('o:dead') });
		expect((await caller.whatsapp.outbox({ status: 'queued' })).rows.map((r) => r.id)).toContain(await idOf('o:dead'));
		expect((await errorOf(caller.whatsapp.retry({ id: await idOf('o:sent') }))).code).toBe('CONFLICT');
		expect((await errorOf(caller.whatsapp.markSent({ id: await idOf('o:sent') }))).code).toBe('CONFLICT');
		expect((await errorOf(caller.whatsapp.cancel({ id: await idOf('o:sent') }))).code).toBe('CONFLICT');
		expect((await errorOf(caller.whatsapp.retry({ id: 999_999 }))).code).toBe('NOT_FOUND');

		await caller.whatsapp.markSent({ id: await idOf('o:unsure') });
		// A second click finds it sent already and changes nothing.
		expect((await errorOf(caller.whatsapp.markSent({ id: await idOf('o:unsure') }))).code).toBe('CONFLICT');

		// Without a number there is nothing to send to: refused, and it stays failed.
		const refused = await errorOf(caller.whatsapp.retry({ id: await idOf('o:nonumber') }));
		expect(refused.code).toBe('CONFLICT');
		expect(translateDomainError(refused.cause as DomainError, translator('id')).message).toContain('tidak punya nomor WhatsApp');
		expect(translateDomainError(refused.cause as DomainError, translator('en')).message).toContain('no valid WhatsApp number');
		const { rows, counts } = await caller.whatsapp.outbox({});
		expect(Object.fromEntries(rows.map((r) => [r.body, r.status]))).toMatchObject({ a: 'queued', b: 'sent', c: 'sent', d: 'failed' });
		expect(counts.sent).toBe(2);

		await caller.whatsapp.cancel({ id: await idOf('o:dead') });
		const [trail] = (await t.db.execute(sql`SELECT action, user_id FROM audit_log WHERE entity = 'wa_message' ORDER BY id`)) as unknown as [Array<{ action: string; user_id: string }>];
		expect(trail.map((a) => a.action)).toEqual(['whatsapp.test', 'whatsapp.retry', 'whatsapp.markSent', 'whatsapp.cancel']);
	});

	it('pages the outbox newest first', async () => {
		const first = await callerAs(office).whatsapp.outbox({ limit: 2 });
		expect(first.rows).toHaveLength(2);
		const next = await callerAs(office).whatsapp.outbox({ limit: 2, before: first.rows[1].id });
		expect(next.rows[0].id).toBeLessThan(first.rows[1].id);
	});
});
