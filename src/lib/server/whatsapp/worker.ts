/**
 * The WhatsApp outbox worker. One loop per process: at each rate slot of the configured gateway
 * it claims one due message (queue.ts: `sending` + lease + attempt row, committed), calls the
 * gateway, and records the outcome. Reminders wait out quiet hours. A `misconfigured` answer (bad
 * token, no device) pauses the whole gateway instead of burning every message's attempts. Calls
 * run concurrently up to `maxInFlight` (32), so a slow gateway or a busy database does not lower the rate until that many
 * are outstanding. Nothing here ever runs inside a web request.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index';
import { log } from '../log';
import { backoffDelay, type BackoffSettings } from '../router-jobs/backoff';
import { claimMessages, recordOutcome, sweepOutbox, type ClaimedMessage } from './queue';
import { inQuietHours, readQuietHours, type QuietHours } from './quiet-hours';
import { RateLimiter } from './rate-limiter';
import { onWhatsAppNudged } from './nudge';
import type { SendOutcome, WhatsAppGateway } from './types';
import { loopRunner, type Loop } from '../loops/loop-runner';

export interface WhatsAppWorkerOptions {
	db: Db;
	/** The gateway in force (settings may change it while the worker runs); read every `configRefreshMs`. */
	gateway: () => Promise<WhatsAppGateway>;
	/** The ISP's zone, for quiet hours; read at each round. */
	timeZone: () => string;
	workerId?: string;
	pollMs?: number;
	/** Must exceed the gateway call's timeout: it bounds how long a message can stay `sending`. */
	leaseMs?: number;
	maxInFlight?: number;
	backoff?: BackoffSettings;
	/** How long every message waits after the gateway refused Lunas's credentials. */
	misconfiguredPauseMs?: number;
	configRefreshMs?: number;
	sweepEveryMs?: number;
	random?: () => number;
}

export const WHATSAPP_BACKOFF: BackoffSettings = { baseMs: 10_000, capMs: 30 * 60_000 };

export class WhatsAppWorker {
	readonly workerId: string;
	private readonly db: Db;
	private readonly pollMs: number;
	private readonly leaseMs: number;
	private readonly maxInFlight: number;
	private readonly backoff: BackoffSettings;
	private readonly pauseMs: number;
	private readonly refreshMs: number;
	private readonly sweepEveryMs: number;
	private readonly random: () => number;
	private readonly limiter = new RateLimiter(1);

	private gatewayCache: { gateway: WhatsAppGateway; quiet: QuietHours; at: number } | null = null;
	private lastSweep = 0;
	private foundNothing = false;
	private inFlight = new Set<Promise<void>>();
	/** One rate slot a tick; a nudge (poke) cuts a poll short. */
	private readonly rounds: Loop;
	/** Rate waits under way: only stop() ends them early, never a nudge. */
	private readonly rateWaits = new Set<() => void>();
	private unsubscribe: (() => void) | undefined;

