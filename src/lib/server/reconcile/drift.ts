/**
 * Compares what Lunas wants on a router with what the router shows (DESIGN §5 "Desired state").
 * Pure: reconcile.ts does the reading and writing, this decides what is drift.
 */
import type { IsolationMethod, RouterState, ServiceType } from '../../shared/domain';
import type { DriftKind } from '../../shared/schemas/router-sync';
import { isSubscriberAccount, type RouterAccount, type RouterInventory } from './inventory';

/** A live subscription on the router, with what its package and desired state ask for. */
export interface DesiredService {
	subscriptionId: string;
	serviceType: ServiceType;
	username: string | null;
	staticIp: string | null;
	desired: Exclude<RouterState, 'absent'>;
	packageProfile: string;
}

/** A terminated subscription's old account name: a leftover secret of it should be removed. */
export interface RetiredService {
	subscriptionId: string;
	serviceType: ServiceType;
	username: string;
}

export interface RouterIsolation {
	isolationMethod: IsolationMethod;
	isolirProfile: string;
	isolirAddressList: string;
}

export interface DriftFinding {
	kind: DriftKind;
	subscriptionId: string | null;
	/** The account name, or the static IP for `static` services. */
	serviceUsername: string;
	detail: Record<string, unknown>;
}

/** The router job that converges a drift row; null for drift Lunas only reports. */
export function fixActionOf(kind: DriftKind): 'provision' | 'kick' | 'remove' | null {
	switch (kind) {
		case 'isolated_but_online':
			return 'kick';
		case 'terminated_present':
			return 'remove';
		case 'unknown_secret':
			return null;
		default:
			return 'provision';
	}
}

const accountKey = (service: string, name: string) => `${service}\u0000${name}`;
/** Address-list entries may be written `10.0.0.5` or `10.0.0.5/32`. */
const bareAddress = (a: string) => a.replace(/\/32$/, '');

