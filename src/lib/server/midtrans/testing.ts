/**
 * For this folder's specs only: an ISP with an isolated customer who owes one invoice, Lunas's
 * notification endpoint on a real HTTP port, and the Midtrans simulator sending to it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { customers, invoiceItems, invoices } from '../db/schema';
import type { Db } from '../db/index';
import { makeCustomer, makeIsp, makeSubscription, type Isp } from '../../../../tests/fixtures';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db';
import { startMidtransSimulator, type MidtransSimulator } from '../midtrans-sim/index';
import { createMidtransGateway, type MidtransGateway } from './gateway';
import { handleNotification, type NotificationAnswer } from './notifications';

export const SERVER_KEY = 'SB-Mid-server-test-key-0001';
export const TZ = 'Asia/Jakarta';

export interface Harness {
	sim: MidtransSimulator;
	gateway: MidtransGateway;
	/** Lunas's notification URL on this test's port. */
	notifyUrl: string;
	/** Every answer the endpoint gave, with its processing promise. */
	answers: NotificationAnswer[];
	/** Waits until the simulator has delivered everything and Lunas has processed it. */
	settle(): Promise<void>;
	close(): Promise<void>;
}

export async function startHarness(db: Db, opts: { retryDelaysMs?: number[] } = {}): Promise<Harness> {
	const answers: NotificationAnswer[] = [];
	let gateway: MidtransGateway | null = null;
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			void handleNotification(db, gateway, Buffer.concat(chunks).toString('utf8'), { timeZone: TZ, source: req.socket.remoteAddress }).then((answer) => {
				answers.push(answer);
				res.writeHead(answer.status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(answer.body));
			});
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const notifyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/midtrans/notification`;
	const sim = await startMidtransSimulator({ serverKey: SERVER_KEY, notifyUrl, retryDelaysMs: opts.retryDelaysMs ?? [50, 100, 200] });
	gateway = createMidtransGateway({ serverKey: SERVER_KEY, clientKey: 'SB-Mid-client-test', isProduction: false, snapBaseUrl: sim.url, apiBaseUrl: sim.url });
	const g = gateway;
	return {
		sim,
		gateway: g,
		notifyUrl,
		answers,
		async settle() {
			await sim.idle();
			await Promise.all(answers.map((a) => a.processing));
		},
		async close() {
			await sim.close();
			server.closeAllConnections();
			await new Promise<void>((r) => server.close(() => r()));
		}
	};
}

export interface MidtransSpecEnv {
	t: TestDatabase;
	isp: Isp;
	h: Harness;
}

type Hook = (fn: () => unknown) => void;

/**
 * The set-up the Midtrans specs share: a throwaway database, an ISP with a 150,000 package, the
 * simulator harness; torn down after the file. `use` receives them once they exist.
 */
export function midtransSpecSetup(hooks: { beforeAll: Hook; afterAll: Hook }, use: (env: MidtransSpecEnv) => void): void {
	let env: Partial<MidtransSpecEnv> = {};
	hooks.beforeAll(async () => {
		const t = await createTestDatabase();
		env = { t };
		const isp = await makeIsp(t.db, 150000);
		const h = await startHarness(t.db);
		env = { t, isp, h };
		use({ t, isp, h });
	});
	hooks.afterAll(async () => {
		await env.h?.close();
		await env.t?.drop();
	});
}

/** A customer with a phone, an isolated subscription, and one overdue invoice of `amount`. */
export async function isolatedDebtor(db: Db, isp: Isp, amount = 150000) {
	const customerId = await makeCustomer(db, isp);
	await db.update(customers).set({ phone: '0812-3456-7890', name: 'Siti Aminah' }).where(eq(customers.id, customerId));
	const subscriptionId = await makeSubscription(db, isp, customerId, { startDate: '2026-01-05', paidThrough: '2026-09-04', status: 'isolated' });
	const invoiceId = randomUUID();
	const number = `INV-202609-${randomBytes(3).toString('hex')}`;
	const payToken = randomBytes(32).toString('base64url');
	await db.insert(invoices).values({
		id: invoiceId,
		number,
		subscriptionId,
		customerId,
		periodStart: '2026-09-05',
		periodEnd: '2026-10-04',
		amount,
		dueDate: '2026-09-15',
		overdueSince: '2026-09-16',
		payToken
	});
	await db.insert(invoiceItems).values({ invoiceId, kind: 'package', description: 'Paket 10 Mbps · Sep 2026', amount });
	return { customerId, subscriptionId, invoiceId, number, payToken };
}
