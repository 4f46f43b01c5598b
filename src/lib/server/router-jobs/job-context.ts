import type { Db } from '../db/index';
import type { routers } from '../db/schema';
import type { RouterClient } from '../routeros/types';
import type { RouterState } from '../../shared/domain';

export type RouterRow = typeof routers.$inferSelect;

/** The job row as a handler sees it. */
export interface RouterJobRow {
	id: number;
	routerId: string;
	subscriptionId: string | null;
	action: string;
	desiredState: RouterState | null;
	payload: Record<string, unknown> | null;
	attempts: number;
	requestedBy: string | null;
}

/** Everything a router job handler gets: the job, its router, and a logged-in connection. */
export interface RouterJobContext {
	db: Db;
	job: RouterJobRow;
	router: RouterRow;
	client: RouterClient;
	secretsKey: string;
	timeZone: string;
	/** Records progress on the job row (`result.progress`) for pages that show long work. */
	progress(done: number, total: number): Promise<void>;
}

/**
 * Does one job's router work and reads back what it changed. Resolves with the result stored on
 * the job. Throw RouterError for router/connection trouble (retried with backoff) and
 * PermanentJobError for what retrying cannot fix (dead-lettered at once).
 */
export type RouterJobHandler = (ctx: RouterJobContext) => Promise<Record<string, unknown>>;

export class PermanentJobError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PermanentJobError';
	}
}
