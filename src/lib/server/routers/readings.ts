/**
 * Turns RouterOS print rows into the snapshot shapes pages read (shared/router-snapshots.ts).
 * RouterOS 6 and 7 disagree on spelling (yes/no vs true/false, `1d02:03:04` vs `1d2h3m4s`), so
 * everything here accepts both and never throws on a value it does not know: a router that
 * prints something odd still shows up, with that one field empty.
 */
import type { RosRow } from '../routeros/types';
import type {
	InterfaceInfo,
	InterfacesSnapshot,
	OnlineSession,
	OnlineSnapshot,
	ResourceSnapshot,
	TrafficSample
} from '../../shared/router-snapshots';

const UNIT_SECONDS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };

/**
 * Seconds in a RouterOS duration: `1w2d8h21m43s`, `8h21m43s`, `43s120ms`, `01:22:53`, or a mix
 * such as `2d01:22:53`. Null when the text is none of these.
 */
export function parseUptime(text: string | undefined | null): number | null {
	if (text === undefined || text === null) return null;
	const value = text.trim();
	if (value === '') return null;
	let rest = value;
	let total = 0;
	// A clock part (hh:mm:ss), possibly after week/day units.
	const clock = /^((?:\d+[wd])*)(\d{1,3}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(rest);
	if (clock) {
		const [, units, h, m, s] = clock;
		if (Number(m) > 59 || Number(s) > 59) return null;
		total = Number(h) * 3600 + Number(m) * 60 + Number(s);
		rest = units;
		if (rest === '') return total;
	}
	// Units: each of w, d, h, m, s, ms at most once and in that order.
	const units = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(rest);
	if (!units || rest === '') return null;
	const [, w, d, h, m, s] = units;
	const parts: Array<[string | undefined, string]> = [
		[w, 'w'],
		[d, 'd'],
		[h, 'h'],
		[m, 'm'],
		[s, 's']
	];
	for (const [n, unit] of parts) if (n !== undefined) total += Number(n) * UNIT_SECONDS[unit];
	return total;
}

/** `true`/`yes` (and `false`/`no`), as RouterOS 7 and 6 print booleans; null for anything else. */
export function parseRosBoolean(text: string | undefined | null): boolean | null {
	if (text === undefined || text === null) return null;
	const v = text.trim().toLowerCase();
	if (v === 'true' || v === 'yes') return true;
	if (v === 'false' || v === 'no') return false;
	return null;
}

/** A whole number the router printed, or null (absent, empty, not a number). */
export function parseCount(text: string | undefined | null): number | null {
	if (text === undefined || text === null || !/^\s*\d+\s*$/.test(text)) return null;
	const n = Number(text);
	return Number.isSafeInteger(n) ? n : null;
}

/** The major release of a RouterOS version string (`6.49.10 (long-term)` → 6). */
export function rosMajorOf(version: string | undefined | null): number | null {
	const m = /^\s*(\d{1,3})\./.exec(version ?? '');
	return m ? Number(m[1]) : null;
}

const emptyToNull = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v);

/** `/system/identity/print` and `/system/resource/print` (first row of each) as one snapshot. */
export function readResource(identity: RosRow | undefined, resource: RosRow | undefined): ResourceSnapshot {
	const r = resource ?? {};
	const version = r.version ?? '';
	const uptime = r.uptime ?? '';
	return {
		identity: identity?.name ?? '',
		version,
		rosMajor: rosMajorOf(version),
		board: emptyToNull(r['board-name']),
		architecture: emptyToNull(r['architecture-name']),
		uptime,
		uptimeSeconds: parseUptime(uptime) ?? 0,
		cpuLoad: parseCount(r['cpu-load']),
		freeMemory: parseCount(r['free-memory']),
		totalMemory: parseCount(r['total-memory'])
	};
}

function session(service: OnlineSession['service'], name: string | undefined, row: RosRow, callerId: string | undefined): OnlineSession {
	const uptime = row.uptime ?? '';
	return {
		service,
		name: name ?? '',
		address: emptyToNull(row.address),
		uptime,
		uptimeSeconds: parseUptime(uptime) ?? 0,
		callerId: emptyToNull(callerId)
	};
}

/** `/ppp/active` and `/ip/hotspot/active` rows as one list of people online, by name. */
export function readOnline(ppp: readonly RosRow[], hotspot: readonly RosRow[]): OnlineSnapshot {
	const sessions = [
		...ppp.map((r) => session('pppoe', r.name, r, r['caller-id'])),
		...hotspot.map((r) => session('hotspot', r.user, r, r['mac-address']))
	];
	sessions.sort((a, b) => a.name.localeCompare(b.name) || a.service.localeCompare(b.service));
	return { sessions };
}

/** `/interface/print` rows. */
export function readInterfaces(rows: readonly RosRow[]): InterfacesSnapshot {
	const interfaces: InterfaceInfo[] = rows.map((r) => ({
		name: r.name ?? '',
		type: emptyToNull(r.type),
		running: parseRosBoolean(r.running) ?? false,
		disabled: parseRosBoolean(r.disabled) ?? false,
		macAddress: emptyToNull(r['mac-address']),
		rxBytes: parseCount(r['rx-byte']),
		txBytes: parseCount(r['tx-byte']),
		comment: emptyToNull(r.comment)
	}));
	return { interfaces };
}

/** One `/interface/monitor-traffic =once=` row. */
export function readTrafficSample(row: RosRow | undefined, at: Date): TrafficSample {
	return {
		at: at.toISOString(),
		rxBitsPerSecond: parseCount(row?.['rx-bits-per-second']) ?? 0,
		txBitsPerSecond: parseCount(row?.['tx-bits-per-second']) ?? 0
	};
}
