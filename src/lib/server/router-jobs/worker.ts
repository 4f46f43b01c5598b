/**
 * The durable router job worker.
 *
 * A loop claims due jobs (queue.ts) under a lease and hands each to the lane of its router. A
 * lane runs its router's jobs concurrently — up to `maxInFlightPerRouter` at a time — over the
 * router's ONE pooled connection, so their commands are pipelined on tags instead of waiting for
 * each other's replies. When the connection fails, the lane stops, every job it holds goes back
 * to the queue with backoff, the pooled connection is dropped, and the worker leaves that router
 * alone until its backoff has passed. A lease timer keeps the leases of held jobs fresh; if this
 * process dies, the leases run out and another worker takes the jobs over.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { routers } from '../db/schema';
import { log } from '../log';
import { markRouterDown } from '../routers/router-status';
import { RouterError } from '../routeros/types';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffSettings } from './backoff';
import { PermanentJobError, type RouterJobContext, type RouterJobHandler, type RouterRow } from './job-context';
import { ROUTER_JOB_HANDLERS } from './handlers';
import { onRouterJobsNudged } from './nudge';
import { Batcher } from './batcher';
import { buryJob, claimJobs, completeJobs, recordProgress, releaseJob, renewLeases, rescheduleJob, type ClaimedJob } from './queue';
import type { RouterConnections } from '../routeros/pool';
import { loopRunner, type Loop } from '../loops/loop-runner';

export interface RouterJobWorkerOptions {
	db: Db;
	pool: RouterConnections;
	secretsKey: string;
	/** Read at each job: the ISP's zone can change while the worker runs (settings/time-zone.ts). */
	timeZone: () => string;
	handlers?: Record<string, RouterJobHandler>;
	/** Names this worker in `locked_by`; unique per process by default. */
	workerId?: string;
	/** How often to look for due jobs when nothing nudges the worker. */
	pollMs?: number;
	/** How long a claimed job stays this worker's without a renewal. */
	leaseMs?: number;
	/** Most jobs held (claimed, running or waiting in a lane) at once. */
	maxHeld?: number;
	/** Most jobs running at once on one router connection, i.e. commands in flight on it. */
	maxInFlightPerRouter?: number;
	/** A job that takes longer without reporting progress is abandoned and its router connection dropped. */
	jobTimeoutMs?: number;
	backoff?: BackoffSettings;
	random?: () => number;
}

class JobTimeoutError extends RouterError {
	constructor(ms: number) {
		super('timeout', `job made no progress for ${Math.round(ms / 1000)} s`);
	}
}

/**
 * Jobs that bring a router to what Lunas wants: a router being down makes them wait (with
 * backoff) however long it takes, never dead-letter, so nothing is lost. Other jobs (probe,
 * reconcile, import) are a question asked now; after max_attempts the failure is the answer.
 */
const WAITS_FOR_ROUTER = new Set(['provision', 'isolate', 'restore', 'remove', 'kick', 'push-profile']);

/** A RouterError other than a trap: the connection itself is gone, not just this command. */
function isConnectionFailure(err: unknown): err is RouterError {
	return err instanceof RouterError && err.kind !== 'trap';
}

function messageOf(err: unknown): string {
	if (err instanceof RouterError) {
		const category = err.category === null ? '' : ` (category ${err.category})`;
		return `${err.kind}: ${err.message}${category}`;
	}
	return err instanceof Error ? err.message : String(err);
}

interface Lane {
	routerId: string;
	router: Promise<RouterRow | null>;
	waiting: ClaimedJob[];
	inFlight: number;
	/** Set once the connection failed: nothing more starts on this lane. */
	failed: boolean;
}

export class RouterJobWorker {
	readonly workerId: string;
	private readonly db: Db;
	private readonly pool: RouterConnections;
	private readonly handlers: Record<string, RouterJobHandler>;
	private readonly pollMs: number;
	private readonly leaseMs: number;
	private readonly maxHeld: number;
	private readonly maxInFlight: number;
	private readonly jobTimeoutMs: number;
	private readonly backoff: BackoffSettings;
	private readonly random: () => number;

