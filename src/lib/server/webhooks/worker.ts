/**
 * The webhook delivery worker, on the WhatsApp worker's pattern: one loop (loops/loop-runner) per process claims due
 * deliveries (queue.ts: SKIP LOCKED, lease, attempt row, committed before the POST), signs and
 * POSTs them concurrently up to `maxInFlight`, and records each answer. Failures back off
 * exponentially (router-jobs/backoff.ts) and go dead after `max_attempts`; an address the SSRF
 * guard refuses goes dead at once. stop() claims nothing more and waits for POSTs under way.
 * Nothing here runs inside a web request.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { webhookEndpoints } from '../db/schema';
import { decryptSecret } from '../crypto/secret-box';
import { log } from '../log';
import { backoffDelay, type BackoffSettings } from '../router-jobs/backoff';
import { WEBHOOK_EVENT_ID_HEADER, WEBHOOK_EVENT_TYPE_HEADER, WEBHOOK_SIGNATURE_HEADER } from '../../shared/webhooks';
import { claimDeliveries, recordDelivery, sweepDeliveries, type ClaimedDelivery } from './queue';
import { postWebhook, type PostResult } from './post';
import { signatureHeader } from './signature';
import { onWebhooksNudged } from './nudge';
import { loopRunner, type Loop } from '../loops/loop-runner';

export interface WebhookWorkerOptions {
	db: Db;
	secretsKey: string;
	allowPrivateAddresses: boolean;
	workerId?: string;
	pollMs?: number;
	/** Must exceed `timeoutMs`: it bounds how long a delivery can stay `sending`. */
	leaseMs?: number;
	timeoutMs?: number;
	maxInFlight?: number;
	backoff?: BackoffSettings;
	sweepEveryMs?: number;
	random?: () => number;
}

/** 10 s, 20 s, 40 s … up to an hour (each scaled by ½–1 of jitter): ten attempts span one to two and a half hours. */
export const WEBHOOK_BACKOFF: BackoffSettings = { baseMs: 10_000, capMs: 60 * 60_000 };

export class WebhookWorker {
	readonly workerId: string;
	private readonly o: Required<Omit<WebhookWorkerOptions, 'workerId'>>;
	private inFlight = new Set<Promise<void>>();
	private readonly rounds: Loop;
	private lastSweep = 0;
	private unsubscribe: (() => void) | undefined;

	constructor(options: WebhookWorkerOptions) {
		this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`.slice(0, 64);
		this.o = {
			pollMs: 1_000,
			leaseMs: 60_000,
			timeoutMs: 10_000,
			maxInFlight: 16,
			backoff: WEBHOOK_BACKOFF,
			sweepEveryMs: 15_000,
			random: Math.random,
			...options
		};
		this.rounds = loopRunner({ name: 'webhook worker', intervalMs: this.o.pollMs, holdsProcess: true, tick: () => this.round() });
	}

	start(): void {
		if (this.rounds.running) return;
		this.unsubscribe = onWebhooksNudged(() => this.poke());
		this.rounds.start();
	}

	/** A delivery was enqueued in this process: claim it now rather than at the next poll. */
	poke(): void {
		this.rounds.wake();
	}

	/** Graceful stop: claims nothing more and waits for the POSTs under way to be recorded. */
	async stop(): Promise<void> {
		if (!this.rounds.running) return;
		this.unsubscribe?.();
		await this.rounds.stop();
		while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
	}

	/** One round: sweep now and then, claim what fits; 0 asks for the next round at once. */
	private async round(): Promise<number> {
		if (Date.now() - this.lastSweep >= this.o.sweepEveryMs) {
			this.lastSweep = Date.now();
			const swept = await sweepDeliveries(this.o.db);
			if (swept > 0) log.warn({ count: swept }, 'webhook deliveries left mid-POST by a stopped worker are queued again');
		}
		const room = this.o.maxInFlight - this.inFlight.size;
		if (room <= 0) {
			await Promise.race(this.inFlight);
			return 0;
		}
		const claimed = await claimDeliveries(this.o.db, { workerId: this.workerId, limit: room, leaseMs: this.o.leaseMs });
		for (const d of claimed) {
			const p = this.deliver(d).finally(() => this.inFlight.delete(p));
			this.inFlight.add(p);
		}
		return claimed.length < room ? this.o.pollMs : 0;
	}

	private async attempt(d: ClaimedDelivery): Promise<PostResult> {
		const [endpoint] = await this.o.db
			.select({ url: webhookEndpoints.url, secretEnc: webhookEndpoints.secretEnc, deletedAt: webhookEndpoints.deletedAt })
			.from(webhookEndpoints)
			.where(eq(webhookEndpoints.id, d.endpointId));
		if (!endpoint || endpoint.deletedAt) return { statusCode: null, error: 'the endpoint was deleted', refused: true, durationMs: 0 };
		const timestamp = Math.floor(Date.now() / 1000);
		const headers = {
			[WEBHOOK_SIGNATURE_HEADER]: signatureHeader(decryptSecret(endpoint.secretEnc, this.o.secretsKey), timestamp, d.body),
			[WEBHOOK_EVENT_ID_HEADER]: d.eventId,
			[WEBHOOK_EVENT_TYPE_HEADER]: d.eventType
		};
		return postWebhook(endpoint.url, d.body, headers, { timeoutMs: this.o.timeoutMs, allowPrivate: this.o.allowPrivateAddresses });
	}

	private async deliver(d: ClaimedDelivery): Promise<void> {
		let result: PostResult;
		try {
			result = await this.attempt(d);
		} catch (err) {
			// A secret SECRETS_KEY cannot open, the database gone for a moment: retried like a failed POST.
			result = { statusCode: null, error: `not sent: ${(err as Error)?.message ?? String(err)}`, refused: false, durationMs: 0 };
		}
		const retryDelayMs = backoffDelay(d.attempt, this.o.backoff, this.o.random);
		try {
			const held = await recordDelivery(this.o.db, this.workerId, d, result, retryDelayMs);
			if (!held) log.warn({ deliveryId: d.id }, 'webhook answer came after the lease ran out; the delivery was queued again');
		} catch (err) {
			log.error({ err, deliveryId: d.id }, 'webhook outcome not recorded; the lease will run out and it is sent again');
		}
	}
}

let processWorker: WebhookWorker | undefined;

export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
	if (!processWorker) {
		processWorker = new WebhookWorker(options);
		processWorker.start();
	}
	return processWorker;
}

export async function stopWebhookWorker(): Promise<void> {
	const worker = processWorker;
	processWorker = undefined;
	await worker?.stop();
}
