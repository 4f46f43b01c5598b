import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db/index';
import { checkReadiness } from '$lib/server/readiness';

/** For load balancers and orchestrators: 200 once this instance can do its work, else 503 (see readiness.ts). */
export const GET: RequestHandler = async () => {
	const readiness = await checkReadiness(getDb(), getConfig().MIGRATIONS_DIR);
	return json(
		{ status: readiness.ready ? 'ready' : 'not_ready', ...readiness, serverTime: new Date().toISOString() },
		{ status: readiness.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
