/**
 * A stand-in for the three WhatsApp gateways over real HTTP, for tests, the bench and the demo:
 * Fonnte's `POST /send`, Wablas's `POST /api/send-message` and Meta's
 * `POST /<version>/<phone number id>/messages`, with their status codes and error bodies
 * (docs/WHATSAPP.md), configurable faults (random failures, 401, 429, invalid numbers, slow or
 * hanging answers, down), a rate limit, signed Meta status webhooks (retried until answered 2xx,
 * as Meta does), and a page and JSON listing
 * what it "delivered" (`GET /_sim`, `GET /_sim/delivered`). `POST /_sim/config` changes the faults
 * from outside (the demo, a child process in a test).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metaSignature } from '../whatsapp/meta-signature';

export type SimGateway = 'fonnte' | 'wablas' | 'meta';

/**
 * - `ok`: normal service;
 * - `unauthorized`: every call is refused as if the token were wrong;
 * - `rate_limited`: every call is refused as over the limit;
 * - `down`: 503 for everything;
 * - `slow`: accepts, records the delivery, and answers after `slowMs`;
 * - `hang`: accepts, records the delivery, and never answers (a worker dying mid-call looks like this).
 */
export type SimMode = 'ok' | 'unauthorized' | 'rate_limited' | 'down' | 'slow' | 'hang';

export interface SimConfig {
	mode: SimMode;
	/** Share of calls (0–1) answered with a 5xx before anything is accepted. */
	failureRate: number;
	/** Calls per second each gateway accepts (a token bucket holding one second's worth); 0 = no limit. */
	ratePerSecond: number;
	slowMs: number;
	/** Numbers (digits, `62…`) that are not on WhatsApp. */
	invalidNumbers: string[];
}

export interface SimDelivery {
	gateway: SimGateway;
	id: string;
	to: string;
	body: string;
	template: { name: string; language: string; params: string[] } | null;
	at: Date;
	/** Meta only: the last status sent to the webhook. */
	status: 'accepted' | 'sent' | 'delivered' | 'failed';
}

export interface WhatsAppSimulatorOptions {
	port?: number;
	host?: string;
	fonnteToken?: string;
	wablasToken?: string;
	metaAccessToken?: string;
	metaPhoneNumberId?: string;
	/** Signs the status webhooks; none are sent without it and `metaWebhookUrl`. */
	metaAppSecret?: string;
	metaWebhookUrl?: string;
	config?: Partial<SimConfig>;
	random?: () => number;
}

