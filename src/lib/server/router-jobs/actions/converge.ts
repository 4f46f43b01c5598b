/**
 * provision, isolate, restore and remove: one convergence. Whatever the action's name, the job
 * makes the router match the subscription's CURRENT desired state (so an isolate and a restore
 * that run late, or twice, still end where the office last decided), reads back what it
 * changed, and only then records the state as confirmed.
 */
import type { RosRow, RouterClient } from '../../routeros/types';
import { PermanentJobError, type RouterJobContext } from '../job-context';
import { confirmRouterState } from '../confirm';
import { loadTarget, type SubscriptionTarget } from './target';
import { findBy, HOTSPOT_MENUS, isTrapOf, isTrue, kickSessions, PPPOE_MENUS, yesNo, type AccountMenus } from './router-menus';
import { ensurePackageProfile } from './push-profile';

const ADDRESS_LIST = '/ip/firewall/address-list';

/** Changing any of these ends the running session's validity: it must reconnect to pick them up. */
const SESSION_ATTRIBUTES = new Set(['password', 'profile', 'disabled', 'remote-address', 'service']);

interface Plan {
	menus: AccountMenus;
	/** The account as it should be on the router, or null when there is none to manage. */
	account: Record<string, string> | null;
	/** The account must not exist (terminated, deleted, moved to another router). */
	removeAccount: boolean;
	/** The static IP must be in the router's isolir address-list. */
	listed: boolean;
	/**
	 * A static IP the subscription no longer has (the job's payload names it): its secret's
	 * `remote-address` is unset when it still holds that address, and its isolir address-list
	 * entry removed. Only what Lunas itself set is cleared; a pool name the ISP put there stays.
	 */
	formerStaticIp: string | null;
}

/** The static IP a `static-ip` change took away from the subscription, if this job carries one. */
function formerStaticIpOf(ctx: RouterJobContext, target: SubscriptionTarget): string | null {
	const former = (ctx.job.payload as { formerStaticIp?: unknown } | null)?.formerStaticIp;
	return typeof former === 'string' && former !== '' && former !== target.staticIp ? former : null;
}

function planFor(target: SubscriptionTarget, ctx: RouterJobContext): Plan {
	const { router } = ctx;
	const kind = target.pkg.serviceType;
	const menus = kind === 'hotspot' ? HOTSPOT_MENUS : PPPOE_MENUS;
	const present = target.desired !== 'absent';
	const isolated = target.desired === 'isolated';
	// A static-IP package has no account to disable or re-profile: the address-list is all there is.
	const method = kind === 'static' ? 'address-list' : router.isolationMethod;
	const listed = isolated && method === 'address-list';
	const formerStaticIp = formerStaticIpOf(ctx, target);
	if (listed && !target.staticIp) {
		throw new PermanentJobError(
			`isolation by address-list needs the subscription's static IP; give the subscription a static IP or change the router's isolation method`
		);
	}
	if (kind === 'static') return { menus, account: null, removeAccount: false, listed, formerStaticIp };
	if (!target.username) {
		if (present) throw new PermanentJobError('the subscription has no service username');
		return { menus, account: null, removeAccount: false, listed, formerStaticIp };
	}
	if (!present) return { menus, account: null, removeAccount: true, listed, formerStaticIp };

	const account: Record<string, string> = {
		name: target.username,
		profile: isolated && method === 'profile' ? router.isolirProfile : target.pkg.routerProfile,
		disabled: yesNo(isolated && method === 'disable'),
		comment: target.comment
	};
	if (target.password !== null) account.password = target.password;
	if (kind === 'pppoe') {
		account.service = 'pppoe';
		if (target.staticIp) account['remote-address'] = target.staticIp;
	}
	return { menus, account, removeAccount: false, listed, formerStaticIp };
}

/** Whether the account still holds the former static IP as its remote-address (PPPoE only). */
function holdsFormerIp(plan: Plan, row: RosRow | undefined): boolean {
	return plan.menus === PPPOE_MENUS && plan.formerStaticIp !== null && !plan.account?.['remote-address'] && row?.['remote-address'] === plan.formerStaticIp;
}

function differs(key: string, want: string, got: string | undefined): boolean {
	if (key === 'disabled') return isTrue(want) !== isTrue(got);
	return want !== (got ?? '');
}