	private readonly lanes = new Map<string, Lane>();
	/** Jobs finishing together on a router are recorded together: one commit, not one each. */
	private readonly completions: Batcher<{ jobId: number; result: Record<string, unknown> }, boolean>;
	private held = 0;
	/** Routers that failed: when the worker may try each again, and how many failures in a row. */
	private readonly downUntil = new Map<string, number>();
	private readonly failures = new Map<string, number>();

	/** Set by stop({ abandon }): behave as a crashed process and write nothing more. */
	private abandoned = false;
	/** Claims jobs; a nudge (poke) wakes it at once. */
	private readonly claims: Loop;
	private readonly leases: Loop;
	private unsubscribe: (() => void) | undefined;

	constructor(private readonly options: RouterJobWorkerOptions) {
		this.db = options.db;
		this.pool = options.pool;
		this.handlers = options.handlers ?? ROUTER_JOB_HANDLERS;
		this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
		this.pollMs = options.pollMs ?? 1_000;
		this.leaseMs = options.leaseMs ?? 60_000;
		this.maxHeld = options.maxHeld ?? 512;
		this.maxInFlight = options.maxInFlightPerRouter ?? 32;
		this.jobTimeoutMs = options.jobTimeoutMs ?? 120_000;
		this.backoff = options.backoff ?? DEFAULT_BACKOFF;
		this.random = options.random ?? Math.random;
		this.completions = new Batcher((done) => completeJobs(this.db, this.workerId, done));
		this.claims = loopRunner({ name: 'router job worker', intervalMs: this.pollMs, holdsProcess: true, tick: () => this.claimRound() });
		this.leases = loopRunner({ name: 'router job lease renewal', intervalMs: Math.max(100, Math.floor(this.leaseMs / 3)), immediate: false, tick: () => this.renew() });
	}

	private get running(): boolean {
		return this.claims.running;
	}

	start(): void {
		if (this.running) return;
		this.abandoned = false;
		this.unsubscribe = onRouterJobsNudged(() => this.poke());
		this.leases.start();
		this.claims.start();
	}

	/** Looks for jobs now instead of at the next poll. */
	poke(): void {
		this.claims.wake();
	}

	/**
	 * Graceful stop: claims nothing more, gives back jobs not yet started, waits for running ones.
	 * With `abandon`, stops like a crashed process instead: no further writes, leases left to expire.
	 */
	async stop(options: { abandon?: boolean } = {}): Promise<void> {
		if (!this.running) return;
		if (options.abandon) this.abandoned = true;
		this.unsubscribe?.();
		await Promise.all([this.claims.stop(), this.leases.stop()]);
		if (options.abandon) return;
		for (const lane of [...this.lanes.values()]) {
			const waiting = lane.waiting.splice(0);
			for (const job of waiting) {
				this.held -= 1;
				await releaseJob(this.db, job.id, this.workerId).catch((err) => log.warn({ err, jobId: job.id }, 'router job release failed'));
			}
		}
		while (this.held > 0) await new Promise((resolve) => setTimeout(resolve, 20));
	}

	/** One claim; the next comes at once while there is work and room, else after a poll. */
	private async claimRound(): Promise<number> {
		let claimed = 0;
		try {
			claimed = await this.claim();
		} catch (err) {
			log.warn({ err, workerId: this.workerId }, 'router job claim failed');
		}
		return claimed === 0 || this.held >= this.maxHeld ? this.pollMs : 0;
	}

