import { describe, expect, it } from 'vitest';
import { parseCount, parseRosBoolean, parseUptime, readInterfaces, readOnline, readResource, readTrafficSample, rosMajorOf } from './readings';

describe('parseUptime', () => {
	it('reads the unit style RouterOS 6.x/7.x print', () => {
		expect(parseUptime('1w2d8h21m43s')).toBe(604800 + 2 * 86400 + 8 * 3600 + 21 * 60 + 43);
		expect(parseUptime('8h21m43s')).toBe(8 * 3600 + 21 * 60 + 43);
		expect(parseUptime('21m')).toBe(1260);
		expect(parseUptime('43s')).toBe(43);
		expect(parseUptime('0s')).toBe(0);
		expect(parseUptime('3w')).toBe(3 * 604800);
		expect(parseUptime('12s340ms')).toBe(12);
	});

	it('reads the clock style of older releases, with or without days in front', () => {
		expect(parseUptime('01:22:53')).toBe(3600 + 22 * 60 + 53);
		expect(parseUptime('00:00:07')).toBe(7);
		expect(parseUptime('2d01:22:53')).toBe(2 * 86400 + 3600 + 22 * 60 + 53);
		expect(parseUptime('1w3d00:00:01')).toBe(604800 + 3 * 86400 + 1);
	});

	it('gives null for anything else', () => {
		for (const bad of ['', '  ', 'abc', '1x', '5h3h', '01:99:00', '1:2', 'h', undefined, null]) expect(parseUptime(bad)).toBeNull();
	});
});

describe('parseRosBoolean', () => {
	it('accepts both generations\' spelling', () => {
		expect(parseRosBoolean('true')).toBe(true);
		expect(parseRosBoolean('yes')).toBe(true);
		expect(parseRosBoolean('false')).toBe(false);
		expect(parseRosBoolean('no')).toBe(false);
		expect(parseRosBoolean('YES')).toBe(true);
		expect(parseRosBoolean('maybe')).toBeNull();
		expect(parseRosBoolean(undefined)).toBeNull();
	});
});

describe('parsing helpers', () => {
	it('reads counts and versions', () => {
		expect(parseCount('268435456')).toBe(268435456);
		expect(parseCount('12.5')).toBeNull();
		expect(parseCount('')).toBeNull();
		expect(rosMajorOf('6.49.10 (long-term)')).toBe(6);
		expect(rosMajorOf('7.18.2 (stable)')).toBe(7);
		expect(rosMajorOf('garbage')).toBeNull();
	});
});

describe('readers', () => {
	it('turns identity and resource rows into a resource snapshot', () => {
		const snap = readResource(
			{ name: 'Router Utama' },
			{ uptime: '1d02:00:00', version: '6.49.10 (long-term)', 'board-name': 'hEX S', 'architecture-name': 'mmips', 'cpu-load': '17', 'free-memory': '100', 'total-memory': '256' }
		);
		expect(snap).toEqual({
			identity: 'Router Utama',
			version: '6.49.10 (long-term)',
			rosMajor: 6,
			board: 'hEX S',
			architecture: 'mmips',
			uptime: '1d02:00:00',
			uptimeSeconds: 86400 + 7200,
			cpuLoad: 17,
			freeMemory: 100,
			totalMemory: 256
		});
	});

	it('lists PPPoE and hotspot sessions together, by name', () => {
		const online = readOnline(
			[{ '.id': '*1', name: 'budi01', address: '10.10.0.2', uptime: '5m', 'caller-id': '4C:5E:0C:00:00:01' }],
			[{ '.id': '*2', user: 'kios-anis', address: '10.5.50.9', uptime: '00:01:00', 'mac-address': 'AA:BB:CC:00:11:22' }]
		);
		expect(online.sessions).toEqual([
			{ service: 'pppoe', name: 'budi01', address: '10.10.0.2', uptime: '5m', uptimeSeconds: 300, callerId: '4C:5E:0C:00:00:01' },
			{ service: 'hotspot', name: 'kios-anis', address: '10.5.50.9', uptime: '00:01:00', uptimeSeconds: 60, callerId: 'AA:BB:CC:00:11:22' }
		]);
	});

	it('reads interfaces with either boolean spelling', () => {
		const { interfaces } = readInterfaces([
			{ name: 'ether1', type: 'ether', running: 'yes', disabled: 'no', 'mac-address': '4C:5E:0C:00:00:01', 'rx-byte': '1000', 'tx-byte': '2000' },
			{ name: 'ether2', type: 'ether', running: 'false', disabled: 'true', comment: 'ke BTS' }
		]);
		expect(interfaces[0]).toMatchObject({ name: 'ether1', running: true, disabled: false, rxBytes: 1000, txBytes: 2000, comment: null });
		expect(interfaces[1]).toMatchObject({ name: 'ether2', running: false, disabled: true, macAddress: null, rxBytes: null, comment: 'ke BTS' });
	});

	it('reads a traffic sample', () => {
		const at = new Date('2026-11-24T01:00:00Z');
		expect(readTrafficSample({ 'rx-bits-per-second': '2000000', 'tx-bits-per-second': '800000' }, at)).toEqual({
			at: '2026-11-24T01:00:00.000Z',
			rxBitsPerSecond: 2_000_000,
			txBitsPerSecond: 800_000
		});
	});
});
