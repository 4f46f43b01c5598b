import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../whatsapp-sim/index';
import { writeSetting } from '../settings';
import { enqueueMessage, enqueueMessages, whatsAppNumber, type NewWaMessage } from './enqueue';
import { createFonnteGateway } from './fonnte';
import { recordOutcome, claimMessages, sweepOutbox } from './queue';
import { QUIET_HOURS_KEY } from './quiet-hours';
import { WhatsAppWorker } from './worker';
import type { WhatsAppGateway } from './types';

let db: TestDatabase;
let sim: WhatsAppSimulator;
let gateway: WhatsAppGateway;
let seq = 0;

beforeAll(async () => {
	db = await createTestDatabase();
	sim = await startWhatsAppSimulator({ fonnteToken: 'fonnte-token' });
	gateway = createFonnteGateway({ token: 'fonnte-token', baseUrl: sim.url, ratePerSecond: 200, timeoutMs: 15_000 });
	// A generous call timeout: a call that times out is `unsure` and rightly never resent, which on
	// a busy machine would fail the exactly-once tests for the wrong reason.
});
afterAll(async () => {
	await sim?.close();
	await db?.drop();
});
beforeEach(async () => {
	sim.configure({ mode: 'ok', failureRate: 0, ratePerSecond: 0, invalidNumbers: [] });
	sim.delivered.length = 0;
	await db.db.execute(sql`DELETE FROM wa_message_attempts`);
	await db.db.execute(sql`DELETE FROM wa_messages`);
	await writeSetting(db.db, QUIET_HOURS_KEY, { enabled: false }, null);
});

function message(overrides: Partial<NewWaMessage> = {}): NewWaMessage {
	seq += 1;
	return { dedupeKey: `test:${seq}`, customerId: null, phone: `0812${String(30_000_000 + seq)}`, kind: 'payment_receipt', body: `Pesan ${seq}`, ...overrides };
}

async function rows() {
	const [r] = (await db.db.execute(sql`SELECT id, dedupe_key, phone, status, attempts, last_error, provider_message_id FROM wa_messages ORDER BY id`)) as unknown as [
		Array<{ id: number; dedupe_key: string; phone: string | null; status: string; attempts: number; last_error: string | null; provider_message_id: string | null }>
	];
	return r;
}

function worker(overrides: Partial<ConstructorParameters<typeof WhatsAppWorker>[0]> = {}) {
	return new WhatsAppWorker({
		db: db.db,
		gateway: async () => gateway,
		timeZone: () => 'Asia/Jakarta',
		pollMs: 20,
		backoff: { baseMs: 10, capMs: 40 },
		sweepEveryMs: 50,
		...overrides
	});
}

/** Polls until the condition holds; the deadline is only a backstop against hanging for ever. */
async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('condition not reached in time');
		await new Promise((r) => setTimeout(r, 25));
	}
}

describe('enqueueMessage', () => {
	it('writes once per dedupe key, however often the event is retried', async () => {
		const m = message({ dedupeKey: 'receipt:pay-1' });
		await db.db.transaction((tx) => enqueueMessage(tx, m));
		await db.db.transaction((tx) => enqueueMessage(tx, { ...m, body: 'another body' }));
		await enqueueMessages(db.db, [m, m]);
		const r = await rows();
		expect(r).toHaveLength(1);
		expect(r[0]).toMatchObject({ dedupe_key: 'receipt:pay-1', status: 'queued' });
	});

	it('splits a run larger than one statement, writing every message once, and a replay adds none', async () => {
		// 5,000 messages of 1,000 characters: more than one statement's budget of rows.
		const body = 'x'.repeat(999) + 'é';
		const batch = Array.from({ length: 5000 }, (_, i) => message({ dedupeKey: `big:${i}`, body }));
		await db.db.transaction((tx) => enqueueMessages(tx, batch));
		await db.db.transaction((tx) => enqueueMessages(tx, batch));
		const [[c]] = (await db.db.execute(sql`SELECT COUNT(*) AS n, COUNT(DISTINCT dedupe_key) AS k, MIN(CHAR_LENGTH(body)) AS len FROM wa_messages`)) as unknown as [
			Array<{ n: number; k: number; len: number }>
		];
		expect([Number(c.n), Number(c.k), Number(c.len)]).toEqual([5000, 5000, 1000]);
	});

	it('writes nothing when the event’s transaction rolls back', async () => {
		await expect(
			db.db.transaction(async (tx) => {
				await enqueueMessage(tx, message());
				throw new Error('the payment failed');
			})
		).rejects.toThrow('the payment failed');
		expect(await rows()).toHaveLength(0);
	});

	it('stores E.164 numbers, and lists a customer without a usable WhatsApp number as failed at once', async () => {
		expect(whatsAppNumber('0812-3456-7890')).toBe('+6281234567890');
		expect(whatsAppNumber('+62 812 3456 7890')).toBe('+6281234567890');
		for (const bad of [null, '', 'abc', '021-555-1234', '0812', '+1 202 555 0100']) expect(whatsAppNumber(bad)).toBeNull();
		await enqueueMessages(db.db, [message({ phone: '0812 3456 7891' }), message({ phone: '021-555-1234' }), message({ phone: null })]);
		const r = await rows();
		expect(r.map((x) => [x.phone, x.status])).toEqual([
			['+6281234567891', 'queued'],
			[null, 'failed'],
			[null, 'failed']
		]);
		expect(await claimMessages(db.db, { workerId: 'w', gateway: 'fonnte', limit: 10, leaseMs: 1000, quiet: false })).toHaveLength(1);
	});
});