export interface WhatsAppSimulator {
	readonly url: string;
	readonly port: number;
	readonly config: SimConfig;
	readonly delivered: SimDelivery[];
	/** Every call received, accepted or not, per gateway. */
	readonly calls: Record<SimGateway, number>;
	metaWebhookUrl: string | undefined;
	configure(change: Partial<SimConfig>): void;
	/** Resolves once `count` calls have arrived in total. */
	waitForCalls(count: number, timeoutMs?: number): Promise<void>;
	/** Resolves when no webhook delivery is in flight. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

const DEFAULT_CONFIG: SimConfig = { mode: 'ok', failureRate: 0, ratePerSecond: 0, slowMs: 2000, invalidNumbers: [] };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	if (res.writableEnded || res.destroyed) return;
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
	res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Each gateway's own words for each refusal (docs/WHATSAPP.md, "Simulator"). */
const ANSWERS = {
	fonnte: {
		unauthorized: [200, { reason: 'invalid token', status: false }],
		rateLimited: [429, { reason: 'rate limit exceeded, please wait', status: false }],
		invalidNumber: [200, { reason: 'invalid target', status: false }],
		failure: [500, 'Internal Server Error'],
		down: [503, 'Service Unavailable']
	},
	wablas: {
		unauthorized: [401, { status: false, message: 'token invalid' }],
		rateLimited: [429, { status: false, message: 'too many requests, try again later' }],
		invalidNumber: [400, { status: false, message: 'phone number invalid or not registered on whatsapp' }],
		failure: [500, { status: false, message: 'internal server error' }],
		down: [503, 'Service Unavailable']
	},
	meta: {
		unauthorized: [401, { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'SIM' } }],
		rateLimited: [400, { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time' }, fbtrace_id: 'SIM' } }],
		invalidNumber: [400, { error: { message: '(#131026) Message Undeliverable', type: 'OAuthException', code: 131026, error_data: { messaging_product: 'whatsapp', details: 'Message Undeliverable' }, fbtrace_id: 'SIM' } }],
		failure: [500, { error: { message: '(#2) Service temporarily unavailable', type: 'OAuthException', code: 2, fbtrace_id: 'SIM' } }],
		down: [503, 'Service Unavailable']
	}
} as const satisfies Record<SimGateway, Record<string, readonly [number, unknown]>>;

export async function startWhatsAppSimulator(opts: WhatsAppSimulatorOptions = {}): Promise<WhatsAppSimulator> {
	const config: SimConfig = { ...DEFAULT_CONFIG, ...opts.config };
	const random = opts.random ?? Math.random;
	const delivered: SimDelivery[] = [];
	const calls: Record<SimGateway, number> = { fonnte: 0, wablas: 0, meta: 0 };
	const buckets = new Map<SimGateway, { tokens: number; at: number }>();
	const waiters: Array<{ count: number; resolve: () => void }> = [];
	const inFlight = new Set<Promise<void>>();
	const hanging = new Set<ServerResponse>();
	let seq = 0;
	let closed = false;

	function totalCalls(): number {
		return calls.fonnte + calls.wablas + calls.meta;
	}

	function takeToken(gateway: SimGateway): boolean {
		if (config.ratePerSecond <= 0) return true;
		const now = Date.now();
		const b = buckets.get(gateway) ?? { tokens: config.ratePerSecond, at: now };
		b.tokens = Math.min(config.ratePerSecond, b.tokens + ((now - b.at) / 1000) * config.ratePerSecond);
		b.at = now;
		buckets.set(gateway, b);
		if (b.tokens < 1) return false;
		b.tokens -= 1;
		return true;
	}

	function sendWebhook(delivery: SimDelivery, status: 'sent' | 'delivered' | 'failed'): void {
		const url = sim.metaWebhookUrl;
		if (!url || !opts.metaAppSecret || closed) return;
		delivery.status = status;
		const statusObj: Record<string, unknown> = { id: delivery.id, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: delivery.to };
		if (status === 'failed') statusObj.errors = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }];
		const body = JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [{ id: 'SIM-WABA', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '6280000000000', phone_number_id: opts.metaPhoneNumberId ?? 'SIM' }, statuses: [statusObj] } }] }]
		});
		const secret = opts.metaAppSecret;
		// Like Meta, a delivery that is not answered 2xx is tried again later.
		const p = (async () => {
			for (const delay of [0, 100, 300, 1000, 3000]) {
				if (delay > 0) await new Promise((r) => setTimeout(r, delay));
				if (closed) return;
				const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, secret) }, body })
					.then((res) => res.ok)
					.catch(() => false);
				if (ok) return;
			}
		})();
		inFlight.add(p);
		void p.finally(() => inFlight.delete(p));
	}

	/** The common path of all three gateways once the request is parsed and authenticated. */
	function accept(gateway: SimGateway, res: ServerResponse, to: string, body: string, template: SimDelivery['template']): void {
		const answers = ANSWERS[gateway];
		const reply = (a: readonly [number, unknown]) => send(res, a[0], a[1] as string | Record<string, unknown>);
		if (config.mode === 'down') return reply(answers.down);
		if (config.mode === 'rate_limited' || !takeToken(gateway)) {
			return send(res, answers.rateLimited[0], answers.rateLimited[1] as Record<string, unknown>, { 'retry-after': '1' });
		}
		if (config.failureRate > 0 && random() < config.failureRate) return reply(answers.failure);
		const invalid = !/^\d{8,15}$/.test(to) || config.invalidNumbers.includes(to);
		// Meta accepts a number it cannot deliver to and reports 131026 on the webhook.
		if (invalid && gateway !== 'meta') return reply(answers.invalidNumber);
		const id = gateway === 'meta' ? `wamid.SIM${Date.now().toString(36)}${(++seq).toString(36)}` : String(100_000_000 + ++seq);
		const delivery: SimDelivery = { gateway, id, to, body, template, at: new Date(), status: 'accepted' };
		if (!invalid) delivered.push(delivery);
		const answer =
			gateway === 'fonnte'
				? { detail: 'success! message in queue', id: [Number(id)], process: 'pending', requestid: seq, status: true, target: [to] }
				: gateway === 'wablas'
					? { status: true, message: 'Message is pending and waiting to be processed', data: { device_id: 'SIM', quota: 1000, messages: [{ id, phone: to, message: body, status: 'pending' }] } }
					: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id }] };
		if (gateway === 'meta') {
			setTimeout(() => {
				if (invalid) return sendWebhook(delivery, 'failed');
				sendWebhook(delivery, 'sent');
				setTimeout(() => sendWebhook(delivery, 'delivered'), 20);
			}, 10);
		}
		if (config.mode === 'hang') {
			hanging.add(res);
			res.on('close', () => hanging.delete(res));
			return;
		}
		if (config.mode === 'slow') {
			setTimeout(() => send(res, 200, answer), config.slowMs);
			return;
		}
		send(res, 200, answer);
	}

	const server = createServer((req, res) => {
		void (async () => {
			const url = new URL(req.url ?? '/', 'http://sim');
			const path = url.pathname;
			if (req.method === 'GET' && path === '/_sim/delivered') return send(res, 200, { delivered, calls, config });
			if (req.method === 'GET' && (path === '/_sim' || path === '/')) {
				const rows = delivered
					.slice(-500)
					.reverse()
					.map((d) => `<tr><td>${d.at.toISOString()}</td><td>${d.gateway}</td><td>${escapeHtml(d.to)}</td><td>${escapeHtml(d.template ? `[${d.template.name}] ${d.template.params.join(' | ')}` : d.body)}</td><td>${d.status}</td></tr>`)
					.join('');
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
				res.end(`<!doctype html><meta charset="utf-8"><title>WhatsApp simulator</title><h1>WhatsApp simulator</h1><p>mode ${config.mode}, failures ${config.failureRate}, limit ${config.ratePerSecond}/s — ${delivered.length} delivered</p><table border="1" cellpadding="4"><tr><th>at</th><th>gateway</th><th>to</th><th>message</th><th>status</th></tr>${rows}</table>`);
				return;
			}
			if (req.method === 'POST' && path === '/_sim/config') {
				const change = JSON.parse((await readBody(req)) || '{}') as Partial<SimConfig>;
				sim.configure(change);
				return send(res, 200, config);
			}
			if (req.method !== 'POST') return send(res, 404, 'Not Found');
			const raw = await readBody(req);
			const auth = req.headers.authorization ?? '';

			if (path === '/send') {
				calls.fonnte++;
				notify();
				const form = new URLSearchParams(raw);
				if (config.mode === 'unauthorized' || (opts.fonnteToken && auth !== opts.fonnteToken)) return send(res, 200, ANSWERS.fonnte.unauthorized[1]);
				const target = form.get('target') ?? '';
				const message = form.get('message') ?? '';
				if (!target) return send(res, 200, { reason: 'target required', status: false });
				if (!message) return send(res, 200, { reason: 'message required', status: false });
				return accept('fonnte', res, target, message, null);
			}
			if (path === '/api/send-message') {
				calls.wablas++;
				notify();
				const form = new URLSearchParams(raw);
				const expected = opts.wablasToken;
				if (config.mode === 'unauthorized' || (expected && auth !== expected && !auth.startsWith(`${expected}.`))) {
					return send(res, 401, ANSWERS.wablas.unauthorized[1]);
				}
				const phone = form.get('phone') ?? '';
				const message = form.get('message') ?? '';
				if (!phone || !message) return send(res, 400, { status: false, message: 'phone and message are required' });
				return accept('wablas', res, phone, message, null);
			}
			const meta = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(path);
			if (meta) {
				calls.meta++;
				notify();
				if (config.mode === 'unauthorized' || (opts.metaAccessToken && auth !== `Bearer ${opts.metaAccessToken}`)) {
					return send(res, 401, ANSWERS.meta.unauthorized[1]);
				}
				if (opts.metaPhoneNumberId && decodeURIComponent(meta[2]) !== opts.metaPhoneNumberId) {
					return send(res, 400, { error: { message: `(#100) Unsupported post request. Object with ID '${meta[2]}' does not exist`, type: 'GraphMethodException', code: 100, fbtrace_id: 'SIM' } });
				}
				let body: { messaging_product?: string; to?: string; type?: string; text?: { body?: string }; template?: { name?: string; language?: { code?: string }; components?: Array<{ parameters?: Array<{ text?: string }> }> } };
				try {
					body = JSON.parse(raw);
				} catch {
					return send(res, 400, { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'SIM' } });
				}
				if (body.messaging_product !== 'whatsapp' || !body.to) {
					return send(res, 400, { error: { message: '(#100) The parameter messaging_product is required.', type: 'OAuthException', code: 100, fbtrace_id: 'SIM' } });
				}
				const template = body.type === 'template' && body.template?.name
					? { name: body.template.name, language: body.template.language?.code ?? '', params: (body.template.components?.[0]?.parameters ?? []).map((p) => p.text ?? '') }
					: null;
				return accept('meta', res, body.to, body.text?.body ?? '', template);
			}
			send(res, 404, 'Not Found');
		})().catch(() => send(res, 500, 'Internal Server Error'));
	});

	function notify(): void {
		const total = totalCalls();
		for (const w of waiters.splice(0)) {
			if (total >= w.count) w.resolve();
			else waiters.push(w);
		}
	}

	await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve()));
	const port = (server.address() as AddressInfo).port;
	const sim: WhatsAppSimulator = {
		url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
		port,
		config,
		delivered,
		calls,
		metaWebhookUrl: opts.metaWebhookUrl,
		configure(change) {
			Object.assign(config, change);
			buckets.clear();
			if (config.mode !== 'hang') for (const res of hanging) res.destroy();
		},
		waitForCalls(count, timeoutMs = 10_000) {
			if (totalCalls() >= count) return Promise.resolve();
			return new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`only ${totalCalls()} of ${count} calls arrived`)), timeoutMs);
				waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
			});
		},
		async idle() {
			while (inFlight.size > 0) await Promise.all([...inFlight]);
		},
		async close() {
			closed = true;
			for (const res of hanging) res.destroy();
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
			await sim.idle();
		}
	};
	return sim;
}
