import type { Context } from './trpc';
import type { SessionUser } from '../auth/session';
import { readBillingRules } from '../billing/rules';
import type { SubscriptionContext } from '../billing/subscriptions';

/** What billing services need from a request: the ISP's zone and rules, who acts, in which language. */
export async function ledgerContextOf(ctx: Context & { user: SessionUser }): Promise<SubscriptionContext> {
	return {
		timeZone: ctx.config.ISP_TIMEZONE,
		rules: await readBillingRules(ctx.db),
		actorUserId: ctx.user.id,
		ipAddress: ctx.ipAddress,
		t: ctx.t,
		secretsKey: ctx.config.SECRETS_KEY
	};
}