export function findDrift(
	router: RouterIsolation,
	live: DesiredService[],
	retired: RetiredService[],
	inventory: RouterInventory
): DriftFinding[] {
	const accounts = new Map(inventory.accounts.map((a) => [accountKey(a.service, a.name), a]));
	const sessions = new Map(inventory.sessions.map((s) => [accountKey(s.service, s.name), s]));
	const listed = (list: string, address: string | null) =>
		address !== null &&
		inventory.addressList.some((e) => !e.disabled && e.list === list && bareAddress(e.address) === bareAddress(address));

	const findings: DriftFinding[] = [];
	const claimed = new Set<string>();
	const add = (f: DriftFinding) => findings.push(f);

	for (const sub of live) {
		if (sub.serviceType === 'static') {
			if (!sub.staticIp) continue;
			const isolated = listed(router.isolirAddressList, sub.staticIp);
			const base = { subscriptionId: sub.subscriptionId, serviceUsername: sub.staticIp };
			if (sub.desired === 'active' && isolated) add({ ...base, kind: 'paid_but_isolated', detail: { method: 'address-list', address: sub.staticIp } });
			if (sub.desired === 'isolated' && !isolated) add({ ...base, kind: 'not_isolated', detail: { method: 'address-list', address: sub.staticIp } });
			continue;
		}
		if (!sub.username) continue;
		const key = accountKey(sub.serviceType, sub.username);
		claimed.add(key);
		const base = { subscriptionId: sub.subscriptionId, serviceUsername: sub.username };
		const acct = accounts.get(key);
		if (!acct) {
			add({ ...base, kind: 'missing_secret', detail: { service: sub.serviceType, desired: sub.desired } });
			continue;
		}
		const session = sessions.get(key) ?? null;
		const address = sub.staticIp ?? session?.address ?? null;
		// Isolation by address-list works on the subscription's static IP only (as the router jobs do it).
		const isolatedOnRouter = isolatedBy(router, acct, listed(router.isolirAddressList, sub.staticIp), sub.staticIp !== null);
		const seen = { service: acct.service, profile: acct.profile, disabled: acct.disabled, online: session !== null, address };

		if (sub.desired === 'active') {
			if (isolatedOnRouter === true) {
				add({ ...base, kind: 'paid_but_isolated', detail: { ...seen, method: router.isolationMethod } });
			} else if (acct.disabled) {
				add({ ...base, kind: 'disabled_mismatch', detail: { ...seen, desired: 'active' } });
			}
			const isolirProfileShown = router.isolationMethod === 'profile' && acct.profile === router.isolirProfile;
			if (!isolirProfileShown && acct.profile !== sub.packageProfile) {
				add({ ...base, kind: 'wrong_profile', detail: { ...seen, expected: sub.packageProfile } });
			}
			continue;
		}

		// Desired: isolated.
		if (isolatedOnRouter === false) {
			add({ ...base, kind: 'not_isolated', detail: { ...seen, method: router.isolationMethod } });
		}
		if (router.isolationMethod === 'profile' && acct.disabled) {
			// Disabled instead of moved to the isolir profile: the customer never sees the pay page.
			add({ ...base, kind: 'disabled_mismatch', detail: { ...seen, desired: 'isolated' } });
		}
		if (router.isolationMethod !== 'profile' && acct.profile !== sub.packageProfile) {
			add({ ...base, kind: 'wrong_profile', detail: { ...seen, expected: sub.packageProfile } });
		}
		if (isolatedOnRouter === true && session && stillOnOldSession(router, acct, session.address, inventory, listed)) {
			add({ ...base, kind: 'isolated_but_online', detail: { ...seen, method: router.isolationMethod } });
		}
	}

	const retiredByKey = new Map(retired.map((r) => [accountKey(r.serviceType, r.username), r]));
	const reported = new Set<string>();
	for (const acct of inventory.accounts) {
		const key = accountKey(acct.service, acct.name);
		if (claimed.has(key)) continue;
		if (!isSubscriberAccount(acct)) continue;
		const name = acct.name.slice(0, 64);
		const old = retiredByKey.get(key);
		const kind: DriftKind = old ? 'terminated_present' : 'unknown_secret';
		// One row per (kind, name): a PPP secret and a hotspot user of the same unknown name share it.
		if (reported.has(`${kind}:${name}`)) continue;
		reported.add(`${kind}:${name}`);
		add({
			kind,
			subscriptionId: old?.subscriptionId ?? null,
			serviceUsername: name,
			detail: { service: acct.service, profile: acct.profile, disabled: acct.disabled, comment: acct.comment, online: sessions.has(key) }
		});
	}
	return findings;
}

/** Whether the router shows the account isolated by its method; null when it cannot tell. */
function isolatedBy(router: RouterIsolation, acct: RouterAccount, staticIpListed: boolean, hasStaticIp: boolean): boolean | null {
	switch (router.isolationMethod) {
		case 'disable':
			return acct.disabled;
		case 'profile':
			return acct.profile === router.isolirProfile;
		case 'address-list':
			return hasStaticIp ? staticIpListed : null;
	}
}

/**
 * An isolated account whose session predates the isolation. With `disable`, any session at all.
 * With `profile`, a session that dialled with the isolir profile is put on that profile's
 * address-list by the router; a session missing from it connected before the switch and must be
 * kicked. Without an address-list on the isolir profile there is nothing to tell them apart.
 */
function stillOnOldSession(
	router: RouterIsolation,
	acct: RouterAccount,
	address: string | null,
	inventory: RouterInventory,
	listed: (list: string, address: string | null) => boolean
): boolean {
	if (router.isolationMethod === 'disable') return true;
	if (router.isolationMethod !== 'profile' || address === null) return false;
	const list = inventory.profileAddressLists.get(`${acct.service}:${router.isolirProfile}`);
	return list !== undefined && !listed(list, address);
}
