/**
 * Cash handed to the office. A hand-over covers only the technician's own cash payments not
 * handed over before (handover_payments' primary key makes that hold under any race). Payments the
 * server never recorded — their operation was rejected — are left out and named in the result:
 * the cash still changes hands, and the office's count shows the difference. A hand-over of no
 * payments (but some cash) pays down what the collector still owes (collector-balance.ts).
 */
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { cashHandovers, handoverPayments } from '../../db/schema';
import { audit } from '../../audit';
import type { handoverOp } from '../../../shared/sync/operations';
import { SyncRejection } from '../errors';
import type { Applier } from './context';
import { sqlList, type Rows } from '../../db/raw-sql';


export const applyHandover: Applier<z.output<typeof handoverOp>> = async (op, ctx) => {
	const ids = [...new Set(op.paymentIds)];
	type PaymentRow = {
		id: string;
		amount: number | string;
		method: string;
		collected_by: string | null;
		voids_payment_id: string | null;
		voided: number;
		handover_id: string | null;
	};
	const rows: PaymentRow[] =
		ids.length === 0
			? []
			: ((await ctx.tx.execute(sql`
		SELECT p.id, p.amount, p.method, p.collected_by, p.voids_payment_id,
			EXISTS (SELECT 1 FROM payments v WHERE v.voids_payment_id = p.id) AS voided,
			hp.handover_id
		FROM payments p LEFT JOIN handover_payments hp ON hp.payment_id = p.id
		WHERE p.id IN (${sqlList(ids)})
		FOR UPDATE`)) as unknown as Rows<PaymentRow>)[0];
	const found = new Map(rows.map((r) => [r.id, r]));
	const included: Array<{ id: string; amount: number }> = [];
	const missing: string[] = [];
	for (const id of ids) {
		const p = found.get(id);
		if (!p || Number(p.voided) === 1) {
			missing.push(id);
			continue;
		}
		if (p.collected_by !== ctx.actor.userId || p.method !== 'cash' || p.voids_payment_id || Number(p.amount) <= 0) {
			throw new SyncRejection('sync.rejected.handoverNotYours');
		}
		if (p.handover_id && p.handover_id !== op.handoverId) throw new SyncRejection('sync.rejected.alreadyHandedOver');
		included.push({ id, amount: Number(p.amount) });
	}
	// Nothing to hand over: no payment of mine left, and no cash either.
	if (included.length === 0 && (ids.length > 0 || op.amount === 0)) throw new SyncRejection('sync.rejected.handoverEmpty');
	const expectedAmount = included.reduce((sum, p) => sum + p.amount, 0);

	await ctx.tx.insert(cashHandovers).values({
		id: op.handoverId,
		technicianId: ctx.actor.userId,
		deviceId: ctx.deviceId,
		expectedAmount,
		amount: op.amount,
		status: 'pending',
		note: op.note ?? null,
		handedOverAt: new Date(op.createdAt),
		version: ctx.version
	});
	if (included.length) await ctx.tx.insert(handoverPayments).values(included.map((p) => ({ paymentId: p.id, handoverId: op.handoverId })));
	await audit(ctx.tx, {
		userId: ctx.actor.userId,
		action: 'handover.create',
		entity: 'cash_handover',
		entityId: op.handoverId,
		after: { amount: op.amount, expectedAmount, payments: included.length, missing },
		ipAddress: ctx.actor.ipAddress
	});
	return { handoverId: op.handoverId, expectedAmount, amount: op.amount, difference: op.amount - expectedAmount, missingPaymentIds: missing };
};