	private async claim(): Promise<number> {
		const room = this.maxHeld - this.held;
		if (room <= 0) return 0;
		const now = Date.now();
		const exclude = [...this.downUntil].filter(([, until]) => until > now).map(([id]) => id);
		const jobs = await claimJobs(this.db, { workerId: this.workerId, limit: room, leaseMs: this.leaseMs, excludeRouterIds: exclude });
		if (this.abandoned) return 0;
		for (const job of jobs) {
			this.held += 1;
			this.laneOf(job.routerId).waiting.push(job);
		}
		for (const lane of new Set(jobs.map((j) => this.laneOf(j.routerId)))) this.pump(lane);
		return jobs.length;
	}

	private laneOf(routerId: string): Lane {
		let lane = this.lanes.get(routerId);
		if (!lane) {
			lane = {
				routerId,
				router: this.db
					.select()
					.from(routers)
					.where(eq(routers.id, routerId))
					.then(([row]) => (row && !row.deletedAt ? row : null)),
				waiting: [],
				inFlight: 0,
				failed: false
			};
			lane.router.catch(() => {});
			this.lanes.set(routerId, lane);
		}
		return lane;
	}

	private pump(lane: Lane): void {
		if (lane.failed) {
			for (const job of lane.waiting.splice(0)) void this.settle(job, () => this.retryLater(job, lane, 'router connection failed before this job started'));
		}
		while (!lane.failed && this.running && lane.inFlight < this.maxInFlight && lane.waiting.length > 0) {
			const job = lane.waiting.shift()!;
			lane.inFlight += 1;
			void this.runJob(lane, job).finally(() => {
				lane.inFlight -= 1;
				if (lane.waiting.length > 0) this.pump(lane);
				if (lane.inFlight === 0 && lane.waiting.length === 0 && this.lanes.get(lane.routerId) === lane) {
					this.lanes.delete(lane.routerId);
				}
			});
		}
	}

	/** Runs a job's outcome write and releases the worker's hold on it, whatever happens. */
	private async settle(job: ClaimedJob, write: () => Promise<unknown>): Promise<void> {
		try {
			if (!this.abandoned) await write();
		} catch (err) {
			// The lease runs out and the job is claimed again; nothing is lost.
			log.error({ err, jobId: job.id, workerId: this.workerId }, 'router job outcome not recorded');
		} finally {
			this.held -= 1;
			// Room opened up, or a finished job may have unblocked the next job of its subscription.
			if (this.held === 0 || this.held === this.maxHeld - 1) this.poke();
		}
	}

	private async runJob(lane: Lane, job: ClaimedJob): Promise<void> {
		const handler = Object.hasOwn(this.handlers, job.action) ? this.handlers[job.action] : undefined;
		let outcome: { ok: true; result: Record<string, unknown> } | { ok: false; error: unknown };
		try {
			if (!handler) throw new PermanentJobError(`no handler for router job action "${job.action}"`);
			const router = await lane.router;
			if (!router) throw new PermanentJobError('the router was deleted');
			const client = await this.pool.get(job.routerId);
			const deadline = this.deadline();
			const ctx: RouterJobContext = {
				db: this.db,
				job,
				router,
				client,
				secretsKey: this.options.secretsKey,
				timeZone: this.options.timeZone(),
				progress: (done, total) => {
					// A long job (an import) that reports progress is alive: its clock starts again.
					deadline.touch();
					return this.abandoned ? Promise.resolve() : recordProgress(this.db, job.id, done, total);
				}
			};
			outcome = { ok: true, result: await deadline.race(handler(ctx)) };
		} catch (error) {
			outcome = { ok: false, error };
		}

		if (outcome.ok) {
			const result = outcome.result;
			this.failures.delete(job.routerId);
			this.downUntil.delete(job.routerId);
			await this.settle(job, async () => {
				if (!(await this.completions.add({ jobId: job.id, result }))) {
					log.warn({ jobId: job.id, workerId: this.workerId }, 'router job finished after its lease was taken over');
				}
			});
			return;
		}

		const error = outcome.error;
		if (isConnectionFailure(error)) {
			this.routerFailed(lane, error);
			// A connection test is answered by the failure itself; only convergence jobs wait
			// for the router to come back.
			if (!WAITS_FOR_ROUTER.has(job.action) && job.attempts >= job.maxAttempts) {
				await this.settle(job, () => buryJob(this.db, job.id, this.workerId, messageOf(error)));
				return;
			}
			await this.settle(job, () => this.retryLater(job, lane, messageOf(error)));
			return;
		}
		if (error instanceof PermanentJobError || job.attempts >= job.maxAttempts) {
			await this.settle(job, () => buryJob(this.db, job.id, this.workerId, messageOf(error)));
			return;
		}
		if (!(error instanceof RouterError)) log.warn({ err: error, jobId: job.id, action: job.action }, 'router job failed');
		await this.settle(job, () =>
			rescheduleJob(this.db, job.id, this.workerId, messageOf(error), backoffDelay(job.attempts, this.backoff, this.random))
		);
	}

