/** The office's view of an invoice's Midtrans history: attempts, notifications, status checks. */
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/index';
import { midtransNotifications, midtransStatusChecks, midtransTransactions } from '../db/schema';

export async function midtransTrail(db: Db, invoiceId: string) {
	const attempts = await db
		.select({
			id: midtransTransactions.id,
			orderId: midtransTransactions.orderId,
			grossAmount: midtransTransactions.grossAmount,
			paidAmount: midtransTransactions.paidAmount,
			status: midtransTransactions.status,
			paymentType: midtransTransactions.paymentType,
			transactionId: midtransTransactions.transactionId,
			flag: midtransTransactions.flag,
			paymentId: midtransTransactions.paymentId,
			expiresAt: midtransTransactions.expiresAt,
			createdAt: midtransTransactions.createdAt,
			lastCheckedAt: midtransTransactions.lastCheckedAt
		})
		.from(midtransTransactions)
		.where(eq(midtransTransactions.invoiceId, invoiceId))
		.orderBy(desc(midtransTransactions.createdAt))
		.limit(50);
	if (attempts.length === 0) return { attempts, notifications: [], checks: [] };
	const orderIds = attempts.map((a) => a.orderId);
	const [notifications, checks] = await Promise.all([
		db
			.select({
				id: midtransNotifications.id,
				orderId: midtransNotifications.orderId,
				receivedAt: midtransNotifications.receivedAt,
				transactionStatus: midtransNotifications.transactionStatus,
				signatureValid: midtransNotifications.signatureValid,
				outcome: midtransNotifications.outcome,
				detail: midtransNotifications.detail,
				processedAt: midtransNotifications.processedAt
			})
			.from(midtransNotifications)
			.where(inArray(midtransNotifications.orderId, orderIds))
			.orderBy(asc(midtransNotifications.receivedAt))
			.limit(200),
		db
			.select()
			.from(midtransStatusChecks)
			.where(inArray(midtransStatusChecks.orderId, orderIds))
			.orderBy(asc(midtransStatusChecks.checkedAt))
			.limit(200)
	]);
	return { attempts, notifications, checks };
}
