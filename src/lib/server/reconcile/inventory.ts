/**
 * One reading of everything on a router that reconcile and import compare with Lunas: PPP
 * secrets and sessions, hotspot users and sessions, and the firewall address-list.
 */
import type { RosRow, RouterClient } from '../routeros/types';
import { isTrue, printOrEmpty } from '../routeros/read';

/** A PPP secret or hotspot user as Lunas cares about it. */
export interface RouterAccount {
	service: 'pppoe' | 'hotspot';
	id: string;
	name: string;
	password: string;
	profile: string;
	disabled: boolean;
	comment: string | null;
	/** PPP service (`any`, `pppoe`, `pptp`…) for secrets; null for hotspot users. */
	pppService: string | null;
}

export interface RouterSession {
	service: 'pppoe' | 'hotspot';
	id: string;
	name: string;
	address: string | null;
}

export interface AddressListEntry {
	id: string;
	list: string;
	address: string;
	disabled: boolean;
	dynamic: boolean;
}

export interface RouterInventory {
	accounts: RouterAccount[];
	sessions: RouterSession[];
	addressList: AddressListEntry[];
	/** `address-list` setting of each PPP / hotspot user profile, by `<service>:<profile>`. */
	profileAddressLists: Map<string, string>;
}


const orNull = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

function account(service: 'pppoe' | 'hotspot', row: RosRow): RouterAccount {
	return {
		service,
		id: row['.id'] ?? '',
		name: row.name ?? '',
		password: row.password ?? '',
		profile: row.profile ?? 'default',
		disabled: isTrue(row.disabled),
		comment: orNull(row.comment?.trim()),
		pppService: service === 'pppoe' ? (row.service ?? 'any') : null
	};
}

/**
 * PPP secrets for PPTP, L2TP, SSTP or OVPN are the ISP's own tunnels (remote sites, management),
 * not subscribers: Lunas neither imports them nor reports them as unknown.
 */
export function isSubscriberAccount(account: Pick<RouterAccount, 'service' | 'pppService'>): boolean {
	return account.service === 'hotspot' || account.pppService === 'any' || account.pppService === 'pppoe';
}

/** Secrets and hotspot users only: what import needs. */
export async function readAccounts(client: RouterClient): Promise<RouterAccount[]> {
	const [secrets, users] = await Promise.all([
		client.print('/ppp/secret', { proplist: ['.id', 'name', 'password', 'profile', 'disabled', 'comment', 'service'] }),
		printOrEmpty(client, '/ip/hotspot/user', { proplist: ['.id', 'name', 'password', 'profile', 'disabled', 'comment', 'dynamic'] })
	]);
	return [
		...secrets.map((r) => account('pppoe', r)),
		// Dynamic users and the built-in `default-trial` are the router's own, not the ISP's customers.
		...users.filter((r) => !isTrue(r.dynamic) && r.name !== 'default-trial').map((r) => account('hotspot', r))
	].filter((a) => a.name !== '');
}

/** Everything reconcile compares; the reads are pipelined on the one connection. */
export async function readInventory(client: RouterClient): Promise<RouterInventory> {
	const [accounts, pppActive, hotspotActive, addressList, pppProfiles, hotspotProfiles] = await Promise.all([
		readAccounts(client),
		client.print('/ppp/active', { proplist: ['.id', 'name', 'address'] }),
		printOrEmpty(client, '/ip/hotspot/active', { proplist: ['.id', 'user', 'address'] }),
		client.print('/ip/firewall/address-list', { proplist: ['.id', 'list', 'address', 'disabled', 'dynamic'] }),
		client.print('/ppp/profile', { proplist: ['.id', 'name', 'address-list'] }),
		printOrEmpty(client, '/ip/hotspot/user/profile', { proplist: ['.id', 'name', 'address-list'] })
	]);
	const profileAddressLists = new Map<string, string>();
	for (const p of pppProfiles) if (p['address-list']) profileAddressLists.set(`pppoe:${p.name}`, p['address-list']);
	for (const p of hotspotProfiles) if (p['address-list']) profileAddressLists.set(`hotspot:${p.name}`, p['address-list']);
	return {
		accounts,
		sessions: [
			...pppActive.map((r) => ({ service: 'pppoe' as const, id: r['.id'] ?? '', name: r.name ?? '', address: orNull(r.address) })),
			...hotspotActive.map((r) => ({ service: 'hotspot' as const, id: r['.id'] ?? '', name: r.user ?? '', address: orNull(r.address) }))
		],
		addressList: addressList.map((r) => ({
			id: r['.id'] ?? '',
			list: r.list ?? '',
			address: r.address ?? '',
			disabled: isTrue(r.disabled),
			dynamic: isTrue(r.dynamic)
		})),
		profileAddressLists
	};
}
