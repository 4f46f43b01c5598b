import { getRouterPool } from '../routeros/runtime';

/**
 * Forgets this process's open connection to a router, after its address or login changed or it
 * was deleted: the next job or monitor cycle dials again with what is stored now.
 */
export function dropRouterConnection(routerId: string): void {
	getRouterPool().drop(routerId);
}
