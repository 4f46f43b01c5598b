/**
 * Outgoing webhooks end to end against MariaDB and a receiver over real TCP: events written in
 * their own transactions, delivered by the worker, signed, retried, logged, re-sent by hand.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testConfig, type TestDatabase } from '../../../../tests/db';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { errorOf, fieldErrorsOf, trpcTester } from '../../../../tests/trpc';
import type { SessionUser } from '../auth/session';
import { runBilling } from '../billing/billing-run';
import { DEFAULT_BILLING_RULES } from '../../shared/schemas/billing-rules';
import { emitWebhookEvent } from './emit';
import { paymentRecorded } from './events';
import { verifySignature } from './signature';
import { guardedLookup, isPrivateAddress, RefusedAddressError } from './address-guard';
import { postWebhook } from './post';
import { WebhookWorker } from './worker';
import { webhookBodySchema } from './openapi';
import { openApiDocument } from '../rest/openapi';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { WebhookEventType } from '../../shared/webhooks';

interface Received {
	headers: IncomingHttpHeaders;
	body: string;
}

/** A receiver on 127.0.0.1 that answers `failFirst` 503s, then 200s. */
class Receiver {
	readonly received: Received[] = [];
	failFirst = 0;
	private server!: Server;
	url = '';

	async start(): Promise<void> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
				if (this.failFirst > 0) {
					this.failFirst -= 1;
					res.writeHead(503).end('busy');
				} else res.writeHead(200).end('ok');
			});
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/lunas`;
	}

	close(): Promise<void> {
		return new Promise((resolve) => this.server.close(() => resolve()));
	}
}

let t: TestDatabase;
let receiver: Receiver;
let admin: SessionUser;
let isp: Isp;
let worker: WebhookWorker | undefined;
const { makeUser, callerAs } = trpcTester(() => t);

beforeAll(async () => {
	t = await createTestDatabase();
	receiver = new Receiver();
	await receiver.start();
	admin = await makeUser('admin');
	isp = await makeIsp(t.db);
});
afterAll(async () => {
	await receiver?.close();
	await t?.drop();
});
beforeEach(async () => {
	receiver.received.length = 0;
	receiver.failFirst = 0;
	await t.db.execute(sql`DELETE FROM webhook_delivery_attempts`);
	await t.db.execute(sql`DELETE FROM webhook_deliveries`);
	await t.db.execute(sql`UPDATE webhook_endpoints SET deleted_at = NOW(3) WHERE deleted_at IS NULL`);
});
afterEach(async () => {
	await worker?.stop();
	worker = undefined;
});

function startWorker(): WebhookWorker {
	worker = new WebhookWorker({
		db: t.db,
		secretsKey: testConfig(t.url).SECRETS_KEY,
		allowPrivateAddresses: true,
		pollMs: 20,
		backoff: { baseMs: 10, capMs: 40 },
		sweepEveryMs: 50,
		timeoutMs: 2_000
	});
	worker.start();
	return worker;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 20));
	}
}

async function register(events: WebhookEventType[]) {
	return callerAs(admin).webhooks.create({ url: receiver.url, description: 'n8n', events });
}

async function deliveries() {
	const [rows] = (await t.db.execute(sql`SELECT id, event_type, status, attempts, last_status_code FROM webhook_deliveries ORDER BY id`)) as unknown as [
		Array<{ id: number; event_type: string; status: string; attempts: number; last_status_code: number | null }>
	];
	return rows;
}

const ajv = new Ajv2020({ strict: false });
addFormats(ajv);

/** Each delivered body against the event's schema in the OpenAPI document. */
function expectDocumented(body: string): void {
	const doc = JSON.parse(body) as { type: WebhookEventType };
	const validate = ajv.compile(webhookBodySchema(doc.type));
	expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
}

describe('outgoing webhooks', () => {
	it('delivers a recorded payment signed with the endpoint secret, verifiable by the receiver', async () => {
		const { secret } = await register(['payment.recorded']);
		expect(secret).toMatch(/^whsec_/);
		const [stored] = (await t.db.execute(sql`SELECT secret_enc FROM webhook_endpoints WHERE deleted_at IS NULL`)) as unknown as [Array<{ secret_enc: string }>];
		expect(stored[0].secret_enc).not.toContain(secret.slice(6));
		const customerId = await makeCustomer(t.db, isp);
		const out = await callerAs(admin).payments.record({ idempotencyKey: randomUUID(), customerId, amount: 150000, method: 'cash' });
		startWorker();
		await until(() => receiver.received.length === 1);
		const got = receiver.received[0];
		const doc = JSON.parse(got.body);
		expect(doc).toMatchObject({ type: 'payment.recorded', data: { paymentId: out.paymentId, customerId, amount: 150000, method: 'cash' } });
		expectDocumented(got.body);
		expect(got.headers['lunas-event-id']).toBe(doc.id);
		expect(got.headers['lunas-event-type']).toBe('payment.recorded');
		expect(verifySignature(secret, got.headers['lunas-signature'] as string, got.body)).toBe(true);
		// A changed byte, another secret, or a stale timestamp fail the check.
		expect(verifySignature(secret, got.headers['lunas-signature'] as string, got.body.replace('150000', '1500000'))).toBe(false);
		expect(verifySignature('whsec_other', got.headers['lunas-signature'] as string, got.body)).toBe(false);
		expect(verifySignature(secret, got.headers['lunas-signature'] as string, got.body, Date.now() + 10 * 60_000)).toBe(false);
		await until(async () => (await deliveries())[0]?.status === 'delivered');
		expect(await deliveries()).toMatchObject([{ status: 'delivered', attempts: 1, last_status_code: 200 }]);
	});

	it('retries a receiver that fails twice, logging each attempt, and delivers on the third', async () => {
		await register(['subscription.isolated', 'subscription.restored']);
		receiver.failFirst = 2;
		const customerId = await makeCustomer(t.db, isp);
		const subscriptionId = await makeSubscription(t.db, isp, customerId, { startDate: '2026-11-01' });
		await callerAs(admin).subscriptions.isolate({ subscriptionId, reason: 'Permintaan pelanggan' });
		startWorker();
		await until(async () => (await deliveries())[0]?.status === 'delivered');
		expect(receiver.received).toHaveLength(3);
		expectDocumented(receiver.received[0].body);
		const bodies = new Set(receiver.received.map((r) => r.body));
		expect(bodies.size).toBe(1);
		expect(JSON.parse(receiver.received[0].body)).toMatchObject({ type: 'subscription.isolated', data: { subscriptionId, customerId, reason: 'manual' } });
		const log = await callerAs(admin).webhooks.deliveries({ endpointId: null });
		expect(log).toMatchObject([{ eventType: 'subscription.isolated', status: 'delivered', attempts: 3, lastStatusCode: 200 }]);
		const [attempts] = (await t.db.execute(sql`SELECT attempt, status_code FROM webhook_delivery_attempts ORDER BY attempt`)) as unknown as [Array<{ attempt: number; status_code: number }>];
		expect(attempts.map((a) => [a.attempt, a.status_code])).toEqual([
			[1, 503],
			[2, 503],
			[3, 200]
		]);
	});

	it('delivers a replayed event once, and again only when re-sent by hand', async () => {
		await register(['payment.recorded']);
		const event = paymentRecorded({ id: randomUUID(), receiptNumber: 'RCP-202611-000001', customerId: randomUUID(), amount: 75000, method: 'transfer', source: 'api', receivedAt: new Date() });
		await t.db.transaction((tx) => emitWebhookEvent(tx, event));
		await t.db.transaction((tx) => emitWebhookEvent(tx, event));
		expect(await deliveries()).toHaveLength(1);
		startWorker();
		await until(async () => (await deliveries())[0]?.status === 'delivered');
		// The same event emitted after delivery is still the same delivery.
		await t.db.transaction((tx) => emitWebhookEvent(tx, event));
		await new Promise((r) => setTimeout(r, 200));
		expect(receiver.received).toHaveLength(1);
		const [delivery] = await deliveries();
		await callerAs(admin).webhooks.resend({ id: delivery.id });
		await until(() => receiver.received.length === 2);
		expect(receiver.received[1].body).toBe(receiver.received[0].body);
		expect(receiver.received[1].headers['lunas-event-id']).toBe(receiver.received[0].headers['lunas-event-id']);
		await until(async () => (await deliveries())[0]?.status === 'delivered');
	});

	it('queues an invoice.issued per invoice of a billing run, in its transaction', async () => {
		await register(['invoice.issued']);
		const customerId = await makeCustomer(t.db, isp);
		const subscriptionId = await makeSubscription(t.db, isp, customerId, { startDate: '2026-11-05', billingDay: 5 });
		await runBilling(t.db, { today: '2026-11-05', rules: DEFAULT_BILLING_RULES, subscriptionIds: [subscriptionId] });
		const rows = await deliveries();
		expect(rows.length).toBeGreaterThanOrEqual(1);
		expect(rows.every((r) => r.event_type === 'invoice.issued' && r.status === 'queued')).toBe(true);
		startWorker();
		await until(() => receiver.received.length === rows.length);
		receiver.received.forEach((r) => expectDocumented(r.body));
		expect(JSON.parse(receiver.received[0].body).data).toMatchObject({ subscriptionId, customerId, amount: expect.any(Number), dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
	});

	it('an endpoint not subscribed to an event gets nothing; a deleted one stops at once', async () => {
		const { id } = await register(['invoice.issued']);
		const customerId = await makeCustomer(t.db, isp);
		await callerAs(admin).payments.record({ idempotencyKey: randomUUID(), customerId, amount: 10000, method: 'cash' });
		expect(await deliveries()).toHaveLength(0);
		await callerAs(admin).webhooks.delete({ id });
		expect(await callerAs(admin).webhooks.list()).toHaveLength(0);
	});

	it('the OpenAPI document describes every event and stays a valid 3.1 document', async () => {
		const doc = openApiDocument('test') as { webhooks: Record<string, unknown> };
		expect(Object.keys(doc.webhooks).sort()).toEqual(['invoice.issued', 'payment.recorded', 'subscription.isolated', 'subscription.restored']);
		const result = await new Validator().validate(doc as Parameters<Validator['validate']>[0]);
		expect(result.valid, JSON.stringify(result.errors)).toBe(true);
	});

	it('refuses private addresses unless allowed, and bad input with the field named', async () => {
		expect(isPrivateAddress('127.0.0.1')).toBe(true);
		expect(isPrivateAddress('10.1.2.3')).toBe(true);
		expect(isPrivateAddress('169.254.169.254')).toBe(true);
		expect(isPrivateAddress('::1')).toBe(true);
		expect(isPrivateAddress('::ffff:192.168.1.1')).toBe(true);
		expect(isPrivateAddress('fd00::1')).toBe(true);
		expect(isPrivateAddress('203.0.113.9')).toBe(false);
		expect(isPrivateAddress('2606:4700::1111')).toBe(false);
		const refused = await postWebhook(receiver.url, '{}', {}, { timeoutMs: 1000, allowPrivate: false });
		expect(refused).toMatchObject({ statusCode: null, refused: true });
		expect(receiver.received).toHaveLength(0);
		// A name is checked on the address DNS gives at connection time, not only at registration.
		const viaDns = await new Promise<unknown>((resolve) => guardedLookup('localhost', {}, (err) => resolve(err)));
		expect(viaDns).toBeInstanceOf(RefusedAddressError);

		const strict = { ...testConfig(t.url), WEBHOOK_ALLOW_PRIVATE_ADDRESSES: false };
		const { createCaller } = await import('../trpc/root');
		const { createContext } = await import('../trpc/trpc');
		const strictCaller = createCaller(createContext({ db: t.db, config: strict, user: admin, sessionId: null, ipAddress: '127.0.0.1', lang: 'en' }));
		const err = await errorOf(strictCaller.webhooks.create({ url: 'http://192.168.88.1/hook', events: ['payment.recorded'] }));
		expect(fieldErrorsOf(err, 'en').url?.[0]).toMatch(/private/i);
		const bad = await errorOf(callerAs(admin).webhooks.create({ url: 'ftp://user:pw@example.com/x', events: [] }));
		expect(Object.keys(fieldErrorsOf(bad, 'en')).sort()).toEqual(['events', 'url']);
		const tech = await makeUser('technician');
		expect((await errorOf(callerAs(tech).webhooks.list())).code).toBe('FORBIDDEN');
	});
});
