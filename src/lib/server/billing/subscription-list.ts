/**
 * Subscriptions as a keyset-paged list (REST `GET /api/v1/subscriptions`): filters by customer,
 * area, package, router and status, limited to the areas the caller sees; `search` matches the
 * service username or the customer's name or code.
 */
import { and, count, eq, inArray, isNull, like, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/index';
import { customers, packages, subscriptions } from '../db/schema';
import { paginate, type ListPage } from '../db/keyset';
import { visibleAreaIds } from '../catalogue/access';
import { likeContains } from '../db/search';
import type { Actor } from '../trpc/actor';
import type { subscriptionListInput } from '../../shared/schemas/subscription-list';

const SORT = { createdAt: subscriptions.createdAt, startDate: subscriptions.startDate };

export interface SubscriptionListRow {
	id: string;
	customerId: string;
	customerName: string;
	areaId: string;
	packageId: string;
	packageName: string;
	routerId: string | null;
	serviceUsername: string | null;
	status: 'active' | 'isolated' | 'terminated';
	isolationReason: 'arrears' | 'manual' | null;
	billingDay: number;
	startDate: string;
	paidThrough: string | null;
	createdAt: Date;
}

export async function listSubscriptions(db: Db, input: z.output<typeof subscriptionListInput>, actor: Actor): Promise<ListPage<SubscriptionListRow>> {
	const visible = await visibleAreaIds(db, actor);
	if (visible?.length === 0) return { rows: [], total: 0, nextCursor: null, prevCursor: null };
	const term = input.search ? likeContains(input.search) : null;
	const filter: SQL | undefined = and(
		isNull(subscriptions.deletedAt),
		visible ? inArray(customers.areaId, visible) : undefined,
		input.areaId ? eq(customers.areaId, input.areaId) : undefined,
		input.customerId ? eq(subscriptions.customerId, input.customerId) : undefined,
		input.packageId ? eq(subscriptions.packageId, input.packageId) : undefined,
		input.routerId ? eq(subscriptions.routerId, input.routerId) : undefined,
		input.status ? eq(subscriptions.status, input.status) : undefined,
		term ? or(like(subscriptions.serviceUsername, term), like(customers.name, term), like(customers.code, term)) : undefined
	);
	return paginate({
		input,
		columns: SORT,
		id: subscriptions.id,
		filter,
		rows: ({ where, orderBy, limit }) =>
			db
				.select({
					id: subscriptions.id,
					customerId: subscriptions.customerId,
					customerName: customers.name,
					areaId: customers.areaId,
					packageId: subscriptions.packageId,
					packageName: packages.name,
					routerId: subscriptions.routerId,
					serviceUsername: subscriptions.serviceUsername,
					status: subscriptions.status,
					isolationReason: subscriptions.isolationReason,
					billingDay: subscriptions.billingDay,
					startDate: subscriptions.startDate,
					paidThrough: subscriptions.paidThrough,
					createdAt: subscriptions.createdAt
				})
				.from(subscriptions)
				.innerJoin(customers, eq(customers.id, subscriptions.customerId))
				.innerJoin(packages, eq(packages.id, subscriptions.packageId))
				.where(where)
				.orderBy(...orderBy)
				.limit(limit),
		count: async (where) =>
			(await db.select({ n: count() }).from(subscriptions).innerJoin(customers, eq(customers.id, subscriptions.customerId)).where(where))[0].n
	});
}
