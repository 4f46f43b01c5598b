/**
 * The router monitor: background work that keeps router_snapshots and routers.status current so
 * pages never have to ask a router.
 *
 * - Every `intervalMs` (30 s) it reads every live router in parallel: identity, resource, PPPoE and
 *   hotspot sessions, interfaces. Each router gets `routerTimeoutMs`; one that does not answer in
 *   time is marked down and its connection dropped, and it never holds up the others or the next
 *   cycle.
 * - Every `trafficIntervalMs` (2 s) it samples `/interface/monitor-traffic` for routers someone is
 *   watching (routers.watch_until in the future, extended by the page while it is open) and keeps
 *   the last `trafficSamples` samples in the 'traffic' snapshot.
 *
 * It uses the process's shared RouterPool, the same connections the job worker uses.
 */
import { and, gt, isNotNull, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/index';
import { routers } from '../db/schema';
import { log } from '../log';
import { RouterError } from '../routeros/types';
import { printOrEmpty } from '../routeros/read';
import type { RouterConnections } from '../routeros/pool';
import type { TrafficSnapshot } from '../../shared/router-snapshots';
import { readInterfaces, readOnline, readTrafficSample } from './readings';
import { readRouterResource } from './probe-job';
import { markRouterDown, markRouterUp, readSnapshots, writeSnapshot } from './router-status';
import { loopRunner, type Loop } from '../loops/loop-runner';


export interface RouterMonitorOptions {
	db: Db;
	pool: RouterConnections;
	intervalMs?: number;
	/** How long one router's whole reading may take before it counts as down. */
	routerTimeoutMs?: number;
	trafficIntervalMs?: number;
	/** Samples kept in the traffic snapshot (2 s apart: two minutes of chart). */
	trafficSamples?: number;
	now?: () => Date;
}

class TimeoutError extends Error {}

/** Runs `work` with a deadline; `signal.cancelled` tells late work not to write anything. */
async function withDeadline<T>(ms: number, work: (signal: { cancelled: boolean }) => Promise<T>): Promise<T> {
	const signal = { cancelled: false };
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			signal.cancelled = true;
			reject(new TimeoutError(`no answer within ${Math.round(ms / 1000)} s`));
		}, ms);
	});
	const running = work(signal);
	// The loser of the race must not surface as an unhandled rejection.
	running.catch(() => {});
	try {
		return await Promise.race([running, deadline]);
	} finally {
		clearTimeout(timer);
	}
}

function describe(err: unknown): string {
	if (err instanceof RouterError) return err.kind === 'trap' ? `router refused: ${err.message}` : err.message;
	if (err instanceof Error) return err.message;
	return String(err);
}

export class RouterMonitor {
	private readonly db: Db;
	private readonly pool: RouterConnections;
	private readonly intervalMs: number;
	private readonly routerTimeoutMs: number;
	private readonly trafficIntervalMs: number;
	private readonly trafficSamples: number;
	private readonly now: () => Date;
	private readonly cycles: Loop;
	private readonly traffic: Loop;
	private cycle: Promise<void> | null = null;
	private readonly sampling = new Set<string>();

	constructor(options: RouterMonitorOptions) {
		this.db = options.db;
		this.pool = options.pool;
		this.intervalMs = options.intervalMs ?? 30_000;
		this.routerTimeoutMs = options.routerTimeoutMs ?? Math.min(10_000, Math.max(1_000, this.intervalMs - 1_000));
		this.trafficIntervalMs = options.trafficIntervalMs ?? 2_000;
		this.trafficSamples = options.trafficSamples ?? 60;
		this.now = options.now ?? (() => new Date());
		this.cycles = loopRunner({ name: 'router monitor', intervalMs: this.intervalMs, tick: () => this.refreshAll() });
		// Samples are not awaited: each router's sample keeps its own pace (one at a time per router,
		// `sampling`), so a stalled router never delays the others' charts.
		this.traffic = loopRunner({ name: 'router traffic sampling', intervalMs: this.trafficIntervalMs, immediate: false, tick: async () => void this.sampleTraffic() });
	}

	start(): void {
		this.cycles.start();
		this.traffic.start();
	}

	async stop(): Promise<void> {
		await Promise.all([this.cycles.stop(), this.traffic.stop()]);
		await this.cycle?.catch(() => {});
	}

	/** One monitoring cycle over every live router; resolves when each has been read or given up on. */
	refreshAll(): Promise<void> {
		this.cycle ??= this.runCycle().finally(() => {
			this.cycle = null;
		});
		return this.cycle;
	}

