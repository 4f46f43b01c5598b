/**
 * Live subscriptions on no router: nothing provisions them until the office picks one. They come
 * from field installations in an area that names no router while the ISP runs several.
 */
import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/index';
import { areas, customers, packages, subscriptions } from '../db/schema';

export interface WaitingSubscription {
	subscriptionId: string;
	customerId: string;
	customerCode: string;
	customerName: string;
	areaName: string;
	packageName: string;
	serviceUsername: string | null;
	createdAt: Date;
}

/** The oldest `limit` waiting (the longest without service first) and how many wait in all. */
export async function subscriptionsWaitingForRouter(db: Db, limit: number): Promise<{ total: number; rows: WaitingSubscription[] }> {
	const waiting = and(isNull(subscriptions.routerId), ne(subscriptions.status, 'terminated'), isNull(subscriptions.deletedAt));
	const [rows, [{ n }]] = await Promise.all([
		db
			.select({
				subscriptionId: subscriptions.id,
				customerId: customers.id,
				customerCode: customers.code,
				customerName: customers.name,
				areaName: areas.name,
				packageName: packages.name,
				serviceUsername: subscriptions.serviceUsername,
				createdAt: subscriptions.createdAt
			})
			.from(subscriptions)
			.innerJoin(customers, eq(customers.id, subscriptions.customerId))
			.innerJoin(areas, eq(areas.id, customers.areaId))
			.innerJoin(packages, eq(packages.id, subscriptions.packageId))
			.where(waiting)
			.orderBy(asc(subscriptions.createdAt), asc(subscriptions.id))
			.limit(limit),
		db.select({ n: count() }).from(subscriptions).where(waiting)
	]);
	return { total: Number(n), rows };
}
