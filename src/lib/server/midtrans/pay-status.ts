import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/index';
import { invoices, midtransTransactions } from '../db/schema';
import type { MidtransGateway } from './gateway';
import { invoiceIdByToken, refreshOpenAttempts } from './pay-page';

export interface PayStatus {
	status: (typeof invoices.$inferSelect)['status'];
	/** The latest Midtrans attempt's status, or null before the first. */
	attempt: (typeof midtransTransactions.$inferSelect)['status'] | null;
}

/**
 * The pay page's "checking…": the invoice's status as the server knows it. While it is open and a
 * gateway is configured, Midtrans is asked about its open attempts first (throttled), so the answer
 * does not depend on a notification arriving. Null for a token that names no invoice.
 */
export async function payStatusByToken(db: Db, gateway: MidtransGateway | null, token: string, timeZone: string): Promise<PayStatus | null> {
	const invoiceId = await invoiceIdByToken(db, token);
	if (!invoiceId) return null;
	const read = async () => (await db.select({ status: invoices.status }).from(invoices).where(eq(invoices.id, invoiceId)))[0].status;
	let status = await read();
	if ((status === 'unpaid' || status === 'partial') && gateway) {
		await refreshOpenAttempts(db, gateway, invoiceId, { timeZone });
		status = await read();
	}
	const [latest] = await db
		.select({ status: midtransTransactions.status })
		.from(midtransTransactions)
		.where(eq(midtransTransactions.invoiceId, invoiceId))
		.orderBy(desc(midtransTransactions.createdAt))
		.limit(1);
	return { status, attempt: latest?.status ?? null };
}
