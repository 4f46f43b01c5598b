/**
 * A new installation registered in the field: the customer and the subscription are made through
 * the office's own services (same validation, same gap-free customer code, same first invoice),
 * with the phone's UUIDs, so a resend finds them instead of making copies. The router account is
 * provisioned by the job queue when Lunas knows which router serves the customer: the router the
 * area names, else the ISP's only router; otherwise the office picks it (the routers page lists
 * subscriptions waiting for one) and the result says so.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/index';
import { areas, packages, routers } from '../../db/schema';
import { createCustomer } from '../../catalogue/customers.service';
import { createSubscription } from '../../billing/subscriptions';
import type { customerCreateInput } from '../../../shared/schemas/catalogue';
import { normalisePhone } from '../../../shared/phone';
import type { registerCustomerOp } from '../../../shared/sync/operations';
import { SyncRejection } from '../errors';
import { inScope, type Applier } from './context';

/** The router a new subscription goes on: the area's, else the ISP's only one, else none (the office decides). */
async function routerFor(ctx: Parameters<Applier<unknown>>[1], areaId: string): Promise<string | null> {
	const [area] = await ctx.tx
		.select({ routerId: routers.id })
		.from(areas)
		.innerJoin(routers, and(eq(routers.id, areas.routerId), isNull(routers.deletedAt)))
		.where(eq(areas.id, areaId));
	if (area) return area.routerId;
	const rows = await ctx.tx.select({ id: routers.id }).from(routers).where(isNull(routers.deletedAt)).limit(2);
	return rows.length === 1 ? rows[0].id : null;
}

export const applyRegisterCustomer: Applier<z.output<typeof registerCustomerOp>> = async (op, ctx) => {
	if (!inScope(ctx, op.areaId)) throw new SyncRejection('sync.rejected.outsideArea');
	const phone = op.phone ? normalisePhone(op.phone) : null;
	if (op.phone && phone === null) throw new SyncRejection('validation.phone', { field: 'phone' });
	if ((op.latitude === undefined) !== (op.longitude === undefined)) throw new SyncRejection('validation.gpsPair', { field: 'latitude' });
	const [pkg] = await ctx.tx
		.select({ active: packages.active })
		.from(packages)
		.where(and(eq(packages.id, op.packageId), isNull(packages.deletedAt)));
	if (!pkg) throw new SyncRejection('sync.rejected.packageUnknown');
	if (!pkg.active) throw new SyncRejection('validation.packageInactive', { field: 'packageId' });

	const db = ctx.tx as unknown as Db;
	// Imported and phone-made customers may have no phone; the column allows it.
	const customerInput = {
		id: op.customerId,
		name: op.name,
		phone: phone as string,
		email: null,
		address: op.address,
		areaId: op.areaId,
		latitude: op.latitude ?? null,
		longitude: op.longitude ?? null,
		status: 'active',
		notes: op.note ?? null
	} satisfies z.output<typeof customerCreateInput>;
	const customer = await createCustomer(db, customerInput, ctx.actor);

	const routerId = await routerFor(ctx, op.areaId);
	const subscription = await createSubscription(
		db,
		{
			id: op.subscriptionId,
			customerId: op.customerId,
			packageId: op.packageId,
			routerId,
			serviceUsername: op.serviceUsername,
			servicePassword: op.servicePassword,
			startDate: op.startDate,
			autoRenew: true
		},
		ctx.ledger
	);
	return {
		customerId: customer.id,
		customerCode: customer.code,
		subscriptionId: subscription.id,
		routerId,
		/** `queued`: the router job is waiting; `office`: staff must choose the router first. */
		provisioning: routerId ? 'queued' : 'office'
	};
};
