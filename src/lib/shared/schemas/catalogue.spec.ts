import { describe, expect, it } from 'vitest';
import { customerCreateInput, packageCreateInput, RATE_LIMIT_RE } from './catalogue';

const messagesOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
	Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('RouterOS rate limits', () => {
	it('accept rx/tx with optional burst, threshold, time and priority', () => {
		for (const ok of ['10M/10M', '512k/2M', '0/0', '10M/10M 20M/20M', '2M/4M 4M/8M 1536k/3M', '2M/4M 4M/8M 1536k/3M 8/8', '2M/4M 4M/8M 1536k/3M 8s/16s 5']) {
			expect(RATE_LIMIT_RE.test(ok), ok).toBe(true);
		}
	});
	it('refuse anything else', () => {
		for (const bad of ['10M', '10 Mbps', '10M/10M 20M', '10M/10M 1/1 1/1 8/8 9', '10M/10M;/system reset', '-1M/1M', '10X/10M']) {
			expect(RATE_LIMIT_RE.test(bad), bad).toBe(false);
		}
	});
});

describe('package input', () => {
	const pkg = { name: ' Rumahan 10 Mbps ', price: 150_000, serviceType: 'pppoe', routerProfile: 'rumahan-10m', rateLimit: ' 10M/10M ' };
	it('trims and fills defaults', () => {
		expect(packageCreateInput.parse(pkg)).toEqual({ ...pkg, name: 'Rumahan 10 Mbps', rateLimit: '10M/10M', burst: null, priority: 8, active: true });
	});
	it('names the field of each mistake with a message key', () => {
		for (const price of [-5000, 0, 1500.5, 1_000_000_001, Number.NaN]) {
			expect(messagesOf(packageCreateInput.safeParse({ ...pkg, price })), String(price)).toEqual({ price: 'validation.price' });
		}
		expect(messagesOf(packageCreateInput.safeParse({ ...pkg, routerProfile: 'bad name' }))).toEqual({ routerProfile: 'validation.routerProfile' });
		expect(messagesOf(packageCreateInput.safeParse({ ...pkg, rateLimit: '10 Mbps' }))).toEqual({ rateLimit: 'validation.rateLimit' });
		expect(messagesOf(packageCreateInput.safeParse({ ...pkg, priority: 9 }))).toEqual({ priority: 'validation.priority' });
		expect(messagesOf(packageCreateInput.safeParse({ ...pkg, burst: 'lots' }))).toEqual({ burst: 'validation.burst' });
		expect(messagesOf(packageCreateInput.safeParse({ ...pkg, rateLimit: '10M/10M 20M/20M', burst: '20M/20M 8M/8M 16/16' }))).toEqual({ burst: 'validation.burstTwice' });
	});
});

describe('customer input', () => {
	const customer = { name: 'Siti Aminah', phone: '+62 812-3456-7890', address: 'Jl. Merdeka 1', areaId: '6f1f0b5e-3c1d-4c8e-9a4b-1d2e3f4a5b6c' };
	it('normalises the phone and blanks', () => {
		expect(customerCreateInput.parse({ ...customer, email: ' Siti@Example.COM ', notes: '' })).toMatchObject({
			phone: '081234567890',
			email: 'siti@example.com',
			notes: null,
			latitude: null,
			longitude: null,
			status: 'active'
		});
	});
	it('names the field of each mistake', () => {
		expect(messagesOf(customerCreateInput.safeParse({ ...customer, phone: '12345' }))).toEqual({ phone: 'validation.phone' });
		expect(messagesOf(customerCreateInput.safeParse({ ...customer, email: 'siti@' }))).toEqual({ email: 'validation.email' });
		expect(messagesOf(customerCreateInput.safeParse({ ...customer, areaId: '' }))).toEqual({ areaId: 'validation.area' });
		expect(messagesOf(customerCreateInput.safeParse({ ...customer, latitude: 91, longitude: 109 }))).toEqual({ latitude: 'validation.latitude' });
		expect(messagesOf(customerCreateInput.safeParse({ ...customer, latitude: -7.42 }))).toEqual({ longitude: 'validation.gpsPair' });
		expect(customerCreateInput.parse({ ...customer, latitude: -7.4212345678, longitude: 109.2345678 })).toMatchObject({ latitude: -7.421235, longitude: 109.234568 });
	});
});
