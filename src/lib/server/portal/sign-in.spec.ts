/**
 * The portal's sign-in against MariaDB, tried as an attacker would: codes read from the real
 * outbox, wrong and sequential guesses, expired and reused codes, strangers' numbers, floods from
 * one source and from many, and sessions replayed after sign-out or forged.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { makeIsp, makeStaff, type Isp } from '../../../../tests/fixtures';
import { customers, loginThrottle, portalCodes, waMessages } from '../db/schema';
import { validateSession } from '../auth/session';
import { checkCode, checkPin, requestCode, type SignInOptions } from './sign-in';
import { PORTAL_LIMITS, type PortalLimits } from './limits';
import { createPortalSession, revokePortalSession, validatePortalSession } from './session';
import { setPortalPin } from './office';

const SECRET = 'portal-spec-secret-portal-spec-secret';
let t: TestDatabase;
let isp: Isp;
let siti: string;
let budi: string;
const SITI_PHONE = '081234567890';
const BUDI_PHONE = '081299998888';
const STRANGER = '081300000001';
/** Each test its own client address, so the per-source counter of one does not refuse another. */
let address: string;
let n = 0;
const opts = (extra: Partial<SignInOptions> = {}): SignInOptions => ({ secret: SECRET, floorMs: 0, ...extra });

async function customer(code: string, phone: string): Promise<string> {
	const id = randomUUID();
	await t.db.insert(customers).values({ id, code, name: `Pelanggan ${code}`, phone, address: 'Jl. Melati 1', areaId: isp.areaId });
	return id;
}

/** The code as the customer's phone would receive it: from the newest message in the outbox. */
async function codeFromOutbox(customerId: string): Promise<string> {
	const rows = await t.db.select({ body: waMessages.body, id: waMessages.id }).from(waMessages).where(and(eq(waMessages.customerId, customerId), eq(waMessages.kind, 'one_time_code')));
	const newest = rows.sort((a, b) => b.id - a.id)[0];
	const m = /\b(\d{6})\b/.exec(newest?.body ?? '');
	if (!m) throw new Error('no code in the outbox');
	return m[1];
}

beforeAll(async () => {
	t = await createTestDatabase();
	isp = await makeIsp(t.db);
	siti = await customer('C000123', SITI_PHONE);
	budi = await customer('C000124', BUDI_PHONE);
});
afterAll(async () => {
	await t?.drop();
});
beforeEach(async () => {
	n += 1;
	address = `10.9.${n}.1`;
	// Every test starts with fresh per-number and overall counters.
	await t.db.delete(loginThrottle).where(like(loginThrottle.subject, 'portal%'));
	await t.db.delete(portalCodes);
});

