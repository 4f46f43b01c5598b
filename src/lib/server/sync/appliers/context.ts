import type { Tx } from '../../db/index';
import type { SubscriptionContext } from '../../billing/subscriptions';
import type { Actor } from '../../trpc/actor';

/** What an operation applier gets: the operation's transaction and who pushed it from where. */
export interface ApplyContext {
	tx: Tx;
	/** The sync version the operation's transaction took first; rows it writes carry it. */
	version: number;
	/** The signed-in technician (or admin); their translator returns i18n keys, not text. */
	actor: Actor;
	deviceId: string;
	/** The areas the pusher works; null = every area (admin). */
	areaIds: string[] | null;
	ledger: SubscriptionContext;
	now: Date;
}

export type Applier<Op> = (op: Op, ctx: ApplyContext) => Promise<Record<string, unknown>>;

export function inScope(ctx: ApplyContext, areaId: string): boolean {
	return ctx.areaIds === null || ctx.areaIds.includes(areaId);
}