function changedAttributes(want: Record<string, string>, row: RosRow): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(want)) {
		if (key === 'name') continue;
		// Routers print the password only to users with the "sensitive" policy; unseen is not "different".
		if (key === 'password' && !('password' in row)) continue;
		if (differs(key, value, row[key])) out[key] = value;
	}
	return out;
}

/**
 * Runs an add/set that names a profile. When the router refuses because the profile is missing,
 * the package's profile is created from the package and the write tried again; a missing isolir
 * profile is the operator's to create, so that job stops with a message saying so.
 */
async function writeWithProfile(ctx: RouterJobContext, target: SubscriptionTarget, menus: AccountMenus, profile: string, write: () => Promise<unknown>) {
	try {
		await write();
	} catch (err) {
		if (!isTrapOf(err, /profile/i)) throw err;
		const exists = (await findBy(ctx.client, menus.profiles, { name: profile })).length > 0;
		if (exists) throw err;
		if (profile !== target.pkg.routerProfile) {
			throw new PermanentJobError(
				`the isolir profile "${profile}" does not exist on router ${ctx.router.name}; create it (see the isolir setup script) and retry`
			);
		}
		await ensurePackageProfile(ctx.client, menus, target.pkg);
		await write();
	}
}

async function removeAll(client: RouterClient, menu: string, rows: RosRow[]): Promise<number> {
	let removed = 0;
	await Promise.all(
		rows.map(async (row) => {
			try {
				await client.remove(menu, row['.id']);
				removed += 1;
			} catch (err) {
				if (!isTrapOf(err, /no such item/i)) throw err;
			}
		})
	);
	return removed;
}

/** The handler of provision, isolate, restore and remove. */
export async function convergeSubscription(ctx: RouterJobContext): Promise<Record<string, unknown>> {
	const target = await loadTarget(ctx.db, ctx);
	const plan = planFor(target, ctx);
	const { client, router } = ctx;
	const name = target.username;
	const manageAccount = plan.account !== null || plan.removeAccount;
	const listFilter = target.staticIp ? { list: router.isolirAddressList, address: target.staticIp } : null;

	const formerFilter = plan.formerStaticIp ? { list: router.isolirAddressList, address: plan.formerStaticIp } : null;

	// Reads first, pipelined together.
	const [accounts, entries, formerEntries] = await Promise.all([
		manageAccount && name ? findBy(client, plan.menus.account, { name }) : Promise.resolve([] as RosRow[]),
		listFilter ? findBy(client, ADDRESS_LIST, listFilter) : Promise.resolve([] as RosRow[]),
		formerFilter ? findBy(client, ADDRESS_LIST, formerFilter) : Promise.resolve([] as RosRow[])
	]);

	const changes: string[] = [];
	let kicked: string[] = [];
	if (plan.removeAccount && name) {
		if ((await removeAll(client, plan.menus.account, accounts)) > 0) changes.push('removed');
		kicked = await kickSessions(client, plan.menus, name);
	} else if (plan.account && name) {
		const want = plan.account;
		const existing = accounts[0];
		let sessionChanged = false;
		if (!existing) {
			if (!('password' in want)) throw new PermanentJobError('no service password is stored, so the account cannot be created');
			await writeWithProfile(ctx, target, plan.menus, want.profile, () => client.add(plan.menus.account, want));
			changes.push('added');
		} else {
			const diff = changedAttributes(want, existing);
			if (Object.keys(diff).length > 0) {
				await writeWithProfile(ctx, target, plan.menus, want.profile, () => client.set(plan.menus.account, existing['.id'], diff));
				changes.push(...Object.keys(diff).map((k) => (k === 'password' ? 'password' : `${k}=${diff[k]}`)));
				sessionChanged = Object.keys(diff).some((k) => SESSION_ATTRIBUTES.has(k));
			}
			if (holdsFormerIp(plan, existing)) {
				// Unset, not set to "": the property must be gone, as if it had never been given.
				await client.unset(plan.menus.account, existing['.id'], 'remote-address');
				changes.push(`remote-address unset (was ${plan.formerStaticIp})`);
				sessionChanged = true;
			}
		}
		// A session keeps the profile it connected with, so a profile switch must kick it; and a
		// change made by an earlier attempt whose kick was lost is caught by "not yet confirmed".
		const disabled = isTrue(want.disabled);
		const unconfirmed =
			router.isolationMethod === 'profile' &&
			target.confirmed !== target.desired &&
			(target.confirmed === 'isolated' || target.desired === 'isolated');
		if (existing && (disabled || sessionChanged || unconfirmed)) kicked = await kickSessions(client, plan.menus, name);
	}
	if (listFilter) {
		if (plan.listed && entries.length === 0) {
			await client.add(ADDRESS_LIST, { ...listFilter, comment: name ? `${name} ${target.comment}` : target.comment });
			changes.push(`address-list +${listFilter.address}`);
		} else if (!plan.listed && entries.length > 0) {
			await removeAll(client, ADDRESS_LIST, entries);
			changes.push(`address-list -${listFilter.address}`);
		}
	}

	if (formerFilter && formerEntries.length > 0) {
		await removeAll(client, ADDRESS_LIST, formerEntries);
		changes.push(`address-list -${formerFilter.address}`);
	}

	const readBack = await readBackState(ctx, target, plan, kicked);
	if (target.onThisRouter) await confirmRouterState(ctx.db, target.subscriptionId, target.desired);
	return { state: target.desired, requested: ctx.job.desiredState, changes, kicked: kicked.length, ...readBack };
}