describe('the worker', () => {
	it('sends every message exactly once through a gateway that fails 30 % of calls', async () => {
		sim.configure({ failureRate: 0.3 });
		const callsBefore = sim.calls.fonnte;
		const batch = Array.from({ length: 40 }, () => message());
		await enqueueMessages(db.db, batch);
		const w = worker();
		w.start();
		await until(async () => (await rows()).every((r) => r.status === 'sent'));
		await w.stop();
		const delivered = sim.delivered.map((d) => d.to).sort();
		expect(delivered).toEqual(batch.map((m) => whatsAppNumber(m.phone)!.slice(1)).sort());
		const r = await rows();
		expect(r.every((x) => x.provider_message_id)).toBe(true);
		// Every call is on record, with the gateway's answer.
		const [attempts] = (await db.db.execute(sql`SELECT outcome, COUNT(*) AS n FROM wa_message_attempts GROUP BY outcome`)) as unknown as [Array<{ outcome: string; n: number }>];
		const byOutcome = Object.fromEntries(attempts.map((a) => [a.outcome, Number(a.n)]));
		expect(byOutcome.accepted).toBe(40);
		expect(byOutcome.accepted + (byOutcome.retry ?? 0)).toBe(sim.calls.fonnte - callsBefore);
		expect(byOutcome.retry).toBeGreaterThan(0);
		expect(r.reduce((s, x) => s + x.attempts, 0)).toBe(40 + (byOutcome.retry ?? 0));
	}, 120_000);

	it('marks an invalid number failed without retrying it, and dead-letters after the last attempt', async () => {
		sim.configure({ invalidNumbers: ['6281277777777'] });
		await enqueueMessages(db.db, [message({ phone: '081277777777' })]);
		const w = worker();
		w.start();
		await until(async () => (await rows())[0].status === 'failed');
		const calls = sim.calls.fonnte;
		sim.configure({ mode: 'down' });
		await db.db.execute(sql`DELETE FROM wa_message_attempts`);
		await db.db.execute(sql`DELETE FROM wa_messages`);
		await db.db.execute(sql`ALTER TABLE wa_messages ALTER max_attempts SET DEFAULT 3`);
		try {
			await enqueueMessages(db.db, [message()]);
			await until(async () => (await rows())[0].status === 'dead');
		} finally {
			await db.db.execute(sql`ALTER TABLE wa_messages ALTER max_attempts SET DEFAULT 8`);
		}
		await w.stop();
		expect(sim.calls.fonnte - calls).toBe(3);
		expect((await rows())[0]).toMatchObject({ attempts: 3, status: 'dead' });
	});

	it('pauses on a refused token without using up the messages’ attempts', async () => {
		sim.configure({ mode: 'unauthorized' });
		await enqueueMessages(db.db, [message(), message()]);
		const w = worker({ misconfiguredPauseMs: 60_000 });
		w.start();
		await until(async () => (await rows()).some((r) => r.last_error === 'invalid token'));
		await new Promise((r) => setTimeout(r, 200));
		await w.stop();
		// One call told the worker the token is wrong; the other message was not even tried.
		expect(sim.calls.fonnte).toBeGreaterThanOrEqual(1);
		const r = await rows();
		expect(r.every((x) => x.status === 'queued' && x.attempts === 0)).toBe(true);
	});

	it('holds reminders during quiet hours but sends receipts and codes', async () => {
		// A window covering the whole day except one minute that is not now.
		await writeSetting(db.db, QUIET_HOURS_KEY, { enabled: true, start: '00:00', end: '23:59' }, null);
		const now = new Date();
		const jakartaMinutes = (now.getUTCHours() * 60 + now.getUTCMinutes() + 7 * 60) % 1440;
		if (jakartaMinutes === 23 * 60 + 59) await writeSetting(db.db, QUIET_HOURS_KEY, { enabled: true, start: '23:58', end: '23:57' }, null);
		await enqueueMessages(db.db, [message({ kind: 'due_soon' }), message({ kind: 'payment_receipt' }), message({ kind: 'one_time_code' })]);
		const w = worker();
		w.start();
		await until(async () => (await rows()).filter((r) => r.status === 'sent').length === 2);
		await new Promise((r) => setTimeout(r, 200));
		await w.stop();
		expect((await rows()).map((r) => r.status)).toEqual(['queued', 'sent', 'sent']);
	});

	it('cancels a message that expired before it could go out', async () => {
		await enqueueMessages(db.db, [message({ expiresAt: new Date(Date.now() - 1000) })]);
		expect(await sweepOutbox(db.db)).toEqual({ unsure: 0, expired: 1 });
		expect((await rows())[0].status).toBe('cancelled');
	});

	it('on graceful stop, waits for the call under way and records its answer', async () => {
		sim.configure({ mode: 'slow', slowMs: 400 });
		await enqueueMessages(db.db, [message()]);
		const w = worker();
		w.start();
		await sim.waitForCalls(sim.calls.fonnte + 1);
		await w.stop();
		expect((await rows())[0].status).toBe('sent');
	});
});

