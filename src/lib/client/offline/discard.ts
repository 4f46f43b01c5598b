/**
 * Undoes on the phone what a rejected operation showed there: the server will never have it, so
 * its rows and the amounts it added must go. Rows the phone created are removed only while still
 * `pending` (a server row with the same id is the server's truth); amounts recorded in a row's
 * `localOps` are taken back out.
 */
import type { SyncOperation } from '$lib/shared/sync/operations';
import type { OfflineDb } from './db';

export async function discardLocalEffects(db: OfflineDb, op: SyncOperation): Promise<void> {
	switch (op.type) {
		case 'cash-payment': {
			const key = op.paymentId;
			const payment = await db.payments.get(key);
			if (payment?.pending) await db.payments.delete(key);
			for (const invoice of await db.invoices.where('customerId').equals(op.customerId).toArray()) {
				const added = invoice.localOps?.[key];
				if (added === undefined) continue;
				const { [key]: _, ...rest } = invoice.localOps!;
				await db.invoices.put({ ...invoice, amountPaid: invoice.amountPaid - added, localOps: rest });
			}
			const customer = await db.customers.get(op.customerId);
			const credit = customer?.localOps?.[key];
			if (customer && credit !== undefined) {
				const { [key]: _, ...rest } = customer.localOps!;
				await db.customers.put({ ...customer, creditBalance: customer.creditBalance - credit, localOps: rest });
			}
			return;
		}
		case 'register-customer': {
			if ((await db.subscriptions.get(op.subscriptionId))?.pending) await db.subscriptions.delete(op.subscriptionId);
			if ((await db.customers.get(op.customerId))?.pending) await db.customers.delete(op.customerId);
			return;
		}
		case 'visit':
			if ((await db.visits.get(op.visitId))?.pending) await db.visits.delete(op.visitId);
			return;
		case 'handover':
			if ((await db.handovers.get(op.handoverId))?.pending) await db.handovers.delete(op.handoverId);
			return;
	}
}