/** Reads the router again and fails the attempt unless it now shows exactly the plan. */
async function readBackState(ctx: RouterJobContext, target: SubscriptionTarget, plan: Plan, kicked: string[]) {
	const { client, router } = ctx;
	const name = target.username;
	const listFilter = target.staticIp ? { list: router.isolirAddressList, address: target.staticIp } : null;
	const none = Promise.resolve([] as RosRow[]);
	const [accounts, entries, sessions, formerEntries] = await Promise.all([
		name && (plan.account || plan.removeAccount) ? findBy(client, plan.menus.account, { name }) : none,
		listFilter ? findBy(client, ADDRESS_LIST, listFilter) : none,
		name && (kicked.length > 0 || (plan.account && isTrue(plan.account.disabled)))
			? findBy(client, plan.menus.active, { [plan.menus.activeNameKey]: name })
			: none,
		plan.formerStaticIp ? findBy(client, ADDRESS_LIST, { list: router.isolirAddressList, address: plan.formerStaticIp }) : none
	]);

	let account: Record<string, string | boolean> | null = null;
	if (plan.removeAccount && accounts.length > 0) throw new Error(`read-back: ${name} is still on the router`);
	if (plan.account) {
		const row = accounts[0];
		if (!row) throw new Error(`read-back: ${name} is not on the router`);
		const wrong = Object.entries(changedAttributes(plan.account, row)).map(([k]) =>
			k === 'password' ? 'password differs' : `${k} is "${row[k] ?? ''}", expected "${plan.account![k]}"`
		);
		if (holdsFormerIp(plan, row)) wrong.push(`remote-address is still "${plan.formerStaticIp}"`);
		if (wrong.length > 0) throw new Error(`read-back of ${name}: ${wrong.join('; ')}`);
		if (isTrue(plan.account.disabled) && sessions.length > 0) throw new Error(`read-back: ${name} is disabled but still has an active session`);
		account = { name: row.name, profile: row.profile, disabled: isTrue(row.disabled), comment: row.comment ?? '' };
	}
	// A kicked CPE may already have redialled as a new session; the kicked one must be gone.
	const lingering = sessions.filter((s) => kicked.includes(s['.id']));
	if (lingering.length > 0) throw new Error(`read-back: session ${lingering.map((s) => s['.id']).join(', ')} of ${name} is still active`);
	if (formerEntries.length > 0) throw new Error(`read-back: former static IP ${plan.formerStaticIp} is still in address-list ${router.isolirAddressList}`);
	if (listFilter && (entries.length > 0) !== plan.listed) {
		throw new Error(`read-back: ${listFilter.address} is ${plan.listed ? 'missing from' : 'still in'} address-list ${listFilter.list}`);
	}
	return { account, addressListed: listFilter ? entries.length > 0 : null };
}