	constructor(private readonly options: WhatsAppWorkerOptions) {
		this.db = options.db;
		this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`.slice(0, 64);
		this.pollMs = options.pollMs ?? 1_000;
		this.leaseMs = options.leaseMs ?? 60_000;
		this.maxInFlight = options.maxInFlight ?? 32;
		this.backoff = options.backoff ?? WHATSAPP_BACKOFF;
		this.pauseMs = options.misconfiguredPauseMs ?? 5 * 60_000;
		this.refreshMs = options.configRefreshMs ?? 30_000;
		this.sweepEveryMs = options.sweepEveryMs ?? 15_000;
		this.random = options.random ?? Math.random;
		this.rounds = loopRunner({ name: 'WhatsApp worker', intervalMs: this.pollMs, holdsProcess: true, tick: () => this.round() });
	}

	private get running(): boolean {
		return this.rounds.running;
	}

	start(): void {
		if (this.running) return;
		this.unsubscribe = onWhatsAppNudged(() => this.poke());
		this.rounds.start();
	}

	poke(): void {
		this.rounds.wake();
	}

	/** Reads the gateway and quiet hours again at the next slot (they were just saved here). */
	reloadConfig(): void {
		this.gatewayCache = null;
		this.poke();
	}

	/** Graceful stop: claims nothing more and waits for the calls under way to be recorded. */
	async stop(): Promise<void> {
		if (!this.running) return;
		this.unsubscribe?.();
		const stopped = this.rounds.stop();
		for (const end of [...this.rateWaits]) end();
		await stopped;
		while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
	}

	private async config(): Promise<{ gateway: WhatsAppGateway; quiet: QuietHours }> {
		const now = Date.now();
		if (!this.gatewayCache || now - this.gatewayCache.at > this.refreshMs) {
			const [gateway, quiet] = await Promise.all([this.options.gateway(), readQuietHours(this.db)]);
			if (gateway.sends) this.limiter.setRate(gateway.ratePerSecond);
			this.gatewayCache = { gateway, quiet, at: now };
		}
		return this.gatewayCache;
	}

	/** One round; answers how long to wait before the next (0: the next slot at once). */
	private async round(): Promise<number> {
		try {
			if (Date.now() - this.lastSweep >= this.sweepEveryMs) {
				this.lastSweep = Date.now();
				const swept = await sweepOutbox(this.db);
				if (swept.unsure > 0) log.warn({ count: swept.unsure }, 'WhatsApp messages left unsure by a worker that stopped mid-call');
			}
			const { gateway, quiet } = await this.config();
			if (!gateway.sends) return this.pollMs;
			if (this.inFlight.size >= this.maxInFlight) {
				await Promise.race(this.inFlight);
				return 0;
			}
			if (this.foundNothing) {
				// The last claim came back empty: wait for a poll or a nudge, not for the next slot.
				this.foundNothing = false;
				return this.pollMs;
			}
			const wait = this.limiter.reserve();
			if (wait > 0) await this.rateWait(wait);
			if (!this.running) return 0;
			// Claim and call run off the loop, so a slow claim (a busy database) does not cost
			// the next slot; up to maxInFlight of them overlap.
			const quietNow = inQuietHours(new Date(), this.options.timeZone(), quiet);
			const p = this.claimAndDeliver(gateway, quietNow).finally(() => this.inFlight.delete(p));
			this.inFlight.add(p);
			return 0;
		} catch (err) {
			log.warn({ err, workerId: this.workerId }, 'WhatsApp worker round failed');
			return this.pollMs;
		}
	}

	/** Waits for the gateway's next rate slot; a nudge does not cut it short, stop() does. */
	private rateWait(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const end = () => {
				clearTimeout(timer);
				this.rateWaits.delete(end);
				resolve();
			};
			const timer = setTimeout(end, ms);
			this.rateWaits.add(end);
		});
	}

	private async claimAndDeliver(gateway: WhatsAppGateway, quiet: boolean): Promise<void> {
		let message: ClaimedMessage | undefined;
		try {
			[message] = await claimMessages(this.db, { workerId: this.workerId, gateway: gateway.kind, limit: 1, leaseMs: this.leaseMs, quiet });
		} catch (err) {
			log.warn({ err, workerId: this.workerId }, 'WhatsApp claim failed');
		}
		if (!message) {
			this.limiter.giveBack();
			this.foundNothing = true;
			return;
		}
		await this.deliver(gateway, message);
	}

	private async deliver(gateway: WhatsAppGateway, message: ClaimedMessage): Promise<void> {
		let outcome: SendOutcome;
		try {
			outcome = await gateway.send({ to: message.phone, body: message.body, template: message.template });
		} catch (err) {
			// A bug on our side before or during the call: we cannot say the request did not leave.
			outcome = { kind: 'unknown', reason: `send failed: ${(err as Error)?.message ?? String(err)}`, httpStatus: null, answer: String(err) };
		}
		if (outcome.kind === 'retry' && outcome.retryAfterMs !== null) this.limiter.pause(outcome.retryAfterMs);
		if (outcome.kind === 'misconfigured') {
			this.limiter.pause(this.pauseMs);
			log.error({ gateway: gateway.kind, reason: outcome.reason }, 'WhatsApp gateway refuses Lunas; sending paused');
		}
		const retryDelayMs = outcome.kind === 'retry' ? Math.max(backoffDelay(message.attempt, this.backoff, this.random), outcome.retryAfterMs ?? 0) : 0;
		try {
			const held = await recordOutcome(this.db, this.workerId, { message, outcome, retryDelayMs, pauseMs: this.pauseMs });
			if (!held) log.warn({ messageId: message.id, outcome: outcome.kind }, 'WhatsApp answer came after the lease ran out; the message stays unsure');
		} catch (err) {
			// The lease runs out and the sweep marks it unsure: never resent blindly.
			log.error({ err, messageId: message.id }, 'WhatsApp outcome not recorded');
		}
	}
}

let processWorker: WhatsAppWorker | undefined;

export function startWhatsAppWorker(options: WhatsAppWorkerOptions): WhatsAppWorker {
	if (!processWorker) {
		processWorker = new WhatsAppWorker(options);
		processWorker.start();
	}
	return processWorker;
}

/** This process's worker takes a saved gateway at once; other instances within configRefreshMs. */
export function reloadWhatsAppWorker(): void {
	processWorker?.reloadConfig();
}

export async function stopWhatsAppWorker(): Promise<void> {
	const worker = processWorker;
	processWorker = undefined;
	await worker?.stop();
}
