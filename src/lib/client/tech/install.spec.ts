import { describe, expect, it } from 'vitest';
import { buildInstallOp, randomServicePassword, suggestUsername, type InstallContext, type InstallForm } from './install';

const ids = { customerId: '7d0f0c6e-2b1a-4c55-9d3e-0d1b2a3c4d5e', subscriptionId: '8e1f1d7f-3c2b-4d66-8e4f-1e2c3b4d5e6f' };
const areaId = '9f2a2e80-4d3c-4e77-8f50-2f3d4c5e6f70';
const packageId = 'a03b3f91-5e4d-4f88-9061-304e5d6f7081';
const form: InstallForm = {
	name: '  Siti Aminah ',
	phone: '0812 1111 2222',
	address: 'Jl. Kenanga 4, RT 02',
	areaId,
	latitude: -7.75,
	longitude: 110.37,
	packageId,
	serviceUsername: 'siti.aminah',
	servicePassword: 'rahasia1',
	startDate: '2026-11-24',
	note: ''
};

const context: InstallContext = { today: '2026-11-24', needsCredentials: true, takenUsernames: new Set(['budi']) };

describe('buildInstallOp', () => {
	it('builds a register-customer operation with the client ids', () => {
		const r = buildInstallOp(form, ids, context);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.op).toMatchObject({ type: 'register-customer', ...ids, name: 'Siti Aminah', areaId, packageId, latitude: -7.75, serviceUsername: 'siti.aminah', startDate: '2026-11-24' });
		expect(r.op.note).toBeUndefined();
	});

	it('leaves optional parts out', () => {
		const r = buildInstallOp({ ...form, latitude: null, longitude: null, serviceUsername: '', servicePassword: '' }, ids, { ...context, needsCredentials: false });
		expect(r.ok && [r.op.latitude, r.op.serviceUsername, r.op.servicePassword]).toEqual([undefined, undefined, undefined]);
	});

	it('requires the phone number as the office does, and sends it normalised', () => {
		const missing = buildInstallOp({ ...form, phone: ' ' }, ids, context);
		expect(!missing.ok && missing.errors.phone).toBe('techNew.required');
		const given = buildInstallOp({ ...form, phone: '0812 1111 2222' }, ids, context);
		expect(given.ok && given.op.phone).toBe('081211112222');
	});

	it('explains each wrong field', () => {
		const r = buildInstallOp({ ...form, name: 'S', address: '', areaId: '', packageId: '', phone: '12', serviceUsername: 'bad name', servicePassword: 'x', startDate: '2026-02-30', longitude: null }, ids, context);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors).toEqual({
			name: 'techNew.nameLength',
			address: 'techNew.required',
			areaId: 'techNew.required',
			packageId: 'techNew.required',
			phone: 'validation.phone',
			latitude: 'techNew.gpsPair',
			serviceUsername: 'validation.serviceUsername',
			servicePassword: 'techNew.passwordLength',
			startDate: 'validation.date'
		});
	});

	it('wants a username with a password', () => {
		const r = buildInstallOp({ ...form, serviceUsername: '' }, ids, { ...context, needsCredentials: false });
		expect(!r.ok && r.errors).toEqual({ servicePassword: 'techNew.passwordWithoutUser' });
	});

	it('asks for the account of PPPoE/Hotspot packages, refuses a username on the phone already, checks the start date range', () => {
		const r = buildInstallOp({ ...form, serviceUsername: '', servicePassword: '', startDate: '2027-03-01' }, ids, context);
		expect(!r.ok && r.errors).toEqual({ serviceUsername: 'techNew.required', servicePassword: 'techNew.required', startDate: 'techNew.startDateRange' });
		const taken = buildInstallOp({ ...form, serviceUsername: 'BUDI', startDate: '2026-10-24' }, ids, context);
		expect(!taken.ok && taken.errors).toEqual({ serviceUsername: 'techNew.usernameTaken' });
	});

	it('refuses landline numbers like the server does (mobile 08… only)', () => {
		const r = buildInstallOp({ ...form, phone: '(0274) 512345' }, ids, context);
		expect(!r.ok && r.errors).toEqual({ phone: 'validation.phone' });
	});
});

describe('account helpers', () => {
	it('suggests a RouterOS-safe username from the name', () => {
		expect(suggestUsername('  Siti Aminah ')).toBe('siti.aminah');
		expect(suggestUsername('Bpk. Joko (RT 02)')).toBe('bpk.joko.rt.02');
		expect(suggestUsername('Zoë Ä')).toBe('zoe.a');
	});

	it('makes readable random passwords', () => {
		const p = randomServicePassword();
		expect(p).toMatch(/^[a-km-np-z2-9]{10}$/);
		expect(randomServicePassword()).not.toBe(p);
	});
});
