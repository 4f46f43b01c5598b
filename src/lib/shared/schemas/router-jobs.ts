/** Inputs of the office's router job pages. */
import { z } from 'zod';
import { ROUTER_JOB_STATUSES } from '../domain';
import { listInput } from './list';

export const routerJobListInput = listInput(
	{ id: 'number' },
	{ sort: 'id', dir: 'desc' },
	{
		routerId: z.uuid().optional(),
		subscriptionId: z.uuid().optional(),
		status: z.enum(ROUTER_JOB_STATUSES).optional()
	}
);

export const routerJobIdInput = z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
