import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/index';
import { version } from '$app/environment';

/** For load balancers and uptime checks: 200 when the database answers, 503 when it does not. */
export const GET: RequestHandler = async () => {
	const started = performance.now();
	let database: { reachable: boolean; ms?: number; error?: string };
	try {
		await Promise.race([
			getDb().execute(sql`SELECT 1`),
			new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000))
		]);
		database = { reachable: true, ms: Math.round(performance.now() - started) };
	} catch (err) {
		database = { reachable: false, error: err instanceof Error ? err.message : String(err) };
	}
	return json(
		{ status: database.reachable ? 'ok' : 'degraded', database, version, serverTime: new Date().toISOString() },
		{ status: database.reachable ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
