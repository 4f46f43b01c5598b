/**
 * "My cash today": what this technician collected, per customer, and which cash payments have not
 * been handed over to the office yet (a hand-over row, pending or confirmed, lists its payments).
 */
import type { LocalHandover, LocalPayment } from '$lib/client/offline/db';
import { localDateOf } from '$lib/shared/dates';

export interface CustomerCash {
	customerId: string;
	amount: number;
	payments: LocalPayment[];
	pending: number;
}

/** Cash this collector holds or held: their own, not voided, positive cash entries. */
export function myCashPayments(payments: Iterable<LocalPayment>, userId: string): LocalPayment[] {
	return [...payments].filter((p) => p.method === 'cash' && p.collectedBy === userId && !p.voided && p.amount > 0);
}

/** Payments (ids) already in one of my hand-overs. */
export function handedOverIds(handovers: Iterable<LocalHandover>): Set<string> {
	const ids = new Set<string>();
	for (const h of handovers) for (const id of h.paymentIds) ids.add(id);
	return ids;
}

/** Today's collection (in the ISP's calendar), per customer, largest first. */
export function collectedOn(payments: LocalPayment[], day: string, timeZone: string): { perCustomer: CustomerCash[]; total: number } {
	const per = new Map<string, CustomerCash>();
	let total = 0;
	for (const p of payments) {
		if (localDateOf(new Date(p.receivedAt), timeZone) !== day) continue;
		const c = per.get(p.customerId) ?? { customerId: p.customerId, amount: 0, payments: [], pending: 0 };
		c.amount += p.amount;
		c.payments.push(p);
		if (p.pending) c.pending += 1;
		per.set(p.customerId, c);
		total += p.amount;
	}
	for (const c of per.values()) c.payments.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
	return { perCustomer: [...per.values()].sort((a, b) => b.amount - a.amount), total };
}

/** My cash not yet in any hand-over, oldest first: what a new hand-over covers. */
export function notHandedOver(payments: LocalPayment[], handovers: Iterable<LocalHandover>): { payments: LocalPayment[]; total: number } {
	const done = handedOverIds(handovers);
	const open = payments.filter((p) => !done.has(p.id)).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
	return { payments: open, total: open.reduce((s, p) => s + p.amount, 0) };
}

/**
 * What I still owe the office: the server's running balance at the last pull, plus my cash
 * recorded since that the server has not seen yet. A phone that never pulled a balance falls
 * back to the cash in no hand-over.
 */
export function stillOwed(serverOwed: number | undefined, mine: LocalPayment[], handovers: Iterable<LocalHandover>): number {
	if (serverOwed === undefined) return notHandedOver(mine, handovers).total;
	return serverOwed + mine.filter((p) => p.pending).reduce((s, p) => s + p.amount, 0);
}

/** What the office counted minus what I said I handed over (negative = short). Null until confirmed. */
export function handoverDifference(h: Pick<LocalHandover, 'amount' | 'countedAmount'>): number | null {
	return h.countedAmount === null ? null : h.countedAmount - h.amount;
}

/** Payments per day in the ISP's calendar, newest day first: shows what a hand-over covers. */
export function perDay(payments: LocalPayment[], timeZone: string): Array<{ day: string; count: number; amount: number }> {
	const days = new Map<string, { day: string; count: number; amount: number }>();
	for (const p of payments) {
		const day = localDateOf(new Date(p.receivedAt), timeZone);
		const d = days.get(day) ?? { day, count: 0, amount: 0 };
		d.count += 1;
		d.amount += p.amount;
		days.set(day, d);
	}
	return [...days.values()].sort((a, b) => b.day.localeCompare(a.day));
}
