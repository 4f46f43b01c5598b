import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../tests/db';
import { users } from '../db/schema';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../whatsapp-sim/index';
import { enqueueMessages } from './enqueue';
import { currentWhatsAppGateway, readGatewaySettings, saveGatewaySettings } from './gateway-settings';
import { answerMetaChallenge, handleMetaWebhook } from './meta-webhook';
import { metaSignature } from './meta-signature';
import { WhatsAppWorker } from './worker';

const SECRET = 'meta-app-secret-for-spec';
const ACCESS_TOKEN = 'EAAG-meta-access-token-spec';
const KEY = testConfig('').SECRETS_KEY;
let db: TestDatabase;
let sim: WhatsAppSimulator;
const answers: number[] = [];
/** Lunas's webhook endpoint as the route runs it: raw body, signature header, the stored app secret. */
const lunas = createServer((req, res) => {
	let body = '';
	req.on('data', (c) => (body += c));
	req.on('end', () => {
		void (async () => {
			const s = await readGatewaySettings(db.db, KEY);
			const answer = await handleMetaWebhook(db.db, body, (req.headers['x-hub-signature-256'] as string) ?? null, s.meta.appSecret);
			answers.push(answer.status);
			res.writeHead(answer.status).end(answer.body);
		})();
	});
});
let adminId: string;

beforeAll(async () => {
	db = await createTestDatabase();
	await new Promise<void>((r) => lunas.listen(0, '127.0.0.1', () => r()));
	sim = await startWhatsAppSimulator({
		metaAccessToken: ACCESS_TOKEN,
		metaPhoneNumberId: '1234567890',
		metaAppSecret: SECRET,
		metaWebhookUrl: `http://127.0.0.1:${(lunas.address() as AddressInfo).port}/api/whatsapp/meta`
	});
	adminId = randomUUID();
	await db.db.insert(users).values({ id: adminId, username: 'admin-wa', name: 'Admin', passwordHash: 'x', role: 'admin' });
});
afterAll(async () => {
	await sim?.close();
	lunas.closeAllConnections();
	await new Promise((r) => lunas.close(r));
	await db?.drop();
});

async function statusOf(key: string) {
	const [rows] = (await db.db.execute(sql`SELECT status, last_error, delivered_at FROM wa_messages WHERE dedupe_key = ${key}`)) as unknown as [
		Array<{ status: string; last_error: string | null; delivered_at: Date | null }>
	];
	return rows[0];
}

describe('Meta gateway settings', () => {
	it('a half-configured gateway falls back to links only', async () => {
		await saveGatewaySettings(db.db, { kind: 'meta', meta: { phoneNumberId: '1234567890' } }, KEY, { userId: adminId, ipAddress: null });
		expect((await currentWhatsAppGateway(db.db, KEY)).kind).toBe('links');
	});

	it('seals the token and the app secret; neither the setting nor the audit trail holds them', async () => {
		const view = await saveGatewaySettings(
			db.db,
			{ kind: 'meta', meta: { accessToken: ACCESS_TOKEN, appSecret: SECRET, verifyToken: 'verify-me', phoneNumberId: '1234567890', baseUrl: sim.url } },
			KEY,
			{ userId: adminId, ipAddress: '10.0.0.1' }
		);
		expect(view.meta).toMatchObject({ accessTokenStored: true, appSecretStored: true, verifyToken: 'verify-me' });
		const [stored] = (await db.db.execute(sql`SELECT value FROM settings WHERE \`key\` = 'whatsapp.gateway'`)) as unknown as [Array<{ value: unknown }>];
		const [trail] = (await db.db.execute(sql`SELECT \`before\`, \`after\` FROM audit_log WHERE action = 'settings.whatsapp'`)) as unknown as [Array<Record<string, unknown>>];
		for (const text of [JSON.stringify(stored), JSON.stringify(trail)]) {
			expect(text).not.toContain(ACCESS_TOKEN);
			expect(text).not.toContain(SECRET);
		}
		// A later save without the secrets keeps them.
		await saveGatewaySettings(db.db, { kind: 'meta', meta: { verifyToken: 'verify-me' } }, KEY, { userId: adminId, ipAddress: null });
		const gateway = await currentWhatsAppGateway(db.db, KEY);
		expect(gateway.kind).toBe('meta');
		expect((await readGatewaySettings(db.db, KEY)).meta.appSecret).toBe(SECRET);
	});
});

