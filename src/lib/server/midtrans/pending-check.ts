/**
 * The safety net for lost notifications: every few minutes, one instance (MySQL GET_LOCK) asks
 * the status API about attempts still open a few minutes after they were made, and retries
 * stored notifications whose processing never finished. A paid customer is never left isolated
 * because Midtrans's message did not arrive.
 */
import { and, asc, gt, inArray, isNotNull, isNull, lt, or, eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { midtransTransactions } from '../db/schema';
import { log } from '../log';
import { confirmOrder } from './apply';
import { retryUnprocessed } from './notifications';
import type { MidtransGateway } from './gateway';
import { withNamedLock } from '../db/named-lock';
import { loopRunner, type Loop } from '../loops/loop-runner';

export interface PendingCheckOptions {
	timeZone: string;
	now?: Date;
	/** Attempts younger than this are left to their notification. */
	minAgeMs?: number;
	/** An attempt is asked about at most this often. */
	recheckMs?: number;
}

export interface PendingCheckResult {
	checked: number;
	paid: number;
	retriedNotifications: number;
	abandoned: number;
}

/** Open attempts past their expiry that Midtrans never heard of are closed locally. */
const FORGET_AFTER_EXPIRY_MS = 24 * 3600_000;

export async function runPendingCheck(db: Db, gateway: MidtransGateway, opts: PendingCheckOptions): Promise<PendingCheckResult> {
	const now = opts.now ?? new Date();
	const retriedNotifications = await retryUnprocessed(db, gateway, { timeZone: opts.timeZone, now });
	const minAge = new Date(now.getTime() - (opts.minAgeMs ?? 3 * 60_000));
	const recheck = new Date(now.getTime() - (opts.recheckMs ?? 4 * 60_000));
	const attempts = await db
		.select({ id: midtransTransactions.id, orderId: midtransTransactions.orderId, expiresAt: midtransTransactions.expiresAt })
		.from(midtransTransactions)
		.where(
			and(
				inArray(midtransTransactions.status, ['created', 'pending']),
				isNotNull(midtransTransactions.snapToken),
				lt(midtransTransactions.createdAt, minAge),
				or(isNull(midtransTransactions.lastCheckedAt), lt(midtransTransactions.lastCheckedAt, recheck)),
				or(isNull(midtransTransactions.expiresAt), gt(midtransTransactions.expiresAt, new Date(now.getTime() - FORGET_AFTER_EXPIRY_MS)))
			)
		)
		.orderBy(asc(midtransTransactions.createdAt))
		.limit(200);
	let paid = 0;
	let abandoned = 0;
	for (const a of attempts) {
		try {
			const result = await confirmOrder(db, gateway, a.orderId, 'scheduled', { timeZone: opts.timeZone, now });
			if (result.outcome === 'paid' || result.outcome === 'paid-flagged') paid++;
			if (result.outcome === 'not-found' && a.expiresAt && a.expiresAt < now) {
				await db
					.update(midtransTransactions)
					.set({ status: 'unused' })
					.where(and(eq(midtransTransactions.id, a.id), eq(midtransTransactions.status, 'created')));
				abandoned++;
			}
		} catch {
			// Logged and recorded by confirmOrder; the next round asks again.
		}
	}
	return { checked: attempts.length, paid, retriedNotifications, abandoned };
}

const LOCK = 'lunas:midtrans:pending-check:';

/** One round under the cluster-wide lock; null when another instance holds it. */
export async function runPendingCheckLocked(db: Db, gateway: MidtransGateway, opts: PendingCheckOptions): Promise<PendingCheckResult | null> {
	return (await withNamedLock(db, LOCK, 0, () => runPendingCheck(db, gateway, opts)))?.value ?? null;
}

let loop: Loop | undefined;

/** `timeZone` is read at each round: the ISP's zone can change while the server runs. */
export function startPendingChecker(db: Db, gateway: () => MidtransGateway | null, opts: { timeZone: () => string; intervalMs: number }): void {
	if (loop) return;
	loop = loopRunner({
		name: 'midtrans pending check',
		intervalMs: opts.intervalMs,
		immediate: false,
		tick: async () => {
			const g = gateway();
			if (!g) return;
			const result = await runPendingCheckLocked(db, g, { timeZone: opts.timeZone() });
			if (result && (result.checked || result.retriedNotifications)) log.info({ ...result }, 'midtrans pending check');
		}
	});
	loop.start();
}

/** Stops the rounds and waits for one under way. */
export async function stopPendingChecker(): Promise<void> {
	const stopping = loop;
	loop = undefined;
	await stopping?.stop();
}
