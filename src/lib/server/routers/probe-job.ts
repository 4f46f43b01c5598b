/**
 * The 'probe' router job behind the office's "Test connection" button: the worker has already
 * connected and logged in (so a wrong password or a dead router fails the job with that error);
 * this reads who the router is and what it runs, records it, and hands it back as the job result.
 */
import type { RouterJobHandler } from '../router-jobs/job-context';
import type { RouterClient } from '../routeros/types';
import type { ResourceSnapshot } from '../../shared/router-snapshots';
import { readResource } from './readings';
import { markRouterUp, writeSnapshot } from './router-status';

/** Identity and system resource, asked together (the client pipelines them on one connection). */
export async function readRouterResource(client: RouterClient): Promise<ResourceSnapshot> {
	const [identity, resource] = await Promise.all([client.print('/system/identity'), client.print('/system/resource')]);
	return readResource(identity[0], resource[0]);
}

export const probeRouter: RouterJobHandler = async (ctx) => {
	const resource = await readRouterResource(ctx.client);
	const at = new Date();
	await markRouterUp(ctx.db, ctx.router.id, resource, at);
	await writeSnapshot(ctx.db, ctx.router.id, 'resource', resource, at);
	return { resource, checkedAt: at.toISOString() };
};
