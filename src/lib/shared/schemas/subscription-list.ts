import { z } from 'zod';
import { listInput } from './list';
import { SUBSCRIPTION_STATUSES } from '../domain';

/** A page of subscriptions for the REST list: newest first by default, filters combine. */
export const subscriptionListInput = listInput(
	{ createdAt: 'date', startDate: 'string' },
	{ sort: 'createdAt', dir: 'desc' },
	{
		customerId: z.uuid().optional(),
		areaId: z.uuid().optional(),
		packageId: z.uuid().optional(),
		routerId: z.uuid().optional(),
		status: z.enum(SUBSCRIPTION_STATUSES).optional()
	}
);
