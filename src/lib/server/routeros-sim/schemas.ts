/**
 * The menus the simulator knows, with the properties real routers print for them. Field lists follow
 * RouterOS 6.49/7.x print output closely enough for Lunas; exotic properties are left out.
 */
import { formatUptime, type RosMajor } from './format';
import { SimTrap, type MenuSchema, type Row } from './menu';
import { parseRanges } from './ip-ranges';

/** Uptime of a row that holds its start time in `hidden.since` (epoch ms). */
function uptimeSince(row: Row, now: number): Record<string, string> {
	const since = Number(row.hidden.since ?? now);
	return { uptime: formatUptime((now - since) / 1000) };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** v6 prints dates as `jan/02/2025 10:00:00`, v7 as `2025-01-02 10:00:00`. */
export function formatRouterDate(epochMs: number, ros: RosMajor): string {
	const d = new Date(epochMs);
	const p = (n: number) => String(n).padStart(2, '0');
	const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
	if (ros === 7) return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${time}`;
	return `${MONTHS[d.getUTCMonth()]}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${time}`;
}

export const MENU_SCHEMAS: readonly MenuSchema[] = [
	{
		path: '/ppp/secret',
		commands: ['add', 'set', 'remove'],
		defaults: {
			name: '',
			service: 'any',
			'caller-id': '',
			password: '',
			profile: 'default',
			routes: '',
			'limit-bytes-in': '0',
			'limit-bytes-out': '0',
			disabled: 'false'
		},
		optional: ['comment', 'local-address', 'remote-address', 'ipv6-routes', 'last-logged-out'],
		unique: { key: 'name', message: 'failure: secret with the same name already exists' },
		refs: { profile: '/ppp/profile' }
	},
	{
		path: '/ppp/profile',
		commands: ['add', 'set', 'remove'],
		defaults: {
			name: '',
			'use-mpls': 'default',
			'use-compression': 'default',
			'use-encryption': 'default',
			'only-one': 'default',
			'change-tcp-mss': 'yes',
			'address-list': '',
			'on-up': '',
			'on-down': ''
		},
		optional: [
			'comment',
			'local-address',
			'remote-address',
			'rate-limit',
			'dns-server',
			'parent-queue',
			'bridge',
			'incoming-filter',
			'outgoing-filter',
			'session-timeout',
			'idle-timeout'
		],
		unique: { key: 'name', message: 'failure: profile with the same name already exists' }
	},
	{
		path: '/ppp/active',
		commands: ['remove'],
		defaults: {
			name: '',
			service: 'pppoe',
			'caller-id': '',
			encoding: '',
			address: '',
			'session-id': '',
			'limit-bytes-in': '0',
			'limit-bytes-out': '0',
			radius: 'false'
		},
		computed: uptimeSince
	},
	{
		path: '/ip/hotspot/user',
		commands: ['add', 'set', 'remove'],
		defaults: {
			server: 'all',
			name: '',
			password: '',
			profile: 'default',
			uptime: '0s',
			'bytes-in': '0',
			'bytes-out': '0',
			'packets-in': '0',
			'packets-out': '0',
			dynamic: 'false',
			disabled: 'false'
		},
		optional: ['comment', 'mac-address', 'address', 'limit-uptime', 'limit-bytes-total', 'email'],
		unique: { key: 'name', message: 'failure: already have user with this name for this server' },
		refs: { profile: '/ip/hotspot/user/profile' }
	},
	{
		path: '/ip/hotspot/user/profile',
		commands: ['add', 'set', 'remove'],
		defaults: {
			name: '',
			'idle-timeout': 'none',
			'keepalive-timeout': '2m',
			'status-autorefresh': '1m',
			'shared-users': '1'
		},
		optional: [
			'comment',
			'rate-limit',
			'address-pool',
			'address-list',
			'session-timeout',
			'parent-queue',
			'on-login',
			'on-logout'
		],
		unique: { key: 'name', message: 'failure: profile with the same name already exists' }
	},
	{
		path: '/ip/hotspot/active',
		commands: ['remove'],
		defaults: {
			server: 'hotspot1',
			user: '',
			address: '',
			'mac-address': '',
			'login-by': 'http-chap',
			'idle-time': '0s',
			'bytes-in': '0',
			'bytes-out': '0',
			radius: 'false'
		},
		computed: uptimeSince
	},
	{
		path: '/queue/simple',
		commands: ['add', 'set', 'remove'],
		defaults: {
			name: '',
			target: '',
			parent: 'none',
			priority: '8/8',
			queue: 'default-small/default-small',
			'limit-at': '0/0',
			'max-limit': '0/0',
			'burst-limit': '0/0',
			'burst-threshold': '0/0',
			'burst-time': '0s/0s',
			'bucket-size': '0.1/0.1',
			invalid: 'false',
			dynamic: 'false',
			disabled: 'false'
		},
		optional: ['comment', 'dst', 'packet-marks', 'time', 'total-max-limit'],
		unique: { key: 'name', message: 'failure: already have such name' },
		autoName: (id) => `queue${id}`
	},
	{
		path: '/ip/firewall/address-list',
		commands: ['add', 'set', 'remove'],
		defaults: { list: '', address: '', dynamic: 'false', disabled: 'false' },
		optional: ['comment', 'timeout'],
		uniqueTogether: { keys: ['list', 'address'], message: 'failure: already have such entry' },
		computed: (row, now, ros) => ({
			'creation-time': formatRouterDate(Number(row.hidden.since ?? now), ros)
		})
	},
	{
		// IP pools (`/ip pool`): what a PPP profile's or secret's remote-address may name.
		path: '/ip/pool',
		commands: ['add', 'set', 'remove'],
		defaults: { name: '', ranges: '', 'next-pool': 'none' },
		optional: ['comment'],
		unique: { key: 'name', message: 'failure: pool with such name exists' },
		validate: (props) => {
			if (props.name === '') throw new SimTrap('missing value for name', 1);
			if (parseRanges(props.ranges) === null) throw new SimTrap('invalid value for argument ranges', 1);
		}
	},
	{
		path: '/interface',
		commands: [],
		defaults: {
			name: '',
			type: 'ether',
			mtu: '1500',
			'actual-mtu': '1500',
			'mac-address': '',
			'rx-byte': '0',
			'tx-byte': '0',
			running: 'true',
			disabled: 'false'
		},
		optional: ['comment']
	}
];
