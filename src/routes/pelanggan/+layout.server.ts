import type { LayoutServerLoad } from './$types';
import { getDb } from '$lib/server/db/index';
import { readIspProfile } from '$lib/server/settings/profile';

export const load = (async ({ locals, setHeaders }) => {
	// A customer's own data: never cached, never indexed, never sent on as a Referer.
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin', 'x-robots-tag': 'noindex' });
	const isp = await readIspProfile(getDb());
	return { ispName: isp.name, ispPhone: isp.phone, signedIn: locals.customer !== null };
}) satisfies LayoutServerLoad;