describe('a code by WhatsApp', () => {
	it('is written to the outbox with the code row, kept only as a hash, and signs in once', async () => {
		expect(await requestCode(t.db, '0812-3456-7890', address, 'id', opts())).toEqual({ status: 'sent' });
		const code = await codeFromOutbox(siti);
		const [row] = await t.db.select().from(portalCodes).where(eq(portalCodes.customerId, siti));
		expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
		expect(row.codeHash).not.toContain(code);
		const [message] = await t.db.select().from(waMessages).where(eq(waMessages.dedupeKey, `portal-code:${row.id}`));
		expect(message).toMatchObject({ phone: '+6281234567890', status: 'queued', kind: 'one_time_code' });
		expect(message.expiresAt!.getTime()).toBe(row.expiresAt.getTime());

		expect(await checkCode(t.db, SITI_PHONE, code, address, opts())).toEqual({ status: 'ok', customerId: siti });
		// Single use: the same code again, even at once, is refused.
		expect(await checkCode(t.db, SITI_PHONE, code, address, opts())).toEqual({ status: 'wrong' });
	});

	it('expires after five minutes', async () => {
		const sent = new Date('2026-12-01T02:00:00Z');
		await requestCode(t.db, SITI_PHONE, address, 'id', opts({ now: sent }));
		const code = await codeFromOutbox(siti);
		const late = new Date(sent.getTime() + PORTAL_LIMITS.codeMinutes * 60_000 + 1);
		expect(await checkCode(t.db, SITI_PHONE, code, address, opts({ now: late }))).toEqual({ status: 'wrong' });
	});

	it('answers a stranger exactly as a customer, writes nothing for them, and takes as long', async () => {
		const floorMs = 150;
		const timed = async (phone: string) => {
			const started = performance.now();
			const answer = await requestCode(t.db, phone, address, 'id', opts({ floorMs }));
			return { answer, ms: performance.now() - started };
		};
		const [known, stranger] = [await timed(BUDI_PHONE), await timed(STRANGER)];
		expect(stranger.answer).toEqual(known.answer);
		expect(known.ms).toBeGreaterThanOrEqual(floorMs - 1);
		expect(stranger.ms).toBeGreaterThanOrEqual(floorMs - 1);
		expect(await t.db.select().from(portalCodes).where(eq(portalCodes.phone, STRANGER))).toHaveLength(0);
		expect(await t.db.select().from(waMessages).where(like(waMessages.phone, '%81300000001'))).toHaveLength(0);
		// A check for a stranger's number is the same "wrong" as a wrong code for a customer's.
		expect(await checkCode(t.db, STRANGER, '123456', address, opts())).toEqual({ status: 'wrong' });
	});

	it('refuses sequential guesses once the code has had its tries, even when the right one follows', async () => {
		await requestCode(t.db, SITI_PHONE, address, 'id', opts());
		const code = await codeFromOutbox(siti);
		const guesses = Array.from({ length: 12 }, (_, i) => String(i).padStart(6, '0')).filter((g) => g !== code);
		const answers = [];
		for (const g of guesses) answers.push((await checkCode(t.db, SITI_PHONE, g, address, opts())).status);
		expect(answers.every((a) => a === 'wrong')).toBe(true);
		expect(await checkCode(t.db, SITI_PHONE, code, address, opts())).toEqual({ status: 'wrong' });
		const [row] = await t.db.select({ attempts: portalCodes.attempts }).from(portalCodes).where(eq(portalCodes.customerId, siti));
		expect(row.attempts).toBe(PORTAL_LIMITS.triesPerCode);
	});

	it('counts parallel guesses before comparing: no more tries than the limit reach the comparison', async () => {
		await requestCode(t.db, SITI_PHONE, address, 'id', opts());
		const code = await codeFromOutbox(siti);
		const wrong = code === '999999' ? '999998' : '999999';
		await Promise.all(Array.from({ length: 12 }, () => checkCode(t.db, SITI_PHONE, wrong, address, opts())));
		const [row] = await t.db.select({ attempts: portalCodes.attempts }).from(portalCodes).where(eq(portalCodes.customerId, siti));
		expect(row.attempts).toBe(PORTAL_LIMITS.triesPerCode);
		expect(await checkCode(t.db, SITI_PHONE, code, address, opts())).toEqual({ status: 'wrong' });
	});

	it('only the newest code counts, and a code answers only for its own number', async () => {
		await requestCode(t.db, SITI_PHONE, address, 'id', opts());
		const first = await codeFromOutbox(siti);
		await requestCode(t.db, SITI_PHONE, address, 'id', opts());
		const second = await codeFromOutbox(siti);
		if (first !== second) expect(await checkCode(t.db, SITI_PHONE, first, address, opts())).toEqual({ status: 'wrong' });
		// Siti's code typed with Budi's number signs nobody in.
		expect(await checkCode(t.db, BUDI_PHONE, second, address, opts())).toEqual({ status: 'wrong' });
		expect(await checkCode(t.db, SITI_PHONE, second, address, opts())).toEqual({ status: 'ok', customerId: siti });
	});

	it('limits codes per number, a customer\'s and a stranger\'s alike', async () => {
		const limit = PORTAL_LIMITS.codesPerNumber.limit;
		for (const phone of [SITI_PHONE, STRANGER]) {
			for (let i = 0; i < limit; i++) expect((await requestCode(t.db, phone, `10.8.${i}.${n}`, 'id', opts())).status).toBe('sent');
			const refused = await requestCode(t.db, phone, `10.8.99.${n}`, 'id', opts());
			expect(refused.status).toBe('tooMany');
		}
		expect(await t.db.select().from(portalCodes).where(eq(portalCodes.customerId, siti))).toHaveLength(limit);
	});

	it('limits requests per source and overall', async () => {
		const limits: PortalLimits = { ...PORTAL_LIMITS, perSource: { windowMinutes: 15, limit: 3 }, overall: { windowMinutes: 15, limit: 5 } };
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await checkCode(t.db, SITI_PHONE, '000000', address, opts({ limits }))).status);
		expect(statuses).toEqual(['wrong', 'wrong', 'wrong', 'tooMany']);
		// Other sources share the overall allowance: 3 used, 2 left for everyone.
		const others = [];
		for (let i = 0; i < 3; i++) others.push((await requestCode(t.db, STRANGER, `10.7.${i}.${n}`, 'id', opts({ limits }))).status);
		expect(others).toEqual(['sent', 'sent', 'tooMany']);
	});

	it('refuses what is not a number or a code without counting it', async () => {
		expect(await requestCode(t.db, 'DROP TABLE', address, 'id', opts())).toEqual({ status: 'invalid' });
		expect(await requestCode(t.db, 42, address, 'id', opts())).toEqual({ status: 'invalid' });
		expect(await checkCode(t.db, SITI_PHONE, '12 34', address, opts())).toEqual({ status: 'invalid' });
		expect(await checkCode(t.db, SITI_PHONE, null, address, opts())).toEqual({ status: 'invalid' });
	});
});

