import { getConfig } from '../config';
import { getDb } from '../db/index';
import { routerEndpointLoader } from './endpoint';
import { RouterPool } from './pool';

let pool: RouterPool | undefined;

/** The process's one RouterPool, shared by the job worker and the monitor. */
export function getRouterPool(): RouterPool {
	if (!pool) {
		const config = getConfig();
		pool = new RouterPool({ load: routerEndpointLoader(getDb(), config.SECRETS_KEY) });
	}
	return pool;
}

/** Logs out of every router; the next getRouterPool() opens a new pool. */
export async function closeRouterPool(): Promise<void> {
	const closing = pool;
	pool = undefined;
	await closing?.closeAll();
}
