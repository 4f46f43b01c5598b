/**
 * Simulated PPPoE clients. Every enabled secret has a CPE that dials in; the session lives in
 * /ppp/active and keeps the profile it connected with until it is kicked and redials — which is
 * exactly why "isolate by profile" must kick (DESIGN §5).
 *
 * Like a real router, disabling or removing a secret does not end a running session by itself
 * (operators must also remove the active entry); `dropOnSecretChange` turns that shortcut on.
 *
 * The session's address is the secret's `remote-address` (else its profile's): an IP is used as
 * it is, a pool name gives the pool's first free address. While the session is up, the address is
 * a dynamic entry of each list named by its profile's `address-list`, removed when it ends —
 * RouterOS documents the property as "address list name to which ppp assigned address will be
 * added" (help.mikrotik.com, PPP AAA, /ppp profile). Lunas tells an isolated session that came back
 * on the isolir profile from one that predates the isolation by exactly that entry.
 */
import { SimTrap, type Menu, type Row } from './menu';
import { ipToNumber, numberToIp, parseRanges } from './ip-ranges';

export interface SessionOptions {
	/** Whether enabled secrets dial in at all (tests of an empty /ppp/active turn this off). */
	autoConnect: boolean;
	/** Delay before a new secret's CPE dials in; 0 = at once, inside the `add`. */
	connectDelayMs: number;
	/** Delay before a kicked CPE redials. */
	reconnectDelayMs: number;
	/** End the session at once when its secret is disabled or removed. */
	dropOnSecretChange: boolean;
	now: () => number;
}

const DIALING_SERVICES = new Set(['any', 'pppoe']);

export class PppSessions {
	private pending = new Map<number, NodeJS.Timeout>();
	private nextHost = 2;
	private nextSession = 0x81000001;

	private readonly secrets: Menu;
	private readonly active: Menu;

	constructor(
		private readonly menus: (path: string) => Menu,
		private readonly options: SessionOptions
	) {
		this.secrets = menus('/ppp/secret');
		this.active = menus('/ppp/active');
		this.secrets.onChange((kind, row, before) => this.onSecretChange(kind, row, before));
		this.active.onChange((kind, row) => {
			if (kind === 'remove') {
				this.leaveAddressLists(row);
				this.onSessionEnded(row);
			}
		});
	}

	/** The running session of a secret name, if any. */
	sessionOf(name: string): Row | undefined {
		return this.active.list().find((r) => r.props.name === name);
	}

	/** The profile a running session connected with (real routers do not print it; tests need it). */
	profileOf(name: string): string | undefined {
		return this.sessionOf(name)?.hidden.profile;
	}

	/** Ends a session as if the router kicked it; `reconnect: false` models an unplugged CPE. */
	kick(name: string, options: { reconnect?: boolean } = {}): boolean {
		const row = this.sessionOf(name);
		if (!row) return false;
		if (options.reconnect === false) row.hidden.noReconnect = 'true';
		this.active.remove(`*${row.id.toString(16)}`);
		return true;
	}

	dispose(): void {
		for (const t of this.pending.values()) clearTimeout(t);
		this.pending.clear();
	}

	private eligible(secret: Row): boolean {
		return (
			this.options.autoConnect &&
			secret.props.disabled !== 'true' &&
			DIALING_SERVICES.has(secret.props.service)
		);
	}

	private online(secretId: number): boolean {
		return this.active.list().some((r) => r.hidden.secretId === String(secretId));
	}

	private onSecretChange(kind: 'add' | 'set' | 'remove', secret: Row, before?: Record<string, string>): void {
		if (kind === 'remove' || !this.eligible(secret)) {
			this.cancel(secret.id);
			const leaving = kind === 'remove' || secret.props.disabled === 'true';
			if (leaving && this.options.dropOnSecretChange) this.drop(secret.id);
			return;
		}
		if (this.online(secret.id) || this.pending.has(secret.id)) return;
		// A brand-new secret dials after the connect delay; one re-enabled later redials like a kicked CPE.
		const delay =
			kind === 'add' || before === undefined ? this.options.connectDelayMs : this.options.reconnectDelayMs;
		this.schedule(secret.id, delay);
	}