	private async runCycle(): Promise<void> {
		let live: Array<{ id: string }>;
		try {
			live = await this.db.select({ id: routers.id }).from(routers).where(isNull(routers.deletedAt));
		} catch (err) {
			log.error({ err }, 'router monitor: cannot list routers');
			return;
		}
		await Promise.allSettled(live.map((r) => this.refreshRouter(r.id)));
	}

	/** Reads one router and records the result; never rejects. */
	async refreshRouter(routerId: string): Promise<void> {
		try {
			await withDeadline(this.routerTimeoutMs, (signal) => this.readRouter(routerId, signal));
		} catch (err) {
			// A router that stalled may have left a half-answered connection: start fresh next time.
			if (err instanceof TimeoutError || (err instanceof RouterError && err.kind !== 'trap')) this.pool.drop(routerId);
			try {
				await markRouterDown(this.db, routerId, describe(err), this.now());
			} catch (dbErr) {
				log.error({ err: dbErr, routerId }, 'router monitor: cannot record a router as down');
			}
		}
	}

	private async readRouter(routerId: string, signal: { cancelled: boolean }): Promise<void> {
		const client = await this.pool.get(routerId);
		const [resource, ppp, hotspot, interfaces] = await Promise.all([
			readRouterResource(client),
			printOrEmpty(client, '/ppp/active', { proplist: ['.id', 'name', 'service', 'caller-id', 'address', 'uptime'] }),
			printOrEmpty(client, '/ip/hotspot/active', { proplist: ['.id', 'user', 'address', 'mac-address', 'uptime'] }),
			client.print('/interface', { proplist: ['.id', 'name', 'type', 'running', 'disabled', 'mac-address', 'rx-byte', 'tx-byte', 'comment'] })
		]);
		if (signal.cancelled) return;
		const at = this.now();
		await this.db.transaction(async (tx) => {
			await markRouterUp(tx, routerId, resource, at);
			await writeSnapshot(tx, routerId, 'resource', resource, at);
			await writeSnapshot(tx, routerId, 'online', readOnline(ppp, hotspot), at);
			await writeSnapshot(tx, routerId, 'interfaces', readInterfaces(interfaces), at);
		});
	}

	/** One traffic tick: a sample from each watched router that is not known to be down. */
	async sampleTraffic(): Promise<void> {
		let watched: Array<{ id: string; watchInterface: string | null }>;
		try {
			watched = await this.db
				.select({ id: routers.id, watchInterface: routers.watchInterface })
				.from(routers)
				.where(and(isNull(routers.deletedAt), isNotNull(routers.watchInterface), gt(routers.watchUntil, this.now()), ne(routers.status, 'down')));
		} catch (err) {
			log.error({ err }, 'router monitor: cannot list watched routers');
			return;
		}
		await Promise.allSettled(
			watched.map(async (r) => {
				// A slow router must not pile up samples: skip it while its last one is still out.
				if (this.sampling.has(r.id) || !r.watchInterface) return;
				this.sampling.add(r.id);
				try {
					await withDeadline(Math.max(this.trafficIntervalMs, 1_000) * 2, (signal) => this.sampleRouter(r.id, r.watchInterface!, signal));
				} catch (err) {
					log.debug({ err, routerId: r.id }, 'router monitor: traffic sample failed');
				} finally {
					this.sampling.delete(r.id);
				}
			})
		);
	}

	private async sampleRouter(routerId: string, iface: string, signal: { cancelled: boolean }): Promise<void> {
		const client = await this.pool.get(routerId);
		const [row] = await client.command(['/interface/monitor-traffic', `=interface=${iface}`, '=once=']);
		if (signal.cancelled) return;
		const at = this.now();
		const sample = readTrafficSample(row, at);
		const previous = (await readSnapshots(this.db, routerId, ['traffic'])).get('traffic')?.data as TrafficSnapshot | undefined;
		// A different interface starts a new chart.
		const samples = previous?.interface === iface ? [...previous.samples, sample] : [sample];
		const snapshot: TrafficSnapshot = { interface: iface, samples: samples.slice(-this.trafficSamples) };
		await writeSnapshot(this.db, routerId, 'traffic', snapshot, at);
	}
}

let running: RouterMonitor | undefined;

/** Starts the process's monitor (once); server start-up calls this when ROUTER_MONITOR_ENABLED. */
export function startRouterMonitor(options: RouterMonitorOptions): RouterMonitor {
	running ??= new RouterMonitor(options);
	running.start();
	return running;
}

export async function stopRouterMonitor(): Promise<void> {
	await running?.stop();
	running = undefined;
}
