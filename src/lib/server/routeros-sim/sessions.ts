/**
 * Simulated PPPoE clients. Every enabled secret has a CPE that dials in; the session lives in
 * /ppp/active and keeps the profile it connected with until it is kicked and redials — which is
 * exactly why "isolate by profile" must kick (DESIGN §5).
 *
 * Like a real router, disabling or removing a secret does not end a running session by itself
 * (operators must also remove the active entry); `dropOnSecretChange` turns that shortcut on.
 */
import type { Menu, Row } from './menu';

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

	constructor(
		private readonly secrets: Menu,
		private readonly active: Menu,
		private readonly options: SessionOptions
	) {
		secrets.onChange((kind, row, before) => this.onSecretChange(kind, row, before));
		active.onChange((kind, row) => {
			if (kind === 'remove') this.onSessionEnded(row);
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
		const host = this.nextHost++;
		const mac = (0x4c5e0c000000 + secretId).toString(16).toUpperCase().padStart(12, '0');
		this.active.add(
			{
				name: secret.props.name,
				service: 'pppoe',
				'caller-id': mac.match(/../g)!.join(':'),
				address: `10.10.${(host >> 8) & 0xff}.${host & 0xff}`,
				'session-id': `0x${(this.nextSession++).toString(16).toUpperCase()}`
			},
			{ since: String(this.options.now()), secretId: String(secretId), profile: secret.props.profile }
		);
	}
}
