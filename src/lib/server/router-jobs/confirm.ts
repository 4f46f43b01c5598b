import { and, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index';
import { subscriptions } from '../db/schema';
import { nextVersion } from '../db/version';
import type { RouterState } from '../../shared/domain';
import { Batcher } from './batcher';

interface Confirmation {
	subscriptionId: string;
	state: RouterState;
}

/**
 * Records what jobs read back. "Isolated" in Lunas means confirmed on the router, so
 * `isolated_at` is filled here when the decision did not already set it. Only rows that change
 * are written (a job run twice writes once), and no version is taken when none does.
 */
async function writeConfirmations(db: Db, batch: Confirmation[]): Promise<boolean[]> {
	// One job per subscription runs at a time, but be safe: the last word wins.
	const wanted = new Map(batch.map((p) => [p.subscriptionId, p.state]));
	const current = await db
		.select({ id: subscriptions.id, confirmed: subscriptions.confirmedRouterState, desired: subscriptions.desiredRouterState, isolatedAt: subscriptions.isolatedAt })
		.from(subscriptions)
		.where(inArray(subscriptions.id, [...wanted.keys()]));
	const needs = current.filter((row) => {
		const state = wanted.get(row.id)!;
		return row.confirmed !== state || (state === 'isolated' && row.desired === 'isolated' && !row.isolatedAt);
	});
	if (needs.length === 0) return batch.map(() => false);
	const byState = new Map<RouterState, string[]>();
	for (const row of needs) {
		const state = wanted.get(row.id)!;
		byState.set(state, [...(byState.get(state) ?? []), row.id]);
	}
	await db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		for (const [state, ids] of byState) {
			const isolatedAt =
				state === 'isolated'
					? sql`CASE WHEN ${subscriptions.desiredRouterState} = 'isolated' THEN COALESCE(${subscriptions.isolatedAt}, NOW(3)) ELSE ${subscriptions.isolatedAt} END`
					: sql`${subscriptions.isolatedAt}`;
			await tx
				.update(subscriptions)
				.set({ confirmedRouterState: state, version, isolatedAt })
				.where(
					and(
						inArray(subscriptions.id, ids),
						or(ne(subscriptions.confirmedRouterState, state), state === 'isolated' ? isNull(subscriptions.isolatedAt) : sql`FALSE`)
					)
				);
		}
	});
	const changed = new Set(needs.map((r) => r.id));
	return batch.map((c) => changed.has(c.subscriptionId));
}

/**
 * Confirmations are written in batches. Each write takes the sync version, whose counter row
 * stays locked until commit (db/version.ts), so one transaction per job would make every job on
 * every router wait for the previous job's commit. Confirmations that arrive while a batch is
 * being written all go into the next one: one version, one commit.
 */
const queues = new WeakMap<Db, Batcher<Confirmation, boolean>>();

/** Records the state a job read back on the subscription; resolves (true if it changed) once committed. */
export function confirmRouterState(db: Db, subscriptionId: string, state: RouterState): Promise<boolean> {
	let queue = queues.get(db);
	if (!queue) {
		queue = new Batcher((batch) => writeConfirmations(db, batch));
		queues.set(db, queue);
	}
	return queue.add({ subscriptionId, state });
}

