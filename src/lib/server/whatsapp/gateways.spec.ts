import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../whatsapp-sim/index';
import { createFonnteGateway } from './fonnte';
import { createWablasGateway } from './wablas';
import { createMetaGateway } from './meta';
import { verifyMetaSignature } from './meta-signature';
import type { WhatsAppGateway } from './types';

const SECRET = 'meta-app-secret-spec';
let sim: WhatsAppSimulator;
const hooks: Array<{ body: string; signature: string | undefined }> = [];
const hookServer = createServer((req, res) => {
	let body = '';
	req.on('data', (c) => (body += c));
	req.on('end', () => {
		hooks.push({ body, signature: req.headers['x-hub-signature-256'] as string | undefined });
		res.writeHead(200).end();
	});
});

beforeAll(async () => {
	await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', () => r()));
	sim = await startWhatsAppSimulator({
		fonnteToken: 'fonnte-token',
		wablasToken: 'wablas-token',
		metaAccessToken: 'meta-token',
		metaPhoneNumberId: '1234567890',
		metaAppSecret: SECRET,
		metaWebhookUrl: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`
	});
});
afterAll(async () => {
	await sim?.close();
	hookServer.closeAllConnections();
	await new Promise((r) => hookServer.close(r));
});
beforeEach(() => sim.configure({ mode: 'ok', failureRate: 0, ratePerSecond: 0, invalidNumbers: [] }));

const gateways: Record<'fonnte' | 'wablas' | 'meta', (token?: string, timeoutMs?: number) => WhatsAppGateway> = {
	fonnte: (token = 'fonnte-token', timeoutMs) => createFonnteGateway({ token, baseUrl: sim.url, timeoutMs }),
	wablas: (token = 'wablas-token', timeoutMs) => createWablasGateway({ token, baseUrl: sim.url, timeoutMs }),
	meta: (token = 'meta-token', timeoutMs) => createMetaGateway({ accessToken: token, phoneNumberId: '1234567890', baseUrl: sim.url, timeoutMs })
};

describe.each(['fonnte', 'wablas', 'meta'] as const)('%s gateway against the simulator', (name) => {
	it('is accepted with the gateway’s message id, and the simulator delivered exactly that', async () => {
		const before = sim.delivered.length;
		const outcome = await gateways[name]().send({ to: '+6281234500001', body: `Halo dari ${name}` });
		expect(outcome.kind).toBe('accepted');
		const delivered = sim.delivered.slice(before);
		expect(delivered).toHaveLength(1);
		expect(delivered[0]).toMatchObject({ gateway: name, to: '6281234500001', body: `Halo dari ${name}` });
		expect(outcome.kind === 'accepted' && outcome.providerMessageId).toBe(delivered[0].id);
	});

	it('a wrong token is "misconfigured" and delivers nothing', async () => {
		const before = sim.delivered.length;
		const outcome = await gateways[name]('wrong-token').send({ to: '+6281234500002', body: 'x' });
		expect(outcome.kind).toBe('misconfigured');
		expect(sim.delivered.length).toBe(before);
	});

	it('over the rate limit is "retry" with the gateway’s Retry-After', async () => {
		sim.configure({ ratePerSecond: 2 });
		const gw = gateways[name]();
		const outcomes = [];
		for (let i = 0; i < 4; i++) outcomes.push(await gw.send({ to: `+62812345000${10 + i}`, body: 'x' }));
		expect(outcomes.filter((o) => o.kind === 'accepted')).toHaveLength(2);
		const limited = outcomes.filter((o) => o.kind === 'retry');
		expect(limited).toHaveLength(2);
		for (const o of limited) expect(o.kind === 'retry' && o.retryAfterMs).toBe(1000);
	});

	it('a failing or down gateway is "retry", and nothing was delivered', async () => {
		const before = sim.delivered.length;
		sim.configure({ failureRate: 1 });
		expect((await gateways[name]().send({ to: '+6281234500020', body: 'x' })).kind).toBe('retry');
		sim.configure({ failureRate: 0, mode: 'down' });
		expect((await gateways[name]().send({ to: '+6281234500021', body: 'x' })).kind).toBe('retry');
		expect(sim.delivered.length).toBe(before);
	});

	it('no answer in time is "unknown": the gateway may have taken it', async () => {
		sim.configure({ mode: 'hang' });
		const before = sim.delivered.length;
		const outcome = await gateways[name](undefined, 300).send({ to: '+6281234500030', body: 'x' });
		expect(outcome.kind).toBe('unknown');
		expect(sim.delivered.length).toBe(before + 1);
	});
});

describe('invalid numbers', () => {
	it('Fonnte and Wablas refuse at once: "rejected", invalid_number', async () => {
		sim.configure({ invalidNumbers: ['6281299999999'] });
		for (const name of ['fonnte', 'wablas'] as const) {
			const outcome = await gateways[name]().send({ to: '+6281299999999', body: 'x' });
			expect(outcome).toMatchObject({ kind: 'rejected', reason: 'invalid_number' });
		}
	});

	it('Meta accepts, then reports 131026 on a webhook signed with the app secret', async () => {
		sim.configure({ invalidNumbers: ['6281299999998'] });
		hooks.length = 0;
		const outcome = await gateways.meta().send({ to: '+6281299999998', body: 'x' });
		expect(outcome.kind).toBe('accepted');
		await new Promise((r) => setTimeout(r, 100));
		await sim.idle();
		const failed = hooks.find((h) => h.body.includes('"failed"'));
		expect(failed).toBeDefined();
		expect(verifyMetaSignature(failed!.body, failed!.signature, SECRET)).toBe(true);
		expect(verifyMetaSignature(failed!.body, failed!.signature, 'another-secret')).toBe(false);
		expect(JSON.parse(failed!.body).entry[0].changes[0].value.statuses[0].errors[0].code).toBe(131026);
	});
});

describe('Meta templates', () => {
	it('sends the template’s name, language and body parameters', async () => {
		const before = sim.delivered.length;
		const outcome = await gateways.meta().send({ to: '+6281234500040', body: 'ignored', template: { name: 'tagihan_jatuh_tempo', language: 'id', params: ['Budi', 'Rp 150.000'] } });
		expect(outcome.kind).toBe('accepted');
		expect(sim.delivered[before].template).toEqual({ name: 'tagihan_jatuh_tempo', language: 'id', params: ['Budi', 'Rp 150.000'] });
	});
});

describe('a gateway nobody answers on', () => {
	it('connection refused is "retry": the request never left', async () => {
		const closed = createServer();
		await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
		const port = (closed.address() as AddressInfo).port;
		await new Promise((r) => closed.close(r));
		const outcome = await createFonnteGateway({ token: 't', baseUrl: `http://127.0.0.1:${port}` }).send({ to: '+6281234500050', body: 'x' });
		expect(outcome.kind).toBe('retry');
	});
});
