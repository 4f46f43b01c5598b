/**
 * For this area's specs: a simulated router registered in the database, and running one of its
 * router jobs the way the worker does (job row, context, logged-in client, progress, result).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { routerJobs, routers } from '../db/schema';
import { encryptSecret } from '../crypto/secret-box';
import { connectRouter } from '../routeros/client';
import { startRouterOsSimulator, type RouterOsSimulator, type SimulatorOptions } from '../routeros-sim/index';
import { recordProgress } from '../router-jobs/queue';
import type { RouterJobContext, RouterJobHandler, RouterRow } from '../router-jobs/job-context';
import type { IsolationMethod } from '../../shared/domain';
import { enqueueJob } from './jobs';

export const TEST_SECRETS_KEY = 'ab'.repeat(32);

export async function startSim(options: Partial<SimulatorOptions> = {}): Promise<RouterOsSimulator> {
	return startRouterOsSimulator({ user: 'admin', password: 'secret', port: 0, ros: 7, ...options });
}

export async function registerRouter(
	db: Db,
	sim: RouterOsSimulator,
	options: { method?: IsolationMethod; autoFixDrift?: boolean; name?: string } = {}
): Promise<RouterRow> {
	const id = randomUUID();
	await db.insert(routers).values({
		id,
		name: options.name ?? `Sim ${id.slice(0, 6)}`,
		host: sim.host,
		apiPort: sim.port,
		username: 'admin',
		passwordEnc: encryptSecret('secret', TEST_SECRETS_KEY),
		isolationMethod: options.method ?? 'profile',
		autoFixDrift: options.autoFixDrift ?? false
	});
	const [row] = await db.select().from(routers).where(eq(routers.id, id));
	return row;
}

/** Enqueues a job and runs its handler at once on a fresh connection; marks it done with its result. */
export async function runJob(
	db: Db,
	sim: RouterOsSimulator,
	routerId: string,
	handler: RouterJobHandler,
	job: { action: string; payload?: Record<string, unknown>; requestedBy?: string | null }
): Promise<{ jobId: number; result: Record<string, unknown>; progress: Array<[number, number]> }> {
	const jobId = await db.transaction((tx) =>
		enqueueJob(tx, { routerId, subscriptionId: null, action: job.action as never, desiredState: null, dedupeKey: `test:${randomUUID()}`, payload: job.payload }, job.requestedBy ?? null)
	);
	await db.update(routerJobs).set({ status: 'running', attempts: 1 }).where(eq(routerJobs.id, jobId));
	const [router] = await db.select().from(routers).where(eq(routers.id, routerId));
	const client = await connectRouter({ host: sim.host, port: sim.port, tls: false, username: 'admin', password: 'secret' }, { commandTimeoutMs: 10_000 });
	const progress: Array<[number, number]> = [];
	const ctx: RouterJobContext = {
		db,
		job: { id: jobId, routerId, subscriptionId: null, action: job.action, desiredState: null, payload: job.payload ?? null, attempts: 1, requestedBy: job.requestedBy ?? null },
		router,
		client,
		secretsKey: TEST_SECRETS_KEY,
		timeZone: 'Asia/Jakarta',
		progress: async (done, total) => {
			progress.push([done, total]);
			await recordProgress(db, jobId, done, total);
		}
	};
	try {
		const result = await handler(ctx);
		await db.update(routerJobs).set({ status: 'done', result, finishedAt: new Date() }).where(eq(routerJobs.id, jobId));
		return { jobId, result, progress };
	} finally {
		await client.close();
	}
}
