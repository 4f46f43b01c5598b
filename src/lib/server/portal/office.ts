/** The office's side of the portal: the customers' reports and the sign-in PIN. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index';
import { customers, tickets } from '../db/schema';
import { audit } from '../audit';
import { invalidField } from '../errors';
import { customerCodeOf } from '../reconcile/isolir-lookup';
import { hashPin } from './sign-in';

/** Reports, open before closed, newest first (office and admin see every area). */
export async function officeTickets(db: Db) {
	return db
		.select({
			id: tickets.id,
			category: tickets.category,
			description: tickets.description,
			status: tickets.status,
			createdAt: tickets.createdAt,
			customerId: customers.id,
			customerCode: customers.code,
			customerName: customers.name
		})
		.from(tickets)
		.innerJoin(customers, eq(customers.id, tickets.customerId))
		.orderBy(desc(tickets.status), desc(tickets.createdAt))
		.limit(200);
}

/** Sets or replaces the customer's portal PIN; the PIN itself never reaches the audit trail. */
export async function setPortalPin(db: Db, rawCustomerCode: string, pin: string, actor: { userId: string; ipAddress: string | null }): Promise<{ code: string; name: string }> {
	const code = customerCodeOf(rawCustomerCode);
	const [customer] = code
		? await db
				.select({ id: customers.id, code: customers.code, name: customers.name })
				.from(customers)
				.where(and(eq(customers.code, code), isNull(customers.deletedAt)))
		: [];
	if (!customer) throw invalidField('customerCode', 'portal.unknownCustomer');
	const pinHash = await hashPin(pin);
	await db.transaction(async (tx) => {
		await tx.update(customers).set({ portalPinHash: pinHash }).where(eq(customers.id, customer.id));
		await audit(tx, { userId: actor.userId, action: 'customer.portalPin', entity: 'customer', entityId: customer.id, ipAddress: actor.ipAddress });
	});
	return { code: customer.code, name: customer.name };
}
