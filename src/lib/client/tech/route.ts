/**
 * Today's route: the customers of my areas who owe money, grouped by area and street, with what
 * each owes. Everything is computed from the phone's copy of the rows, so it works offline.
 */
import type { LocalArea, LocalCustomer, LocalInvoice, LocalSubscription } from '$lib/client/offline/db';
import { haversineMeters, positionOf, type LatLng } from './geo';
import { internationalPhone, phoneDigitsForSearch } from '$lib/shared/phone';
import { streetKey, streetOf } from './street';
import { outstandingOf } from '$lib/shared/money';


export interface Owed {
	total: number;
	invoices: number;
	/** Earliest due date among the invoices still owed (for "overdue" marks). */
	oldestDue: string | null;
}

/** Money owed per customer from the open invoices on the phone. */
export function owedByCustomer(invoices: Iterable<LocalInvoice>): Map<string, Owed> {
	const owed = new Map<string, Owed>();
	for (const inv of invoices) {
		const left = outstandingOf(inv);
		if (left <= 0) continue;
		const o = owed.get(inv.customerId) ?? { total: 0, invoices: 0, oldestDue: null };
		o.total += left;
		o.invoices += 1;
		if (o.oldestDue === null || inv.dueDate < o.oldestDue) o.oldestDue = inv.dueDate;
		owed.set(inv.customerId, o);
	}
	return owed;
}

export interface RouteEntry {
	customer: LocalCustomer;
	areaName: string;
	street: string | null;
	owed: Owed;
	isolated: boolean;
	/** Metres from the phone, when both positions are known. */
	distance: number | null;
}

export interface RouteGroup {
	key: string;
	areaName: string;
	/** null = the address names no street (or the list is sorted by distance, one flat group). */
	street: string | null;
	entries: RouteEntry[];
	total: number;
}

export interface AreaGroup {
	areaId: string;
	areaName: string;
	streets: RouteGroup[];
	total: number;
	count: number;
}

export type RouteSort = 'street' | 'distance' | 'owed' | 'name';
export type RouteFilter = 'owing' | 'all';

/** Does the customer match what the technician typed: name, code or phone (any format)? */
export function matchesSearch(customer: Pick<LocalCustomer, 'name' | 'code' | 'phone'>, query: string): boolean {
	const q = query.trim().toLowerCase();
	if (!q) return true;
	if (customer.name.toLowerCase().includes(q) || customer.code.toLowerCase().includes(q)) return true;
	const qDigits = q.replace(/\D/g, '');
	if (qDigits.length < 3 || qDigits.length !== q.replace(/[\s+\-()]/g, '').length) return false;
	const stored = phoneDigitsForSearch(customer.phone);
	const storedIntl = internationalPhone(customer.phone) ?? stored;
	const queryIntl = qDigits.startsWith('0') ? '62' + qDigits.slice(1) : qDigits;
	return stored.includes(qDigits) || storedIntl.includes(queryIntl);
}

export interface RouteInput {
	customers: LocalCustomer[];
	invoices: LocalInvoice[];
	subscriptions: LocalSubscription[];
	areas: LocalArea[];
	here: LatLng | null;
	query: string;
	filter: RouteFilter;
}

/** The customers to show with what they owe; new customers waiting to sync always show. */
export function routeEntries(input: RouteInput): RouteEntry[] {
	const owed = owedByCustomer(input.invoices);
	const areaNames = new Map(input.areas.map((a) => [a.id, a.name]));
	const isolated = new Set(input.subscriptions.filter((s) => s.status === 'isolated').map((s) => s.customerId));
	const entries: RouteEntry[] = [];
	for (const customer of input.customers) {
		const o = owed.get(customer.id) ?? { total: 0, invoices: 0, oldestDue: null };
		if (input.filter === 'owing' && o.total <= 0 && !customer.pending) continue;
		if (!matchesSearch(customer, input.query)) continue;
		const pos = positionOf(customer);
		entries.push({
			customer,
			areaName: areaNames.get(customer.areaId) ?? '—',
			street: streetOf(customer.address),
			owed: o,
			isolated: isolated.has(customer.id),
			distance: pos && input.here ? haversineMeters(input.here, pos) : null
		});
	}
	return entries;
}