	/** A connection failure is not the job's fault: it waits (with backoff) for the router. */
	private retryLater(job: ClaimedJob, lane: Lane, message: string): Promise<boolean> {
		const own = backoffDelay(job.attempts, this.backoff, this.random);
		const routerWait = (this.downUntil.get(lane.routerId) ?? 0) - Date.now();
		return rescheduleJob(this.db, job.id, this.workerId, message, Math.max(own, routerWait));
	}

	private routerFailed(lane: Lane, error: RouterError): void {
		if (lane.failed) return;
		lane.failed = true;
		const failures = (this.failures.get(lane.routerId) ?? 0) + 1;
		this.failures.set(lane.routerId, failures);
		this.downUntil.set(lane.routerId, Date.now() + backoffDelay(failures, this.backoff, this.random));
		this.pool.drop(lane.routerId);
		// The office sees the router as down now, not at the monitor's next round.
		void markRouterDown(this.db, lane.routerId, messageOf(error), new Date()).catch((err) =>
			log.warn({ err, routerId: lane.routerId }, 'could not mark the router down')
		);
		if (this.lanes.get(lane.routerId) === lane) this.lanes.delete(lane.routerId);
		log.warn({ routerId: lane.routerId, error: messageOf(error), failures }, 'router unreachable; its jobs wait');
		this.pump(lane);
	}

	/**
	 * A job that neither finishes nor reports progress within jobTimeoutMs is given up (and its
	 * connection dropped, as a stuck reply stream cannot be trusted).
	 */
	private deadline() {
		let timer: ReturnType<typeof setTimeout> | undefined;
		let expire: (err: Error) => void = () => {};
		let finished = false;
		const expired = new Promise<never>((_, reject) => (expire = reject));
		expired.catch(() => {});
		const arm = () => {
			clearTimeout(timer);
			if (!finished) timer = setTimeout(() => expire(new JobTimeoutError(this.jobTimeoutMs)), this.jobTimeoutMs);
		};
		return {
			touch: arm,
			race: <T>(work: Promise<T>): Promise<T> => {
				arm();
				// The handler may still reject after the deadline; that must not become an unhandled rejection.
				work.catch(() => {});
				return Promise.race([work, expired]).finally(() => {
					finished = true;
					clearTimeout(timer);
				});
			}
		};
	}

	private async renew(): Promise<void> {
		if (this.abandoned || this.held === 0) return;
		try {
			await renewLeases(this.db, this.workerId, this.leaseMs);
		} catch (err) {
			log.warn({ err, workerId: this.workerId }, 'router job lease renewal failed');
		}
	}
}

let processWorker: RouterJobWorker | undefined;

/** Starts this process's worker (from startup.ts); a second call returns the running one. */
export function startRouterJobWorker(options: RouterJobWorkerOptions): RouterJobWorker {
	if (!processWorker) {
		processWorker = new RouterJobWorker(options);
		processWorker.start();
	}
	return processWorker;
}

export async function stopRouterJobWorker(): Promise<void> {
	const worker = processWorker;
	processWorker = undefined;
	await worker?.stop();
}