describe('a worker killed during the gateway call', () => {
	it('leaves the message unsure, never resent, with the attempt on record', async () => {
		sim.configure({ mode: 'hang' });
		await enqueueMessages(db.db, [message({ dedupeKey: 'receipt:killed' })]);
		const callsBefore = sim.calls.fonnte;
		// node itself with tsx's loader, not the tsx wrapper: SIGKILL must hit the worker's own process.
		const child = spawn(process.execPath, ['--import', 'tsx', 'src/lib/server/whatsapp/kill-test-child.ts'], {
			env: { ...process.env, DATABASE_URL: db.url, SIM_URL: sim.url, LEASE_MS: '8000' },
			stdio: ['ignore', 'pipe', 'inherit']
		});
		const exited = new Promise((r) => child.on('exit', r));
		try {
			await sim.waitForCalls(callsBefore + 1, 90_000);
			// The gateway has the message; the child dies before it can hear back.
			child.kill('SIGKILL');
			await exited;
		} finally {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		}
		expect((await rows())[0]).toMatchObject({ status: 'sending', attempts: 1 });
		sim.configure({ mode: 'ok' });
		const w = worker();
		w.start();
		await until(async () => (await rows())[0].status === 'unsure');
		await new Promise((r) => setTimeout(r, 300));
		await w.stop();
		expect(sim.calls.fonnte - callsBefore).toBe(1);
		expect(sim.delivered).toHaveLength(1);
		const [attempts] = (await db.db.execute(sql`SELECT worker_id, outcome FROM wa_message_attempts`)) as unknown as [Array<{ worker_id: string; outcome: string }>];
		expect(attempts).toEqual([{ worker_id: 'doomed-child', outcome: 'unknown' }]);
	}, 180_000);

	it('an answer arriving after the lease ran out changes nothing', async () => {
		await enqueueMessages(db.db, [message()]);
		const [claimed] = await claimMessages(db.db, { workerId: 'slow-one', gateway: 'fonnte', limit: 1, leaseMs: 1, quiet: false });
		await new Promise((r) => setTimeout(r, 20));
		expect((await sweepOutbox(db.db)).unsure).toBe(1);
		const held = await recordOutcome(db.db, 'slow-one', {
			message: claimed,
			outcome: { kind: 'retry', retryAfterMs: null, reason: 'late 503', httpStatus: 503, answer: 'late' },
			retryDelayMs: 0,
			pauseMs: 0
		});
		expect(held).toBe(false);
		expect((await rows())[0].status).toBe('unsure');
	});
});