describe('customer code and PIN', () => {
	it('signs in with the PIN the office set, refuses a wrong one, and an unknown code alike', async () => {
		const office = await makeStaff(t.db, 'office');
		expect(await checkPin(t.db, 'C000124', '123456', address, { secret: SECRET })).toEqual({ status: 'wrong' });
		await setPortalPin(t.db, 'c124', '482913', { userId: office.id, ipAddress: null });
		const [row] = await t.db.select({ pinHash: customers.portalPinHash }).from(customers).where(eq(customers.id, budi));
		expect(row.pinHash).toMatch(/^\$argon2id\$/);
		expect(await checkPin(t.db, 'C000124', '482913', address, { secret: SECRET })).toEqual({ status: 'ok', customerId: budi });
		expect(await checkPin(t.db, 'C000124', '482914', address, { secret: SECRET })).toEqual({ status: 'wrong' });
		expect(await checkPin(t.db, 'C999999', '482913', address, { secret: SECRET })).toEqual({ status: 'wrong' });
		expect(await checkPin(t.db, 'C000124', '48291', address, { secret: SECRET })).toEqual({ status: 'invalid' });
	});

	it('limits PIN tries per customer from any number of sources', async () => {
		const limit = PORTAL_LIMITS.pinTriesPerCustomer.limit;
		const statuses = [];
		for (let i = 0; i <= limit; i++) statuses.push((await checkPin(t.db, 'C000124', String(100000 + i), `10.6.${i}.${n}`, { secret: SECRET })).status);
		expect(statuses.slice(0, limit).every((s) => s === 'wrong')).toBe(true);
		expect(statuses[limit]).toBe('tooMany');
		// Even the right PIN waits for the window now.
		expect((await checkPin(t.db, 'C000124', '482913', `10.6.200.${n}`, { secret: SECRET })).status).toBe('tooMany');
	});
});

describe('customer sessions', () => {
	it('end at sign-out, cannot be forged, never pass as staff sessions, and expire after their lifetime', async () => {
		const { token } = await createPortalSession(t.db, siti, SECRET);
		const session = await validatePortalSession(t.db, token, SECRET);
		expect(session?.customerId).toBe(siti);
		// The same token is no staff session, whatever the cookie is called.
		expect(await validateSession(t.db, token, { secret: SECRET, days: 30 })).toBeNull();
		expect(await validatePortalSession(t.db, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), SECRET)).toBeNull();
		expect(await validatePortalSession(t.db, token, 'another-secret-another-secret-another')).toBeNull();
		expect(await validatePortalSession(t.db, token, SECRET, new Date(Date.now() + 8 * 86_400_000))).toBeNull();
		await revokePortalSession(t.db, session!.sessionId);
		expect(await validatePortalSession(t.db, token, SECRET)).toBeNull();
	});
});
