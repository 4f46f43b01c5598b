import type { RequestHandler } from './$types';
import { getConfig } from '$lib/server/config';
import { appMetrics } from '$lib/server/metrics/app-metrics';
import { answerMetrics } from '$lib/server/metrics/endpoint';

/** Prometheus scrapes this with `authorization: Bearer <METRICS_TOKEN>`; see metrics/endpoint.ts. */
export const GET: RequestHandler = async ({ request }) => {
	const answer = await answerMetrics(request.headers.get('authorization'), getConfig().METRICS_TOKEN, appMetrics().registry);
	return new Response(answer.body, { status: answer.status, headers: answer.headers });
};