describe('the Meta webhook', () => {
	it('answers the subscription check only with the stored verify token', () => {
		const ask = (q: string) => answerMetaChallenge(new URLSearchParams(q), 'verify-me');
		expect(ask('hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444')).toEqual({ status: 200, body: '1158201444' });
		expect(ask('hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1').status).toBe(403);
		expect(ask('hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1').status).toBe(403);
		expect(answerMetaChallenge(new URLSearchParams('hub.mode=subscribe&hub.verify_token=&hub.challenge=1'), '').status).toBe(403);
	});

	it('turns the simulator’s signed statuses into delivered, and 131026 into failed', async () => {
		sim.configure({ invalidNumbers: ['6281288888888'] });
		await enqueueMessages(db.db, [
			{ dedupeKey: 'meta:ok', customerId: null, phone: '081234567801', kind: 'payment_receipt', body: 'Terima kasih', template: { name: 'kuitansi', language: 'id', params: ['Budi'] } },
			{ dedupeKey: 'meta:bad', customerId: null, phone: '081288888888', kind: 'payment_receipt', body: 'Terima kasih' }
		]);
		const gateway = await currentWhatsAppGateway(db.db, KEY);
		const w = new WhatsAppWorker({ db: db.db, gateway: async () => gateway, timeZone: () => 'Asia/Jakarta', pollMs: 20 });
		w.start();
		const end = Date.now() + 10_000;
		while ((await statusOf('meta:ok')).status !== 'delivered' || (await statusOf('meta:bad')).status !== 'failed') {
			if (Date.now() > end) throw new Error(`not reached: ${JSON.stringify([await statusOf('meta:ok'), await statusOf('meta:bad')])}`);
			await new Promise((r) => setTimeout(r, 25));
		}
		await w.stop();
		await sim.idle();
		expect((await statusOf('meta:ok')).delivered_at).not.toBeNull();
		expect((await statusOf('meta:bad')).last_error).toContain('131026');
		expect(sim.delivered.map((d) => d.template?.name)).toEqual(['kuitansi']);
	});

	it('refuses a forged signature and changes nothing; a late or repeated status never moves a message back', async () => {
		const [[row]] = (await db.db.execute(sql`SELECT provider_message_id FROM wa_messages WHERE dedupe_key = 'meta:ok'`)) as unknown as [Array<{ provider_message_id: string }>];
		const body = (status: string) =>
			JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field: 'messages', value: { statuses: [{ id: row.provider_message_id, status, timestamp: '1796600000', recipient_id: '6281234567801' }] } }] }] });
		const forged = body('failed');
		expect(await handleMetaWebhook(db.db, forged, metaSignature(forged, 'not-the-secret'), SECRET)).toEqual({ status: 401, body: 'bad signature' });
		expect(await handleMetaWebhook(db.db, forged, null, SECRET)).toMatchObject({ status: 401 });
		expect((await statusOf('meta:ok')).status).toBe('delivered');
		const read = body('read');
		expect((await handleMetaWebhook(db.db, read, metaSignature(read, SECRET), SECRET)).status).toBe(200);
		expect((await statusOf('meta:ok')).status).toBe('read');
		for (const late of ['delivered', 'sent', 'failed', 'read']) {
			const b = body(late);
			expect((await handleMetaWebhook(db.db, b, metaSignature(b, SECRET), SECRET)).status).toBe(200);
		}
		expect((await statusOf('meta:ok')).status).toBe('read');
		const junk = 'not json';
		expect((await handleMetaWebhook(db.db, junk, metaSignature(junk, SECRET), SECRET)).status).toBe(400);
		// The simulator's deliveries were all accepted — some first answered 503 because they came
		// before the worker had recorded the message id, and were delivered again.
		expect(answers.every((s) => s === 200 || s === 503)).toBe(true);
	});
});

describe('a status that arrives before the answer that named the message', () => {
	it('is asked again (503) while a Meta call is under way, and ignored (200) otherwise', async () => {
		const early = JSON.stringify({ entry: [{ changes: [{ value: { statuses: [{ id: 'wamid.EARLY', status: 'delivered', timestamp: '1796600000' }] } }] }] });
		const sig = metaSignature(early, SECRET);
		expect((await handleMetaWebhook(db.db, early, sig, SECRET)).status).toBe(200);
		await enqueueMessages(db.db, [{ dedupeKey: 'meta:inflight', customerId: null, phone: '081234567802', kind: 'test', body: 'x' }]);
		await db.db.execute(sql`UPDATE wa_messages SET status = 'sending', gateway = 'meta', locked_by = 'w', locked_until = NOW(3) + INTERVAL 1 MINUTE WHERE dedupe_key = 'meta:inflight'`);
		expect((await handleMetaWebhook(db.db, early, sig, SECRET)).status).toBe(503);
	});
});