	private onSessionEnded(session: Row): void {
		const secretId = Number(session.hidden.secretId);
		if (!secretId || session.hidden.noReconnect === 'true') return;
		const secret = this.secrets.list().find((r) => r.id === secretId);
		if (secret && this.eligible(secret)) this.schedule(secretId, this.options.reconnectDelayMs);
	}

	private schedule(secretId: number, delayMs: number): void {
		this.cancel(secretId);
		if (delayMs <= 0) {
			this.connect(secretId);
			return;
		}
		const timer = setTimeout(() => this.connect(secretId), delayMs);
		// A simulator left running in a test must not keep the process alive on its own.
		timer.unref();
		this.pending.set(secretId, timer);
	}

	private cancel(secretId: number): void {
		const t = this.pending.get(secretId);
		if (t) clearTimeout(t);
		this.pending.delete(secretId);
	}

	private drop(secretId: number): void {
		for (const row of [...this.active.list()]) {
			if (row.hidden.secretId === String(secretId)) {
				row.hidden.noReconnect = 'true';
				this.active.remove(`*${row.id.toString(16)}`);
			}
		}
	}

	private connect(secretId: number): void {
		this.pending.delete(secretId);
		const secret = this.secrets.list().find((r) => r.id === secretId);
		if (!secret || !this.eligible(secret) || this.online(secretId)) return;
		const mac = (0x4c5e0c000000 + secretId).toString(16).toUpperCase().padStart(12, '0');
		const session = this.active.add(
			{
				name: secret.props.name,
				service: 'pppoe',
				'caller-id': mac.match(/../g)!.join(':'),
				address: this.addressFor(secret),
				'session-id': `0x${(this.nextSession++).toString(16).toUpperCase()}`
			},
			{ since: String(this.options.now()), secretId: String(secretId), profile: secret.props.profile }
		);
		this.joinAddressLists(session, secret.props.profile);
	}

	private addressFor(secret: Row): string {
		const profile = this.menus('/ppp/profile').find(secret.props.profile);
		const wanted = secret.props['remote-address'] || profile?.props['remote-address'] || '';
		if (ipToNumber(wanted) !== null) return wanted;
		const pool = wanted ? this.menus('/ip/pool').list().find((p) => p.props.name === wanted) : undefined;
		if (pool) {
			const used = new Set(this.active.list().map((r) => r.props.address));
			for (const [first, last] of parseRanges(pool.props.ranges) ?? []) {
				for (let n = first; n <= last; n++) if (!used.has(numberToIp(n))) return numberToIp(n);
			}
		}
		const host = this.nextHost++;
		return `10.10.${(host >> 8) & 0xff}.${host & 0xff}`;
	}

	private joinAddressLists(session: Row, profileName: string): void {
		const lists = this.menus('/ppp/profile').find(profileName)?.props['address-list'] ?? '';
		const addressList = this.menus('/ip/firewall/address-list');
		for (const list of lists.split(',').map((l) => l.trim()).filter((l) => l !== '')) {
			try {
				addressList.add({ list, address: session.props.address, dynamic: 'true' }, { since: String(this.options.now()), session: String(session.id) });
			} catch (err) {
				// The address is on that list already (a static entry): the router adds nothing.
				if (!(err instanceof SimTrap)) throw err;
			}
		}
	}

	private leaveAddressLists(session: Row): void {
		const addressList = this.menus('/ip/firewall/address-list');
		for (const entry of [...addressList.list()]) {
			if (entry.hidden.session === String(session.id)) addressList.remove(`*${entry.id.toString(16)}`);
		}
	}
}
