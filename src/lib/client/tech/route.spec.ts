import { describe, expect, it } from 'vitest';
import type { LocalCustomer, LocalInvoice } from '$lib/client/offline/db';
import { groupRoute, limitGroups, matchesSearch, owedByCustomer, routeEntries } from './route';

const customer = (id: string, patch: Partial<LocalCustomer> = {}): LocalCustomer => ({
	id,
	code: `C-${id}`,
	name: `Pelanggan ${id}`,
	phone: null,
	address: 'Jl. Melati 1',
	areaId: 'a1',
	latitude: null,
	longitude: null,
	status: 'active',
	creditBalance: 0,
	notes: null,
	version: 1,
	...patch
});

let n = 0;
const invoice = (customerId: string, amount: number, amountPaid = 0, dueDate = '2026-11-10'): LocalInvoice => ({
	id: `i${++n}`,
	number: `INV-${n}`,
	subscriptionId: `s-${customerId}`,
	customerId,
	periodStart: '2026-11-01',
	periodEnd: '2026-11-30',
	amount,
	amountPaid,
	dueDate,
	status: amountPaid ? 'partial' : 'unpaid',
	payToken: 't',
	version: 1
});

const areas = [
	{ id: 'a1', name: 'Sinduadi', version: 1 },
	{ id: 'a2', name: 'Caturtunggal', version: 1 }
];

describe('owedByCustomer', () => {
	it('sums what is left on open invoices, ignoring ones paid here in full', () => {
		const owed = owedByCustomer([invoice('c1', 150_000, 50_000, '2026-11-10'), invoice('c1', 150_000, 0, '2026-10-10'), invoice('c2', 100_000, 100_000)]);
		expect(owed.get('c1')).toEqual({ total: 250_000, invoices: 2, oldestDue: '2026-10-10' });
		expect(owed.has('c2')).toBe(false);
	});
});

describe('matchesSearch', () => {
	const c = customer('1', { name: 'Budi Santoso', code: 'PLG-0007', phone: '+62 812-3456-7890' });
	it.each(['budi', 'SANTOSO', 'plg-0007', '0812 3456', '812345', '6281234'])('finds by %s', (q) => {
		expect(matchesSearch(c, q)).toBe(true);
	});
	it.each(['siti', '0899', '12'])('does not match %s', (q) => {
		expect(matchesSearch(c, q)).toBe(false);
	});
});

describe('routeEntries + groupRoute', () => {
	const customers = [
		customer('1', { name: 'Ani', address: 'Jl. Melati No. 9', latitude: -7.75, longitude: 110.37 }),
		customer('2', { name: 'Budi', address: 'jalan melati 3', latitude: -7.76, longitude: 110.37 }),
		customer('3', { name: 'Citra', address: 'Gg. Mawar 2' }),
		customer('4', { name: 'Dodi', address: 'RT 01', areaId: 'a2', latitude: -7.70, longitude: 110.37 }),
		customer('5', { name: 'Eko', address: 'Jl. Kenanga 1' }),
		customer('6', { name: 'Fajar (baru)', address: 'Jl. Kenanga 2', pending: true, version: 0, code: '' })
	];
	const invoices = [invoice('1', 100_000), invoice('2', 150_000, 50_000), invoice('3', 200_000), invoice('4', 120_000)];
	const base = { customers, invoices, subscriptions: [], areas, here: null, query: '', filter: 'owing' as const };

	it('shows owing customers and pending new ones, grouped by area then street with totals', () => {
		const groups = groupRoute(routeEntries(base), 'street');
		expect(groups.map((g) => [g.areaName, g.total, g.count])).toEqual([
			['Caturtunggal', 120_000, 1],
			['Sinduadi', 400_000, 4]
		]);
		const sinduadi = groups[1];
		expect(sinduadi.streets.map((s) => [s.street, s.total, s.entries.map((e) => e.customer.name)])).toEqual([
			['Gg. Mawar', 200_000, ['Citra']],
			['Jl. Kenanga', 0, ['Fajar (baru)']],
			['Jl. Melati', 200_000, ['Budi', 'Ani']]
		]);
		// No street named: its own group, last.
		expect(groups[0].streets[0].street).toBeNull();
	});

	it('renders only the first customers, keeping whole-group totals', () => {
		const all = groupRoute(routeEntries(base), 'street');
		const { groups, hidden } = limitGroups(all, 3);
		expect(hidden).toBe(2);
		expect(groups.flatMap((g) => g.streets.flatMap((s) => s.entries.map((e) => e.customer.name)))).toEqual(['Dodi', 'Citra', 'Fajar (baru)']);
		expect(groups[1].total).toBe(400_000);
		expect(limitGroups(all, 100)).toEqual({ groups: all, hidden: 0 });
	});

	it('lists everyone with filter "all"', () => {
		expect(routeEntries({ ...base, filter: 'all' })).toHaveLength(6);
	});

	it('sorts by distance when the phone knows where it is, unknown distances last', () => {
		const groups = groupRoute(routeEntries({ ...base, here: { latitude: -7.761, longitude: 110.37 } }), 'distance');
		expect(groups[0].areaName).toBe('Sinduadi');
		const names = groups[0].streets[0].entries.map((e) => e.customer.name);
		expect(names).toEqual(['Budi', 'Ani', 'Citra', 'Fajar (baru)']);
		expect(groups[0].streets[0].entries[0].distance).toBeLessThan(200);
		expect(groups[0].streets[0].entries[2].distance).toBeNull();
	});

	it('sorts by amount owed', () => {
		const groups = groupRoute(routeEntries(base), 'owed');
		expect(groups[1].streets[0].entries.map((e) => e.owed.total)).toEqual([200_000, 100_000, 100_000, 0]);
	});

	it('filters by search and marks isolated customers', () => {
		const entries = routeEntries({ ...base, query: 'citra', subscriptions: [{ id: 's', customerId: '3', packageId: 'p', status: 'isolated', serviceUsername: null, billingDay: 1, paidThrough: null, version: 1 }] });
		expect(entries.map((e) => [e.customer.name, e.isolated])).toEqual([['Citra', true]]);
	});
});
