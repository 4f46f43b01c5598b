/** The RouterOS menus a subscription's account lives in, and small read/write helpers on them. */
import type { RosRow, RouterClient } from '../../routeros/types';
import { RouterError } from '../../routeros/types';

export interface AccountMenus {
	/** Where the account is: `/ppp/secret` or `/ip/hotspot/user`. */
	account: string;
	/** Where its live sessions are. */
	active: string;
	/** The attribute of an active session that holds the account name. */
	activeNameKey: 'name' | 'user';
	/** Where the package's rate-limit profile is. */
	profiles: string;
}

export const PPPOE_MENUS: AccountMenus = {
	account: '/ppp/secret',
	active: '/ppp/active',
	activeNameKey: 'name',
	profiles: '/ppp/profile'
};

export const HOTSPOT_MENUS: AccountMenus = {
	account: '/ip/hotspot/user',
	active: '/ip/hotspot/active',
	activeNameKey: 'user',
	profiles: '/ip/hotspot/user/profile'
};

export { isTrue } from '../../routeros/read';

export const yesNo = (b: boolean) => (b ? 'yes' : 'no');

export function isTrapOf(err: unknown, pattern: RegExp): boolean {
	return err instanceof RouterError && err.kind === 'trap' && pattern.test(err.message);
}

/** The rows of a menu whose `key` equals `value`. */
export function findBy(client: RouterClient, menu: string, where: Record<string, string>): Promise<RosRow[]> {
	return client.print(menu, { where });
}

/** Removes every live session of an account; returns the ids removed. */
export async function kickSessions(client: RouterClient, menus: AccountMenus, name: string): Promise<string[]> {
	const sessions = await findBy(client, menus.active, { [menus.activeNameKey]: name });
	const removed: string[] = [];
	await Promise.all(
		sessions.map(async (s) => {
			try {
				await client.remove(menus.active, s['.id']);
				removed.push(s['.id']);
			} catch (err) {
				// The session ended by itself between the print and the remove: that is what we wanted.
				if (!isTrapOf(err, /no such item/i)) throw err;
			}
		})
	);
	return removed;
}

/** Checks that none of the removed sessions is still there (a CPE may already have redialled as a new one). */
export async function confirmKicked(client: RouterClient, menus: AccountMenus, name: string, removed: string[]): Promise<void> {
	if (removed.length === 0) return;
	const still = await findBy(client, menus.active, { [menus.activeNameKey]: name });
	const left = still.filter((s) => removed.includes(s['.id']));
	if (left.length > 0) throw new Error(`read-back: session ${left.map((s) => s['.id']).join(', ')} of ${name} is still active`);
}

/** A package's RouterOS rate-limit value: `rx/tx`, plus its burst settings and priority when it has burst. */
export function rateLimitOf(pkg: { rateLimit: string; burst: string | null; priority: number }): string {
	if (!pkg.burst) return pkg.rateLimit;
	return pkg.priority !== 8 ? `${pkg.rateLimit} ${pkg.burst} ${pkg.priority}` : `${pkg.rateLimit} ${pkg.burst}`;
}
