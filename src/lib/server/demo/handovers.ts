/**
 * The demo technician's cash hand-overs: a real collector brings the week's field cash to the
 * office, where it is counted and confirmed. Each week's cash (Monday to Sunday, the ISP's zone)
 * is handed over the Monday after at 16:00 — when that is a week or more before now — and
 * confirmed in full half an hour later, except the latest hand-over, which still waits for the
 * office to count it (so the demo's dashboard and hand-over list show one to confirm). The last
 * week or two stay with the technician, still owed, as they would be on any real day. Pure: no
 * database.
 */
import { addDays, daysBetween, localDateOf, localTimeToInstant, type LocalDate } from '../../shared/dates';
import type { Random } from './prng';

export interface FieldCash {
	id: string;
	amount: number;
	receivedAt: Date;
}

export interface PlannedHandover {
	id: string;
	expectedAmount: number;
	amount: number;
	/** What the office counted; null while the hand-over waits for it. */
	countedAmount: number | null;
	status: 'pending' | 'confirmed';
	handedOverAt: Date;
	/** Null while pending. */
	confirmedAt: Date | null;
	paymentIds: string[];
}

/** 1970-01-05 was a Monday: whole weeks counted from it start on Mondays. */
const A_MONDAY: LocalDate = '1970-01-05';
const HANDED_OVER_AT = 16 * 60;
const CONFIRMED_AFTER_MS = 30 * 60_000;
const KEPT_AT_LEAST_DAYS = 7;

export function planHandovers(cash: readonly FieldCash[], now: Date, timeZone: string, rng: Random): PlannedHandover[] {
	const weeks = new Map<number, FieldCash[]>();
	for (const payment of cash) {
		const week = Math.floor(daysBetween(A_MONDAY, localDateOf(payment.receivedAt, timeZone)) / 7);
		weeks.set(week, [...(weeks.get(week) ?? []), payment]);
	}
	const today = localDateOf(now, timeZone);
	const handovers: PlannedHandover[] = [];
	for (const week of [...weeks.keys()].sort((a, b) => a - b)) {
		const nextMonday = addDays(A_MONDAY, (week + 1) * 7);
		if (daysBetween(nextMonday, today) < KEPT_AT_LEAST_DAYS) continue;
		const payments = weeks.get(week)!;
		const total = payments.reduce((sum, p) => sum + p.amount, 0);
		const handedOverAt = localTimeToInstant(nextMonday, HANDED_OVER_AT, timeZone);
		handovers.push({
			id: rng.uuid(),
			expectedAmount: total,
			amount: total,
			countedAmount: total,
			status: 'confirmed',
			handedOverAt,
			confirmedAt: new Date(handedOverAt.getTime() + CONFIRMED_AFTER_MS),
			paymentIds: payments.map((p) => p.id)
		});
	}
	// The latest hand-over is not counted yet: the office confirms it (or a shortfall) by hand.
	const latest = handovers.at(-1);
	if (latest) Object.assign(latest, { status: 'pending', countedAmount: null, confirmedAt: null });
	return handovers;
}
