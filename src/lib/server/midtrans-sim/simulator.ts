/**
 * A Midtrans stand-in over real HTTP for tests and the demo: Snap create, the status API,
 * snap.js, a payment screen, and signed notifications delivered to Lunas with retries — the
 * same paths, status codes and error bodies as Midtrans (DESIGN §6).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { midtransSignature } from '../midtrans/signature';
import { closedScreen, paymentScreen, resultScreen, snapJs } from './pages';
import { describe, SimState, type SimItem, type SimMethod, type SimTransaction } from './state';

export interface MidtransSimulatorOptions {
	serverKey: string;
	port?: number;
	host?: string;
	/** Where notifications go (Lunas's /api/midtrans/notification); none are sent without it. */
	notifyUrl?: string;
	/** Waits between delivery attempts when Lunas does not answer 2xx. */
	retryDelaysMs?: number[];
}

export interface Delivery {
	orderId: string;
	transactionStatus: string;
	attempt: number;
	httpStatus: number | null;
	at: Date;
}

export interface MidtransSimulator {
	readonly url: string;
	readonly port: number;
	readonly state: SimState;
	/** Every delivery attempt, in order. */
	readonly deliveries: Delivery[];
	notifyUrl: string | undefined;
	/** False: notifications are "lost" (not sent), for the scheduled check's tests. */
	deliverNotifications: boolean;
	/** The payer pays: pending, then settlement. `paidAmount` makes the gateway report another amount. */
	pay(orderId: string, method?: SimMethod, opts?: { paidAmount?: number }): Promise<SimTransaction>;
	deny(orderId: string): Promise<SimTransaction>;
	expire(orderId: string): Promise<SimTransaction>;
	refund(orderId: string, amount: number): Promise<SimTransaction>;
	/** Sends the transaction's current state as a notification again (what Midtrans retries look like). */
	resend(orderId: string): Promise<void>;
	/** The notification body Midtrans would send now, signed. */
	notificationOf(orderId: string): Record<string, unknown>;
	/** Resolves when no delivery is in flight. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

const ORDER_ID = /^[A-Za-z0-9\-_~.]{1,50}$/;

function json(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

function html(res: ServerResponse, status: number, body: string): void {
	res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
	res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startMidtransSimulator(opts: MidtransSimulatorOptions): Promise<MidtransSimulator> {
	const state = new SimState();
	const deliveries: Delivery[] = [];
	const retryDelays = opts.retryDelaysMs ?? [1000, 2000, 5000, 10_000, 30_000];
	const inFlight = new Set<Promise<void>>();
	/** Per order, notifications go out one after another, like Midtrans's own queue. */
	const chains = new Map<string, Promise<void>>();
	let closed = false;
	const expectedAuth = `Basic ${Buffer.from(`${opts.serverKey}:`).toString('base64')}`;

	const notificationOf = (tx: SimTransaction): Record<string, unknown> => {
		const body = describe(tx);
		body.status_message = 'midtrans payment notification';
		body.signature_key = midtransSignature(tx.orderId, String(body.status_code), String(body.gross_amount), opts.serverKey);
		return body;
	};

