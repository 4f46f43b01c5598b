/**
 * Invoices in the office: voiding an unpaid invoice (admin only, with a reason).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { invoices } from '../db/schema';
import { nextVersion } from '../db/version';
import { audit } from '../audit';
import { FieldValidationError } from '../trpc/trpc';
import { todayOf, type LedgerContext } from './payments';
import { liftArrearsIsolation, refreshPaidThrough } from './ledger';

/** Voids an unpaid invoice (admin); its subscription's arrears isolation may lift at the next run. */
export async function voidInvoice(db: Db, input: { invoiceId: string; reason: string }, ctx: LedgerContext): Promise<void> {
	await db.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const [inv] = await tx.select().from(invoices).where(eq(invoices.id, input.invoiceId)).for('update');
		if (!inv || inv.status === 'void') throw new FieldValidationError({ invoiceId: [ctx.t('validation.unknown')] });
		if (inv.amountPaid !== 0) throw new FieldValidationError({ invoiceId: [ctx.t('validation.invoicePaid')] });
		await tx
			.update(invoices)
			.set({ status: 'void', voidReason: input.reason, voidedBy: ctx.actorUserId, version })
			.where(eq(invoices.id, inv.id));
		await refreshPaidThrough(tx, [inv.subscriptionId], version);
		await liftArrearsIsolation(tx, [inv.subscriptionId], todayOf(ctx), ctx.rules, version, `void:${inv.id}`);
		await audit(tx, {
			userId: ctx.actorUserId,
			action: 'invoice.void',
			entity: 'invoice',
			entityId: inv.id,
			before: { status: inv.status, amount: inv.amount, number: inv.number },
			after: { status: 'void', reason: input.reason },
			ipAddress: ctx.ipAddress
		});
	});
}
