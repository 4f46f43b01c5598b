/**
 * What the router monitor stores in router_snapshots.data per kind, read by the office pages,
 * the dashboard and the public isolir page. Numbers are parsed; raw RouterOS strings are kept
 * only where people read them (uptime).
 */

export interface ResourceSnapshot {
	identity: string;
	version: string;
	rosMajor: number | null;
	board: string | null;
	architecture: string | null;
	uptime: string;
	uptimeSeconds: number;
	/** Percent 0–100. */
	cpuLoad: number | null;
	freeMemory: number | null;
	totalMemory: number | null;
}

export interface OnlineSession {
	service: 'pppoe' | 'hotspot';
	name: string;
	address: string | null;
	uptime: string;
	uptimeSeconds: number;
	/** MAC address (PPPoE caller-id, hotspot mac-address). */
	callerId: string | null;
}

export interface OnlineSnapshot {
	sessions: OnlineSession[];
}

export interface InterfaceInfo {
	name: string;
	type: string | null;
	running: boolean;
	disabled: boolean;
	macAddress: string | null;
	rxBytes: number | null;
	txBytes: number | null;
	comment: string | null;
}

export interface InterfacesSnapshot {
	interfaces: InterfaceInfo[];
}

export interface TrafficSample {
	/** ISO instant. */
	at: string;
	rxBitsPerSecond: number;
	txBitsPerSecond: number;
}

export interface TrafficSnapshot {
	interface: string;
	samples: TrafficSample[];
}

export const SNAPSHOT_KINDS = ['resource', 'online', 'interfaces', 'traffic'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];
