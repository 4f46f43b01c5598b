/**
 * The demo's routers, simulated: `npm run demo` starts one RouterOS simulator per demo router
 * (DEMO_ROUTERS: a RouterOS 6 box behind the pre-6.43 challenge login and a RouterOS 7.18+ one
 * that answers `!empty`) and fills it from the database, because a simulator keeps its state in
 * memory and starts empty every time. What goes in:
 *
 * - the package profiles with their rate limits, and the isolation profile;
 * - every live subscription's PPPoE secret or hotspot user, isolated ones per the router's method
 *   (and online sessions: enabled secrets dial in, a few CPEs are switched off);
 * - drift for reconcile to find: one secret missing, one on the wrong profile, one paid customer
 *   still isolated;
 * - accounts Lunas does not know, for import (one with a non-ASCII comment) — unless Lunas knows
 *   them by now: after the office imported them they are its own subscriptions, filled above.
 *
 * Nothing is added twice (`addOnce`): a restart must never fail on the demo's own data, whatever
 * the office did with it since (an import, a username typed like an unknown account's).
 *
 * Deterministic like the seed: the same database gives the same router contents. Not called by
 * seedDemo (the e2e server seeds without simulators); scripts/demo.ts calls startDemoRouters.
 */
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers, packages, routers, subscriptions } from '../db/schema';
import { decryptSecret } from '../crypto/secret-box';
import { startRouterOsSimulator, type RouterOsSimulator } from '../routeros-sim/index';
import type { RouterState as SimState } from '../routeros-sim/index';
import type { IsolationMethod, ServiceType } from '../../shared/domain';
import { DEMO_ROUTERS, type DemoRouter } from './catalogue';

export interface DemoRouterHandle {
	id: string;
	name: string;
	ros: 6 | 7;
	host: string;
	port: number;
	simulator: RouterOsSimulator;
}

export interface DemoRouters {
	routers: DemoRouterHandle[];
	/** Routers named in DEMO_ROUTERS that could not be started, with why (e.g. another SECRETS_KEY). */
	skipped: Array<{ name: string; reason: string }>;
	close(): Promise<void>;
}

export interface StartDemoRoutersOptions {
	/** Listen here; 127.0.0.1 by default (the app runs on the same machine). */
	host?: string;
	/** Ignore the fixed ports and take free ones (tests running side by side). */
	anyPort?: boolean;
}

/** The speed a customer is throttled to while isolated by profile. */
const ISOLIR_RATE = '256k/256k';

interface AccountRow {
	username: string;
	passwordEnc: string | null;
	status: 'active' | 'isolated' | 'terminated';
	staticIp: string | null;
	customerCode: string;
	customerName: string;
	serviceType: ServiceType;
	routerProfile: string;
}

interface RouterFill {
	isolationMethod: IsolationMethod;
	isolirProfile: string;
	isolirAddressList: string;
	packages: Array<{ serviceType: ServiceType; routerProfile: string; rateLimit: string; burst: string | null }>;
	accounts: AccountRow[];
	secretsKey: string;
	/** 0 for the first demo router, 1 for the second: varies the accounts Lunas does not know. */
	index: number;
}

/** Accounts an operator made by hand before Lunas: import finds them. */
const UNKNOWN_ACCOUNTS: ReadonlyArray<ReadonlyArray<{ name: string; comment: string; service: 'pppoe' | 'hotspot' }>> = [
	[
		{ name: 'warung-bu-sri', comment: 'Warung Bu Sri — depan masjid, bayar tunai ✓', service: 'pppoe' },
		{ name: 'kos-melati-3', comment: 'Kos Melati kamar 3 (Ibu Nining)', service: 'pppoe' },
		{ name: 'pos-ronda-rt05', comment: 'Pos ronda RT 05, gratis dari RW', service: 'pppoe' },
		{ name: 'pak-darmo', comment: '', service: 'pppoe' },
		{ name: 'kios-pak-tarno', comment: 'Kios pulsa Pak Tarno', service: 'hotspot' }
	],
	[
		{ name: 'bengkel-jaya', comment: 'Bengkel Jaya Motor – Jl. Overste Isdiman', service: 'pppoe' },
		{ name: 'mushola-al-ikhlas', comment: 'Mushola Al-Ikhlas (infak)', service: 'pppoe' },
		{ name: 'dani.gaming', comment: 'Dani — minta naik ke 20 Mbps', service: 'pppoe' },
		{ name: 'kios-bu-yati', comment: '', service: 'hotspot' }
	]
];

