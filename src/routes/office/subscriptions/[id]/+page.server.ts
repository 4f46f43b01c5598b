import { error } from '@sveltejs/kit';
import { and, eq, isNull } from 'drizzle-orm';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { subscriptions } from '$lib/server/db/schema';
import { orNotFound } from '$lib/server/page-load';
import { localDateOf } from '$lib/shared/dates';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load = (async (event) => {
	if (!UUID_RE.test(event.params.id)) error(404, 'Not found');
	// No procedure answers "one subscription" yet: find its customer and the isolation details
	// here, then read everything else through customers.get, which applies the area checks.
	const [row] = await getDb()
		.select({
			customerId: subscriptions.customerId,
			isolationReason: subscriptions.isolationReason,
			isolatedAt: subscriptions.isolatedAt,
			isolationHoldUntil: subscriptions.isolationHoldUntil
		})
		.from(subscriptions)
		.where(and(eq(subscriptions.id, event.params.id), isNull(subscriptions.deletedAt)));
	if (!row) error(404, 'Not found');
	const caller = callerFor(event);
	const [account, invoices, packages] = await Promise.all([
		orNotFound(caller.customers.get({ id: row.customerId })),
		caller.invoices.list({ customerId: row.customerId, sort: 'periodStart', dir: 'desc', pageSize: 24 }),
		caller.packages.options()
	]);
	const subscription = account.subscriptions.find((s) => s.id === event.params.id);
	if (!subscription) error(404, 'Not found');
	const { isolationReason, isolatedAt, isolationHoldUntil } = row;
	return {
		customer: account.customer,
		subscription: { ...subscription, isolationReason, isolatedAt, isolationHoldUntil },
		invoices,
		packages,
		today: localDateOf(new Date(), getConfig().ISP_TIMEZONE)
	};
}) satisfies PageServerLoad;
