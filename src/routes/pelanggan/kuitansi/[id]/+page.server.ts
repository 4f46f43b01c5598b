import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/index';
import { portalReceipt } from '$lib/server/portal/view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load = (async ({ locals, params }) => {
	// Someone else's receipt, a voiding entry or a made-up id: the same 404.
	const receipt = UUID.test(params.id) ? await portalReceipt(getDb(), locals.customer!.customerId, params.id) : null;
	if (!receipt) error(404, 'Not found');
	return receipt;
}) satisfies PageServerLoad;