const rateLimitOf = (p: { rateLimit: string; burst: string | null }) => (p.burst ? `${p.rateLimit} ${p.burst}` : p.rateLimit);

type SimMenu = ReturnType<SimState['menu']>;

/**
 * Adds a row unless the menu already holds one the router would call the same (by name, or by
 * list and address in an address list) — RouterOS refuses such an add, and so does the simulator.
 */
function addOnce(menu: SimMenu, props: Record<string, string>): boolean {
	const taken =
		props.name !== undefined ? menu.list().some((r) => r.props.name === props.name) : menu.list().some((r) => r.props.list === props.list && r.props.address === props.address);
	if (taken) return false;
	menu.add(props);
	return true;
}

/** Listens on the wanted port when it is free, else on any free one. */
async function startOn(router: DemoRouter, password: string, port: number, host: string): Promise<RouterOsSimulator> {
	const options = { user: router.username, password, ros: router.ros, legacyLogin: router.legacyLogin, identity: router.name, host };
	try {
		return await startRouterOsSimulator({ ...options, port });
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
		return startRouterOsSimulator({ ...options, port: 0 });
	}
}

export async function startDemoRouters(db: Db, secretsKey: string, options: StartDemoRoutersOptions = {}): Promise<DemoRouters> {
	const host = options.host ?? '127.0.0.1';
	const rows = await db
		.select()
		.from(routers)
		.where(and(inArray(routers.name, DEMO_ROUTERS.map((r) => r.name)), isNull(routers.deletedAt)));
	const catalogue = await db
		.select({ serviceType: packages.serviceType, routerProfile: packages.routerProfile, rateLimit: packages.rateLimit, burst: packages.burst })
		.from(packages)
		.where(isNull(packages.deletedAt))
		.orderBy(asc(packages.name));

	const started: DemoRouterHandle[] = [];
	const skipped: DemoRouters['skipped'] = [];
	try {
		for (const [index, demo] of DEMO_ROUTERS.entries()) {
			const row = rows.find((r) => r.name === demo.name);
			if (!row) {
				skipped.push({ name: demo.name, reason: 'not in this database' });
				continue;
			}
			let password: string;
			try {
				password = decryptSecret(row.passwordEnc, secretsKey);
			} catch {
				skipped.push({ name: demo.name, reason: 'its password was encrypted with another SECRETS_KEY' });
				continue;
			}
			const simulator = await startOn(demo, password, options.anyPort ? 0 : demo.apiPort, host);
			fillRouter(simulator.state, {
				isolationMethod: row.isolationMethod,
				isolirProfile: row.isolirProfile,
				isolirAddressList: row.isolirAddressList,
				packages: catalogue,
				accounts: await accountsOf(db, row.id),
				secretsKey,
				index
			});
			// Point the router row at wherever the simulator listens now.
			if (row.host !== simulator.host || row.apiPort !== simulator.port || row.useTls) {
				await db.update(routers).set({ host: simulator.host, apiPort: simulator.port, useTls: false }).where(eq(routers.id, row.id));
			}
			started.push({ id: row.id, name: row.name, ros: demo.ros, host: simulator.host, port: simulator.port, simulator });
		}
	} catch (err) {
		await Promise.allSettled(started.map((r) => r.simulator.close()));
		throw err;
	}
	return {
		routers: started,
		skipped,
		async close() {
			await Promise.allSettled(started.map((r) => r.simulator.close()));
		}
	};
}

async function accountsOf(db: Db, routerId: string): Promise<AccountRow[]> {
	return db
		.select({
			username: subscriptions.serviceUsername,
			passwordEnc: subscriptions.servicePasswordEnc,
			status: subscriptions.status,
			staticIp: subscriptions.staticIp,
			customerCode: customers.code,
			customerName: customers.name,
			serviceType: packages.serviceType,
			routerProfile: packages.routerProfile
		})
		.from(subscriptions)
		.innerJoin(customers, eq(customers.id, subscriptions.customerId))
		.innerJoin(packages, eq(packages.id, subscriptions.packageId))
		.where(and(eq(subscriptions.routerId, routerId), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt)))
		.orderBy(asc(subscriptions.serviceUsername))
		.then((rows) => rows.filter((r): r is AccountRow => r.username !== null));
}

/** The drift the demo plants, by position among the active PPPoE accounts (sorted by username). */
const DRIFT = { missing: 3, wrongProfile: 7, stillIsolated: 11 } as const;

/** Every ninth enabled PPPoE customer's CPE is switched off: not everyone is online at once. */
const OFFLINE_EVERY = 9;

