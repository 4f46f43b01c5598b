import type { z } from 'zod';
import type { PageServerLoad } from './$types';
import { callerFor } from '$lib/server/trpc/caller';
import { listOrFieldErrors, listParams } from '$lib/server/page-load';
import type { paymentListInput } from '$lib/shared/schemas/billing';
import type { PaymentMethod } from '$lib/shared/domain';

export const load = (async (event) => {
	const query = listParams(event.url, ['method', 'from', 'to']);
	// The procedure validates the query string; a bad value comes back as that filter's error.
	const { list, fieldErrors } = await listOrFieldErrors(callerFor(event).payments.list(query as z.input<typeof paymentListInput>), event.locals.lang);
	// listPayments marks voided rows only on a non-empty page; its declared type does not carry the mark.
	const rows = list.rows.map((r) => ({ ...r, method: r.method as PaymentMethod, voided: 'voided' in r && r.voided === true }));
	return { list: { ...list, rows }, fieldErrors, query };
}) satisfies PageServerLoad;