	async function deliverOnce(body: Record<string, unknown>, attempt: number): Promise<boolean> {
		let status: number | null = null;
		try {
			const res = await fetch(sim.notifyUrl!, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(body),
				signal: AbortSignal.timeout(15_000)
			});
			status = res.status;
			await res.arrayBuffer().catch(() => undefined);
		} catch {
			status = null;
		}
		deliveries.push({ orderId: String(body.order_id), transactionStatus: String(body.transaction_status), attempt, httpStatus: status, at: new Date() });
		return status !== null && status >= 200 && status < 300;
	}

	function notify(tx: SimTransaction): Promise<void> {
		if (!sim.deliverNotifications || !sim.notifyUrl) return Promise.resolve();
		const body = notificationOf(tx);
		const previous = chains.get(tx.orderId) ?? Promise.resolve();
		const run = previous.then(async () => {
			for (let attempt = 0; attempt <= retryDelays.length && !closed; attempt++) {
				if (attempt > 0) await sleep(retryDelays[attempt - 1]);
				if (closed) return;
				if (await deliverOnce(body, attempt + 1)) return;
			}
		});
		chains.set(tx.orderId, run);
		inFlight.add(run);
		void run.finally(() => inFlight.delete(run));
		return run;
	}

	function mustGet(orderId: string): SimTransaction {
		const tx = state.byOrderId(orderId);
		if (!tx) throw new Error(`simulator: no transaction ${orderId}`);
		return tx;
	}

	function open(tx: SimTransaction): boolean {
		return (tx.status === null || tx.status === 'pending') && tx.expiresAt.getTime() > Date.now();
	}

	async function pay(tx: SimTransaction, method: SimMethod, paidAmount?: number): Promise<SimTransaction> {
		state.choose(tx, method);
		tx.status = 'pending';
		void notify(tx);
		tx.status = 'settlement';
		tx.fraudStatus = 'accept';
		tx.settlementTime = new Date();
		if (paidAmount !== undefined) tx.paidAmount = paidAmount;
		void notify(tx);
		return tx;
	}

	async function deny(tx: SimTransaction): Promise<SimTransaction> {
		state.choose(tx, 'credit_card');
		tx.status = 'deny';
		tx.fraudStatus = 'deny';
		void notify(tx);
		return tx;
	}

	async function expire(tx: SimTransaction): Promise<SimTransaction> {
		state.choose(tx, 'va');
		tx.status = 'pending';
		void notify(tx);
		tx.status = 'expire';
		tx.expiresAt = new Date();
		void notify(tx);
		return tx;
	}

	async function snapCreate(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
		if (req.headers.authorization !== expectedAuth) {
			return json(res, 401, {
				error_messages: ['Access denied due to unauthorized transaction, please check client or server key', 'Visit https://snap-docs.midtrans.com/#request-headers for more details']
			});
		}
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(await readBody(req));
		} catch {
			return json(res, 400, { error_messages: ['Request body is not a valid JSON'] });
		}
		const details = (body.transaction_details ?? {}) as { order_id?: unknown; gross_amount?: unknown };
		const errors: string[] = [];
		const orderId = typeof details.order_id === 'string' ? details.order_id : '';
		if (!orderId) errors.push('transaction_details.order_id is required');
		else if (!ORDER_ID.test(orderId)) errors.push('transaction_details.order_id format is invalid');
		const gross = Number(details.gross_amount);
		if (!Number.isInteger(gross) || gross < 1) errors.push('transaction_details.gross_amount must be a positive integer');
		const items = Array.isArray(body.item_details) ? (body.item_details as SimItem[]) : [];
		if (items.length) {
			const sum = items.reduce((s, i) => s + Number(i.price) * Number(i.quantity), 0);
			if (sum !== gross) errors.push('transaction_details.gross_amount is not equal to the sum of item_details');
		}
		if (errors.length) return json(res, 400, { error_messages: errors });
		if (state.has(orderId)) return json(res, 406, { error_messages: ['transaction_details.order_id has already been taken'] });
		const expiry = body.expiry as { unit?: string; duration?: number } | undefined;
		const unitMinutes = expiry?.unit === 'day' ? 1440 : expiry?.unit === 'hour' ? 60 : 1;
		const expiryMinutes = expiry?.duration ? Number(expiry.duration) * unitMinutes : 1440;
		const callbacks = body.callbacks as { finish?: string } | undefined;
		const tx = state.create({
			orderId,
			grossAmount: gross,
			items,
			customer: (body.customer_details ?? {}) as Record<string, unknown>,
			finishUrl: callbacks?.finish ?? null,
			expiryMinutes
		});
		json(res, 201, { token: tx.token, redirect_url: `${origin}/snap/v4/redirection/${tx.token}` });
	}

	function status(req: IncomingMessage, res: ServerResponse, orderId: string): void {
		if (req.headers.authorization !== expectedAuth) {
			return json(res, 401, { status_code: '401', status_message: 'Access denied due to unauthorized transaction, please check client or server key', id: '' });
		}
		const tx = state.byOrderId(orderId);
		if (!tx || tx.transactionId === null) {
			return json(res, 404, { status_code: '404', status_message: "Transaction doesn't exist.", id: '' });
		}
		json(res, 200, describe(tx));
	}

	async function choose(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
		const tx = state.byToken(token);
		if (!tx || !open(tx)) return html(res, 410, closedScreen(tx));
		const choice = new URLSearchParams(await readBody(req)).get('choice');
		if (choice === 'va' || choice === 'qris') await pay(tx, choice);
		else if (choice === 'deny') await deny(tx);
		else if (choice === 'expire') await expire(tx);
		else return html(res, 400, paymentScreen(tx));
		if (tx.finishUrl) {
			const target = new URL(tx.finishUrl);
			target.searchParams.set('order_id', tx.orderId);
			target.searchParams.set('status_code', String(describe(tx).status_code));
			target.searchParams.set('transaction_status', tx.status ?? '');
			res.writeHead(303, { location: target.toString() });
			return void res.end();
		}
		html(res, 200, resultScreen(tx));
	}

	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://sim');
		const origin = `http://${req.headers.host ?? 'localhost'}`;
		const path = url.pathname;
		const handle = async () => {
			if (req.method === 'POST' && path === '/snap/v1/transactions') return snapCreate(req, res, origin);
			const statusMatch = /^\/v2\/([^/]+)\/status$/.exec(path);
			if (req.method === 'GET' && statusMatch) return status(req, res, decodeURIComponent(statusMatch[1]));
			if (req.method === 'GET' && path === '/snap/snap.js') {
				res.writeHead(200, { 'content-type': 'application/javascript', 'access-control-allow-origin': '*' });
				return void res.end(snapJs(origin));
			}
			const screen = /^\/snap\/v4\/redirection\/([^/]+)$/.exec(path);
			if (screen && req.method === 'GET') {
				const tx = state.byToken(decodeURIComponent(screen[1]));
				return tx && open(tx) ? html(res, 200, paymentScreen(tx)) : html(res, 410, closedScreen(tx));
			}
			if (screen && req.method === 'POST') return choose(req, res, decodeURIComponent(screen[1]));
			json(res, 404, { status_code: '404', status_message: 'Not found' });
		};
		handle().catch((err) => {
			if (!res.headersSent) json(res, 500, { status_code: '500', status_message: String(err) });
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
	});
	const address = server.address() as AddressInfo;
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

	const sim: MidtransSimulator = {
		url: `http://${host}:${address.port}`,
		port: address.port,
		state,
		deliveries,
		notifyUrl: opts.notifyUrl,
		deliverNotifications: true,
		pay: (orderId, method = 'va', o) => pay(mustGet(orderId), method, o?.paidAmount),
		deny: (orderId) => deny(mustGet(orderId)),
		expire: (orderId) => expire(mustGet(orderId)),
		async refund(orderId, amount) {
			const tx = mustGet(orderId);
			tx.refundAmount += amount;
			tx.status = tx.refundAmount >= (tx.paidAmount ?? tx.grossAmount) ? 'refund' : 'partial_refund';
			void notify(tx);
			return tx;
		},
		resend: (orderId) => notify(mustGet(orderId)),
		notificationOf: (orderId) => notificationOf(mustGet(orderId)),
		async idle() {
			while (inFlight.size) await Promise.allSettled([...inFlight]);
		},
		async close() {
			closed = true;
			server.closeAllConnections();
			await new Promise<void>((r) => server.close(() => r()));
		}
	};
	return sim;
}