export function fillRouter(state: SimState, fill: RouterFill): void {
	const pppProfiles = state.menu('/ppp/profile');
	const hotspotProfiles = state.menu('/ip/hotspot/user/profile');
	for (const p of fill.packages) {
		const menu = p.serviceType === 'hotspot' ? hotspotProfiles : pppProfiles;
		if (p.serviceType !== 'static') addOnce(menu, { name: p.routerProfile, 'rate-limit': rateLimitOf(p) });
	}
	addOnce(pppProfiles, { name: fill.isolirProfile, 'rate-limit': ISOLIR_RATE, 'address-list': fill.isolirAddressList });
	addOnce(hotspotProfiles, { name: fill.isolirProfile, 'rate-limit': ISOLIR_RATE, 'address-list': fill.isolirAddressList });
	const pppoeProfiles = fill.packages.filter((p) => p.serviceType === 'pppoe').map((p) => p.routerProfile);

	const activePppoe = fill.accounts.filter((a) => a.serviceType === 'pppoe' && a.status === 'active');
	const missing = activePppoe[DRIFT.missing]?.username;
	const wrongProfile = activePppoe[DRIFT.wrongProfile]?.username;
	const stillIsolated = activePppoe[DRIFT.stillIsolated]?.username;

	const secrets = state.menu('/ppp/secret');
	const hotspotUsers = state.menu('/ip/hotspot/user');
	const addressList = state.menu('/ip/firewall/address-list');
	let hotspotHost = 10;
	let enabledPppoe = 0;

	for (const a of fill.accounts) {
		if (a.username === missing) continue;
		const isolated = a.status === 'isolated' || a.username === stillIsolated;
		const comment = `${a.customerCode} ${a.customerName}`;
		if (a.serviceType === 'static') {
			if (isolated && a.staticIp) addOnce(addressList, { list: fill.isolirAddressList, address: a.staticIp, comment });
			continue;
		}
		let profile = a.routerProfile;
		if (a.username === wrongProfile) profile = pppoeProfiles.find((p) => p !== a.routerProfile) ?? profile;
		if (isolated && fill.isolationMethod === 'profile') profile = fill.isolirProfile;
		const disabled = isolated && fill.isolationMethod === 'disable' ? 'yes' : 'no';
		const password = a.passwordEnc ? decryptSecret(a.passwordEnc, fill.secretsKey) : '';
		if (isolated && fill.isolationMethod === 'address-list' && a.staticIp) {
			addOnce(addressList, { list: fill.isolirAddressList, address: a.staticIp, comment });
		}
		if (a.serviceType === 'hotspot') {
			const added = addOnce(hotspotUsers, { name: a.username, password, profile, comment, disabled });
			if (added && disabled === 'no') {
				hotspotHost += 1;
				const mac = `02:4C:55:4E:${(hotspotHost >> 8).toString(16).padStart(2, '0')}:${(hotspotHost & 0xff).toString(16).padStart(2, '0')}`.toUpperCase();
				state
					.menu('/ip/hotspot/active')
					.add({ user: a.username, address: `10.5.50.${hotspotHost}`, 'mac-address': mac }, { since: String(state.now() - hotspotHost * 431_000) });
			}
			continue;
		}
		const added = addOnce(secrets, { name: a.username, password, service: 'pppoe', profile, comment, disabled, ...(a.staticIp ? { 'remote-address': a.staticIp } : {}) });
		if (added && disabled === 'no' && ++enabledPppoe % OFFLINE_EVERY === 0) state.sessions.kick(a.username, { reconnect: false });
	}

	// Sessions dialled in over the last fortnight, not all at the moment the demo started.
	for (const [i, row] of state.menu('/ppp/active').list().entries()) {
		row.hidden.since = String(state.now() - 60_000 - ((i * 7919) % 1_209_600) * 1000);
	}

	// An account the office imported since is a Lunas subscription now, already filled above.
	for (const [i, u] of (UNKNOWN_ACCOUNTS[fill.index] ?? []).entries()) {
		const password = `lama${1000 + i * 37}`;
		if (u.service === 'hotspot') {
			const profile = fill.packages.find((p) => p.serviceType === 'hotspot')?.routerProfile ?? 'default';
			addOnce(hotspotUsers, { name: u.name, password, profile, ...(u.comment ? { comment: u.comment } : {}) });
		} else {
			const profile = pppoeProfiles[i % Math.max(1, pppoeProfiles.length)] ?? 'default';
			addOnce(secrets, { name: u.name, password, service: 'pppoe', profile, ...(u.comment ? { comment: u.comment } : {}) });
		}
	}
}
