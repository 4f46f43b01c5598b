/** Everything one simulated router holds: its menus, identity, resources and PPPoE sessions. */
import { formatUptime, type RosMajor } from './format';
import { Menu, SimTrap } from './menu';
import { MENU_SCHEMAS } from './schemas';
import { PppSessions, type SessionOptions } from './sessions';

export interface RouterStateOptions extends Partial<Omit<SessionOptions, 'now'>> {
	ros: RosMajor;
	identity?: string;
	/** Version string shown in /system/resource; defaults to a 6.49 or 7.18 release. */
	version?: string;
	now?: () => number;
}

export class RouterState {
	readonly ros: RosMajor;
	identity: string;
	version: string;
	readonly sessions: PppSessions;
	private readonly menus = new Map<string, Menu>();
	private readonly bootedAt: number;
	readonly now: () => number;

	constructor(options: RouterStateOptions) {
		this.ros = options.ros;
		this.identity = options.identity ?? 'MikroTik';
		this.version = options.version ?? (options.ros === 7 ? '7.18.2 (stable)' : '6.49.10 (long-term)');
		this.now = options.now ?? Date.now;
		this.bootedAt = this.now();
		for (const schema of MENU_SCHEMAS) {
			this.menus.set(schema.path, new Menu(schema, (p) => this.menus.get(p)));
		}
		// Every router has these two; secrets and hotspot users refer to them by default.
		this.menu('/ppp/profile').add({ name: 'default' });
		this.menu('/ip/hotspot/user/profile').add({ name: 'default' });
		for (let i = 1; i <= 5; i++) {
			this.menu('/interface').add({
				name: `ether${i}`,
				'mac-address': `4C:5E:0C:00:00:0${i}`,
				running: i <= 2 ? 'true' : 'false'
			});
		}
		this.sessions = new PppSessions((path) => this.menu(path), {
			autoConnect: options.autoConnect ?? true,
			connectDelayMs: options.connectDelayMs ?? 0,
			reconnectDelayMs: options.reconnectDelayMs ?? 1000,
			dropOnSecretChange: options.dropOnSecretChange ?? false,
			now: this.now
		});
	}

	/** The menu at a path like `/ppp/secret`; throws for menus the simulator does not have. */
	menu(path: string): Menu {
		const m = this.menus.get(path);
		if (!m) throw new Error(`simulator has no menu ${path}`);
		return m;
	}

	hasMenu(path: string): boolean {
		return this.menus.has(path);
	}

	resource(): Record<string, string> {
		const uptimeS = (this.now() - this.bootedAt) / 1000;
		return {
			uptime: formatUptime(uptimeS),
			version: this.version,
			'build-time': this.ros === 7 ? '2025-03-11 11:59:04' : 'jun/04/2024 09:52:29',
			'free-memory': String(180 * 1024 * 1024),
			'total-memory': String(256 * 1024 * 1024),
			cpu: 'ARMv7',
			'cpu-count': '4',
			'cpu-frequency': '716',
			// Moves with time so a refreshing chart has something to draw.
			'cpu-load': String(5 + (Math.floor(uptimeS) % 20)),
			'free-hdd-space': String(90 * 1024 * 1024),
			'total-hdd-space': String(128 * 1024 * 1024),
			'architecture-name': 'arm',
			'board-name': 'hEX S',
			platform: 'MikroTik'
		};
	}

	/** One `monitor-traffic once` sample for an interface. */
	traffic(name: string): Record<string, string> {
		const iface = this.menu('/interface').find(name);
		if (!iface) throw new SimTrap('no such item', 0);
		const running = iface.props.running === 'true';
		const phase = this.now() / 1000;
		const rx = running ? Math.round(2_000_000 + 1_500_000 * Math.sin(phase)) : 0;
		const tx = running ? Math.round(800_000 + 600_000 * Math.cos(phase)) : 0;
		return {
			name,
			'rx-packets-per-second': String(Math.round(rx / 8000)),
			'rx-bits-per-second': String(rx),
			'fp-rx-packets-per-second': '0',
			'fp-rx-bits-per-second': '0',
			'tx-packets-per-second': String(Math.round(tx / 8000)),
			'tx-bits-per-second': String(tx),
			'fp-tx-packets-per-second': '0',
			'fp-tx-bits-per-second': '0'
		};
	}

	dispose(): void {
		this.sessions.dispose();
	}
}