const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });
const byName = (a: RouteEntry, b: RouteEntry) => collator.compare(a.customer.name, b.customer.name);
/** Unknown distances last, then by name. */
const byDistance = (a: RouteEntry, b: RouteEntry) =>
	(a.distance ?? Infinity) - (b.distance ?? Infinity) || byName(a, b);
const byOwed = (a: RouteEntry, b: RouteEntry) => b.owed.total - a.owed.total || byName(a, b);
/** Along a street, house order is the best guess of walking order: compare the addresses numerically. */
const byAddress = (a: RouteEntry, b: RouteEntry) => collator.compare(a.customer.address, b.customer.address) || byName(a, b);

function sum(entries: RouteEntry[]): number {
	return entries.reduce((s, e) => s + e.owed.total, 0);
}

/**
 * Groups by area then street (streets and areas alphabetical, "no street" last). Sorting by
 * distance, owed amount or name keeps the area grouping but puts each area's customers in one list.
 */
export function groupRoute(entries: RouteEntry[], sort: RouteSort): AreaGroup[] {
	const byArea = new Map<string, RouteEntry[]>();
	for (const e of entries) {
		const list = byArea.get(e.customer.areaId) ?? [];
		list.push(e);
		byArea.set(e.customer.areaId, list);
	}
	const areas: AreaGroup[] = [];
	for (const [areaId, list] of byArea) {
		const areaName = list[0].areaName;
		let streets: RouteGroup[];
		if (sort === 'street') {
			const byStreet = new Map<string, RouteGroup>();
			for (const e of list) {
				const key = streetKey(e.street);
				const g = byStreet.get(key) ?? { key: `${areaId}:${key}`, areaName, street: e.street, entries: [], total: 0 };
				g.entries.push(e);
				byStreet.set(key, g);
			}
			streets = [...byStreet.values()].sort((a, b) =>
				a.street === null ? 1 : b.street === null ? -1 : collator.compare(a.street, b.street)
			);
			for (const g of streets) g.entries.sort(byAddress);
		} else {
			const sorted = [...list].sort(sort === 'distance' ? byDistance : sort === 'owed' ? byOwed : byName);
			streets = [{ key: `${areaId}:*`, areaName, street: null, entries: sorted, total: 0 }];
		}
		for (const g of streets) g.total = sum(g.entries);
		areas.push({ areaId, areaName, streets, total: sum(list), count: list.length });
	}
	if (sort === 'distance') {
		// The nearest area first: the one holding the closest customer.
		const nearest = (a: AreaGroup) => a.streets[0]?.entries[0]?.distance ?? Infinity;
		return areas.sort((a, b) => nearest(a) - nearest(b) || collator.compare(a.areaName, b.areaName));
	}
	return areas.sort((a, b) => collator.compare(a.areaName, b.areaName));
}

/**
 * The first `max` customers in display order (group totals stay those of the whole group), so a
 * phone never renders thousands of rows at once; `hidden` is how many more there are.
 */
export function limitGroups(groups: AreaGroup[], max: number): { groups: AreaGroup[]; hidden: number } {
	let left = max;
	let hidden = 0;
	const out: AreaGroup[] = [];
	for (const area of groups) {
		const streets: RouteGroup[] = [];
		for (const street of area.streets) {
			const shown = street.entries.slice(0, Math.max(0, left));
			hidden += street.entries.length - shown.length;
			left -= shown.length;
			if (shown.length > 0) streets.push(shown.length === street.entries.length ? street : { ...street, entries: shown });
		}
		if (streets.length > 0) out.push({ ...area, streets });
	}
	return { groups: out, hidden };
}
