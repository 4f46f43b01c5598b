import { describe, expect, it } from 'vitest';
import { isolirScript, MIDTRANS_HOSTS, rosString, type IsolirScriptInput } from './isolir-script';

const base: IsolirScriptInput = {
	routerName: 'Tower Utara',
	method: 'profile',
	isolirProfile: 'isolir',
	isolirAddressList: 'isolir',
	baseUrl: 'https://billing.rtrwnet.id',
	hotspot: false
};
const lines = (script: string) => script.split('\n');

describe('RouterOS string quoting', () => {
	it('escapes what RouterOS treats specially inside quotes', () => {
		expect(rosString('plain')).toBe('"plain"');
		expect(rosString('a"b\\c$d?e')).toBe('"a\\"b\\\\c\\$d\\?e"');
		expect(rosString('line\nbreak\ttab')).toBe('"line\\nbreak\\ttab"');
		expect(rosString('Warung ☕')).toBe('"Warung ☕"');
	});
});

describe('the isolir script', () => {
	it('for `profile`: sets up the isolir profile, the allowed hosts, the redirect and the filter', () => {
		const script = isolirScript(base);
		const l = lines(script);
		expect(l).toContain('/ppp profile');
		expect(l).toContain(':if ([:len [find name="isolir"]] = 0) do={ add name="isolir" }');
		expect(script).toContain('set [find name="isolir"] rate-limit="512k/512k" address-list="isolir" comment="lunas-isolir: profile for isolated customers"');
		expect(script).toContain('add list="lunas-allow" address="billing.rtrwnet.id" comment="lunas-isolir: Lunas"');
		for (const host of ['app.midtrans.com', 'app.sandbox.midtrans.com', 'api.midtrans.com', 'api.sandbox.midtrans.com']) {
			expect(script).toContain(`add list="lunas-allow" address="${host}" comment="lunas-isolir: Midtrans"`);
		}
		expect(script).toContain('add action=redirect action-data="billing.rtrwnet.id/isolir"');
		expect(script).toContain('add chain=dstnat src-address-list=isolir dst-address-list=!lunas-allow protocol=tcp dst-port=80 action=redirect to-ports=8089');
		expect(script).toContain('add chain=forward src-address-list=isolir protocol=udp dst-port=53 action=accept');
		expect(script).toContain('add chain=forward src-address-list=isolir dst-address-list=lunas-allow action=accept');
		expect(script).toContain('add chain=forward src-address-list=isolir action=reject');
		// Idempotent: what the script made before is removed first, in every menu it adds to.
		expect(l.filter((x) => x === 'remove [find comment~"^lunas-isolir"]')).toHaveLength(3);
		expect(script).toContain('remove [find list="lunas-allow" dynamic=no]');
		expect(script).not.toContain('walled-garden');
		expect(script).not.toContain('/ip hotspot user profile');
	});

	it('for `profile` with hotspot: also the hotspot profile and the walled garden for Lunas and Midtrans', () => {
		const script = isolirScript({ ...base, hotspot: true });
		expect(script).toContain('/ip hotspot user profile');
		expect(script).toContain('/ip hotspot walled-garden\n');
		expect(script).toContain('/ip hotspot walled-garden ip\n');
		for (const host of ['billing.rtrwnet.id', ...MIDTRANS_HOSTS]) {
			expect(script).toContain(`add dst-host="${host}" action=allow`);
			expect(script).toContain(`add dst-host="${host}" action=accept`);
		}
	});

	it('for `address-list`: no profile, the same redirect on the router\'s list name', () => {
		const script = isolirScript({ ...base, method: 'address-list', isolirAddressList: 'telat-bayar', baseUrl: 'http://10.0.0.2:3000' });
		expect(script).not.toContain('/ppp profile');
		expect(script).toContain('add chain=dstnat src-address-list=telat-bayar dst-address-list=!lunas-allow');
		expect(script).toContain('add list="lunas-allow" address="10.0.0.2"');
		expect(script).toContain('action-data="10.0.0.2:3000/isolir"');
	});

	it('for `disable`: explains that there is nothing to redirect, with only the walled garden for hotspot', () => {
		const script = isolirScript({ ...base, method: 'disable' });
		expect(script).toContain('cannot connect at all');
		expect(script).not.toMatch(/^\/ip firewall/m);
		expect(isolirScript({ ...base, method: 'disable', hotspot: true })).toContain('/ip hotspot walled-garden');
	});

	it('never lets a name break out of its string or comment', () => {
		const script = isolirScript({
			...base,
			routerName: 'Evil\n/system reset-configuration',
			isolirProfile: 'iso"lir$x',
			isolirAddressList: 'bad list;'
		});
		expect(lines(script)).not.toContain('/system reset-configuration');
		expect(script).toContain('# Lunas: isolir setup for router Evil /system reset-configuration');
		expect(script).toContain('[find name="iso\\"lir\\$x"]');
		expect(script).toContain('src-address-list="bad list;"');
	});
});
