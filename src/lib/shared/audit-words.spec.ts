import { describe, expect, it } from 'vitest';
import { describeChanges } from './audit-words';

const AREA_A = '11111111-1111-4111-8111-111111111111';
const AREA_B = '22222222-2222-4222-8222-222222222222';
const names = { [AREA_A]: 'Dusun Krajan', [AREA_B]: 'Teluk' };
const id = { lang: 'id' as const, timeZone: 'Asia/Jakarta', names };
const en = { ...id, lang: 'en' as const };

describe('describeChanges', () => {
	it('lists only what an update changed, with labels, names for ids and rupiah for money', () => {
		const before = { name: 'Paket 10', price: 150000, areaId: AREA_A, active: true, version: 3 };
		const after = { name: 'Paket 10', price: 175000, areaId: AREA_B, active: false, version: 4 };
		expect(describeChanges(before, after, id)).toEqual([
			{ field: 'price', label: 'Harga', from: 'Rp 150.000', to: 'Rp 175.000' },
			{ field: 'areaId', label: 'Area', from: 'Dusun Krajan', to: 'Teluk' },
			{ field: 'active', label: 'Aktif', from: 'Ya', to: 'Tidak' }
		]);
		expect(describeChanges(before, after, en).map((l) => [l.label, l.from, l.to])).toEqual([
			['Price', 'Rp 150.000', 'Rp 175.000'],
			['Area', 'Dusun Krajan', 'Teluk'],
			['Active', 'Yes', 'No']
		]);
	});

	it('shows a create field by field, secrets hidden, states and dates in words, no raw ids', () => {
		const lines = describeChanges(null, { status: 'isolated', servicePassword: '[secret]', startDate: '2026-11-05', routerId: '33333333-3333-4333-8333-333333333333', areaIds: [AREA_A, AREA_B] }, id);
		expect(lines).toEqual([
			{ field: 'status', label: 'Status', from: null, to: 'Diisolir' },
			{ field: 'servicePassword', label: 'Kata sandi layanan', from: null, to: '(rahasia)' },
			{ field: 'startDate', label: 'Tanggal mulai', from: null, to: '5 Nov 2026' },
			{ field: 'routerId', label: 'Router', from: null, to: '(data tidak ditemukan)' },
			{ field: 'areaIds', label: 'Area', from: null, to: 'Dusun Krajan, Teluk' }
		]);
		expect(JSON.stringify(lines)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
	});

	it('names a language instead of its code, and keeps a template\'s placeholders as typed', () => {
		const lines = describeChanges({ language: 'en', reminder: 'Dear {nama}' }, { language: 'id', reminder: 'Yth. {nama}' }, id);
		expect(lines.map((l) => [l.label, l.from, l.to])).toEqual([
			['Bahasa', 'English', 'Bahasa Indonesia'],
			['Pesan pengingat', 'Dear {nama}', 'Yth. {nama}']
		]);
	});

	it('says why a sign-in was refused', () => {
		expect(describeChanges(null, { username: 'sari', reason: 'wrongPassword' }, id)).toEqual([
			{ field: 'username', label: 'Nama pengguna', from: null, to: 'sari' },
			{ field: 'reason', label: 'Alasan', from: null, to: 'Kata sandi salah' }
		]);
	});
});
