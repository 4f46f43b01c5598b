import type { z } from 'zod';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { listOrFieldErrors, listParams } from '$lib/server/page-load';
import type { paymentListInput } from '$lib/shared/schemas/billing';

export const load = (async (event) => {
	const query = listParams(event.url, ['method', 'from', 'to', 'flagged']);
	// The procedure validates the query string; a bad value comes back as that filter's error.
	const { list, fieldErrors } = await listOrFieldErrors(callerFor(event).payments.list(query as z.input<typeof paymentListInput>), event.locals.lang);
	return { list, fieldErrors, query };
}) satisfies PageServerLoad;
