import { connectRouter } from './client';
import type { ConnectOptions, RouterClient, RouterEndpoint } from './types';

export interface RouterPoolOptions extends ConnectOptions {
	load: (routerId: string) => Promise<RouterEndpoint>;
}

/**
 * One connection per router, shared by everything in this process (job worker, monitor) and
 * reused across jobs. A connection that dies is forgotten; the next `get` dials again.
 */
export class RouterPool {
	private readonly clients = new Map<string, Promise<RouterClient>>();

	constructor(private readonly options: RouterPoolOptions) {}

	/** The open connection to this router, connecting and logging in when there is none. */
	get(routerId: string): Promise<RouterClient> {
		const existing = this.clients.get(routerId);
		if (existing) return existing;
		const connecting = (async () => {
			const endpoint = await this.options.load(routerId);
			const client = await connectRouter(endpoint, this.options);
			client.onClose(() => {
				if (this.clients.get(routerId) === connecting) this.clients.delete(routerId);
			});
			return client;
		})();
		// A failed dial is not cached: the next caller tries again.
		connecting.catch(() => {
			if (this.clients.get(routerId) === connecting) this.clients.delete(routerId);
		});
		this.clients.set(routerId, connecting);
		return connecting;
	}

	/** Closes and forgets a router's connection, e.g. after its settings were edited. */
	drop(routerId: string): void {
		const existing = this.clients.get(routerId);
		this.clients.delete(routerId);
		existing?.then((c) => c.close()).catch(() => {});
	}

	async closeAll(): Promise<void> {
		const all = [...this.clients.values()];
		this.clients.clear();
		await Promise.allSettled(all.map(async (p) => (await p).close()));
	}
}

/** What the worker and the monitor need of a RouterPool (tests pass their own). */
export type RouterConnections = Pick<RouterPool, 'get' | 'drop'>;
