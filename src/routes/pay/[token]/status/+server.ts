import { json } from '@sveltejs/kit';
import { and, desc, eq } from 'drizzle-orm';
import type { RequestHandler } from './$types';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { invoices, midtransTransactions } from '$lib/server/db/schema';
import { invoiceIdByToken, refreshOpenAttempts } from '$lib/server/midtrans/pay-page';
import { currentGateway } from '$lib/server/midtrans/runtime';

/**
 * "checking…": the invoice's status as the server knows it. While it is open, Midtrans is asked
 * about its open attempts (throttled), so the answer does not depend on a notification arriving.
 */
export const GET: RequestHandler = async ({ params }) => {
	const db = getDb();
	const invoiceId = await invoiceIdByToken(db, params.token);
	if (!invoiceId) return json({ message: 'Not found' }, { status: 404 });
	const gateway = currentGateway();
	const read = async () => (await db.select({ status: invoices.status }).from(invoices).where(eq(invoices.id, invoiceId)))[0].status;
	let status = await read();
	if ((status === 'unpaid' || status === 'partial') && gateway) {
		await refreshOpenAttempts(db, gateway, invoiceId, { timeZone: getConfig().ISP_TIMEZONE });
		status = await read();
	}
	const [latest] = await db
		.select({ status: midtransTransactions.status })
		.from(midtransTransactions)
		.where(and(eq(midtransTransactions.invoiceId, invoiceId)))
		.orderBy(desc(midtransTransactions.createdAt))
		.limit(1);
	return json({ status, attempt: latest?.status ?? null }, { headers: { 'cache-control': 'no-store' } });
};
